package io.jasyncio.bench;

import io.jasyncio.Future;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;


/**
 * Future round trip (micro.py's {@code future_roundtrip}): a task creates a future, schedules
 * {@code setResult} with {@code callSoon} and awaits it, so each round parks the task, runs the
 * callback and resumes the task. Time is per future.
 */
public class FutureRoundTrip extends OnLoop {
    static final int ROUNDS = 200_000;

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public long createSetAwait() {
        return loop.runUntilComplete(() -> {
            long sum = 0;
            for (int i = 0; i < ROUNDS; i++) {
                Future<Integer> f = loop.createFuture();
                loop.callSoon(() -> f.setResult(1));
                sum += f.await();
            }
            return sum;
        });
    }
}
