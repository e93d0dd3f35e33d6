package io.jasyncio.examples.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The redis-jobs example against a real redis-server the example starts on 127.0.0.1. */
class RedisJobsTest {
    @Test
    void aKilledConsumersJobsAreClaimedByTheOtherAndNothingIsLost() {
        boolean ci = "true".equals(System.getenv("CI"));
        if (!ci) {
            assumeTrue(LocalRedis.installed(), "redis-server is not installed: apt-get install redis-server");
        }
        String out = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
                new RedisJobs().run(ps);
            }
            return bytes.toString(StandardCharsets.UTF_8);
        });
        assertEquals("""
                2 producers queued 10 jobs on stream 'jobs'
                consumer-1 holding 3 jobs, then is killed before acknowledging them
                consumer-2 took over 3 jobs of a dead consumer (XAUTOCLAIM) and did 7 new ones
                consumer-2 exited with code 0
                10 of 10 results present and correct; 0 jobs pending
                """, out);
    }
}
