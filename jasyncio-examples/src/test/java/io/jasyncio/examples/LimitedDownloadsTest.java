package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LimitedDownloadsTest {
    @Test
    void atMostThreeDownloadsRunAtATime() throws Exception {
        assertEquals("""
                t=0 start  file-1 (1 running)
                t=0 start  file-2 (2 running)
                t=0 start  file-3 (3 running)
                t=1 finish file-2
                t=1 start  file-4 (3 running)
                t=2 finish file-3
                t=2 start  file-5 (3 running)
                t=3 finish file-1
                t=3 finish file-4
                t=3 finish file-5
                t=3 start  file-6 (1 running)
                t=3 start  file-7 (2 running)
                t=3 start  file-8 (3 running)
                t=4 finish file-7
                t=5 finish file-8
                t=6 finish file-6
                all done at t=6, at most 3 at a time
                """, ExampleOutput.of(new LimitedDownloads()));
    }
}
