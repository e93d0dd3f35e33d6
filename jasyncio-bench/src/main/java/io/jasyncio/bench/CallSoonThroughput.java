package io.jasyncio.bench;

import io.jasyncio.Future;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;


/**
 * {@code callSoon} throughput, two ways (micro.py's {@code call_soon_batch} and
 * {@code call_soon_chain}): a task schedules 1,000 callbacks, the last of which completes a future
 * it awaits, and repeats; or each callback schedules the next, so only one is ready per loop turn.
 * Time is per callback.
 */
public class CallSoonThroughput extends OnLoop {
    static final int CALLBACKS = 300_000;
    static final int BATCH = 1_000;

    /** Written by every callback so that the callbacks do observable work. */
    private long calls;

    @Benchmark
    @OperationsPerInvocation(CALLBACKS)
    public long batchOf1000() {
        long start = calls;
        Runnable count = () -> calls++;
        loop.runUntilComplete(() -> {
            for (int b = 0; b < CALLBACKS / BATCH; b++) {
                for (int i = 0; i < BATCH - 1; i++) {
                    loop.callSoon(count);
                }
                Future<Void> last = loop.createFuture();
                loop.callSoon(() -> last.setResult(null));
                last.await();
            }
            return null;
        });
        return check(start, CALLBACKS / BATCH * (BATCH - 1));
    }

    @Benchmark
    @OperationsPerInvocation(CALLBACKS)
    public long chain() {
        long start = calls;
        loop.runUntilComplete(() -> {
            Future<Void> done = loop.createFuture();
            loop.callSoon(new Link(done));
            done.await();
            return null;
        });
        return check(start, CALLBACKS);
    }

    private long check(long start, long expected) {
        if (calls - start != expected) {
            throw new IllegalStateException("expected " + expected + " callbacks, ran " + (calls - start));
        }
        return calls;
    }

    /** A callback that schedules itself again until it has run {@link #CALLBACKS} times. */
    private final class Link implements Runnable {
        private final Future<Void> done;
        private int left = CALLBACKS;

        Link(Future<Void> done) {
            this.done = done;
        }

        @Override
        public void run() {
            calls++;
            if (--left == 0) {
                done.setResult(null);
            } else {
                loop.callSoon(this);
            }
        }
    }
}
