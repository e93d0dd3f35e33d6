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
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * Awaiting a future that is already done: it must return its result without suspending the task
 * (asyncio does not yield there either). A callback queued before the loop of awaits would run if
 * any await suspended; the benchmark fails if it did. Time is per await.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AwaitDoneFuture {
    static final int AWAITS = 1_000_000;

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
    @OperationsPerInvocation(AWAITS)
    public void awaitDone(Blackhole bh) {
        loop.runUntilComplete(() -> {
            Future<Integer> f = loop.createFuture();
            f.setResult(7);
            boolean[] suspended = {false};
            loop.callSoon(() -> suspended[0] = true);
            for (int i = 0; i < AWAITS; i++) {
                bh.consume(f.await());
            }
            if (suspended[0]) {
                throw new IllegalStateException("await() of a done future suspended the task");
            }
            return null;
        });
    }
}
