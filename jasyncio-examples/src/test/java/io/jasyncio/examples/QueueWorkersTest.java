package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class QueueWorkersTest {
    @Test
    void printsEachWorkersSleepThenTheTotals() throws Exception {
        assertEquals("""
                worker-1 has slept for 0.23 seconds
                worker-1 has slept for 0.14 seconds
                worker-0 has slept for 0.64 seconds
                worker-2 has slept for 0.93 seconds
                worker-1 has slept for 0.60 seconds
                worker-2 has slept for 0.05 seconds
                worker-0 has slept for 0.52 seconds
                worker-2 has slept for 0.34 seconds
                worker-1 has slept for 0.52 seconds
                worker-0 has slept for 0.72 seconds
                worker-2 has slept for 0.79 seconds
                worker-1 has slept for 0.73 seconds
                worker-0 has slept for 0.38 seconds
                worker-0 has slept for 0.39 seconds
                worker-1 has slept for 0.52 seconds
                worker-1 has slept for 0.35 seconds
                worker-2 has slept for 0.98 seconds
                worker-0 has slept for 0.70 seconds
                worker-2 has slept for 0.31 seconds
                worker-1 has slept for 0.50 seconds
                ====
                3 workers slept in parallel for 3.59 seconds
                total expected sleep time: 10.36 seconds
                """, ExampleOutput.of(new QueueWorkers()));
    }
}
