package io.jasyncio.bench;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Future round trip (micro.py's {@code future_roundtrip}): a task creates a future, schedules
 * {@code setResult} with {@code callSoon} and awaits it, so each round parks the task, runs the
 * callback and resumes the task. Time is per future.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FutureRoundTrip {
    static final int ROUNDS = 200_000;

    private EventLoop loop;

    @Setup
    public void open() {
        loop = LoopFixture.open("loop");
    }

    @TearDown
    public void close() {
        loop.close();
    }

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
