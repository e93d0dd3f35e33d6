package io.jasyncio.bench;

import io.jasyncio.Future;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.infra.Blackhole;


/**
 * Awaiting a future that is already done: it must return its result without suspending the task
 * (asyncio does not yield there either). A callback queued before the loop of awaits would run if
 * any await suspended; the benchmark fails if it did. Time is per await.
 */
public class AwaitDoneFuture extends OnLoop {
    static final int AWAITS = 1_000_000;

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
