package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Real threads are involved: the run is bounded in time. */
class ThreadFeedTest {
    @Test
    void theTaskReceivesEveryReadingOfTheThreadInOrder() throws Exception {
        String output = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> ExampleOutput.of(new ThreadFeed()));
        assertEquals("""
                task got reading 1, running sum 1
                task got reading 4, running sum 5
                task got reading 9, running sum 14
                task got reading 16, running sum 30
                task got reading 25, running sum 55
                task got reading 36, running sum 91
                sensor thread finished; total 91
                """, output);
    }
}
