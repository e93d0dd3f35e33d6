package io.jasyncio;

import io.jasyncio.internal.WaitFuture;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;

/** {@link Asyncio#wait}: asyncio 3.12's {@code wait}/{@code _wait}. Loop-confined. */
final class Waiting {
    private Waiting() {}

    static <T> DoneAndPending<T> await(Iterable<? extends Future<T>> futures, double timeout, ReturnWhen returnWhen) {
        if (futures == null) {
            throw new NullPointerException("futures");
        }
        Set<Future<T>> fs = new LinkedHashSet<>();
        for (Future<T> f : futures) {
            fs.add(f);
        }
        if (fs.isEmpty()) {
            throw new IllegalArgumentException("Set of Tasks/Futures is empty.");
        }
        if (returnWhen == null) {
            throw new NullPointerException("returnWhen");
        }
        if (Double.isNaN(timeout)) {
            throw new IllegalArgumentException("timeout is NaN");
        }
        EventLoop loop = Task.current("wait()").loop;
        Future<Void> waiter = new WaitFuture<>(loop, fs, "wait");
        TimerHandle timer = timeout == Double.POSITIVE_INFINITY ? null : loop.callLater(timeout, () -> {
            if (!waiter.done()) {
                waiter.setResult(null);
            }
        });
        int[] remaining = {fs.size()};
        Consumer<Future<T>> onCompletion = f -> {
            remaining[0]--;
            if (remaining[0] <= 0 || returnWhen == ReturnWhen.FIRST_COMPLETED
                    || (returnWhen == ReturnWhen.FIRST_EXCEPTION && !f.cancelled() && f.exception() != null)) {
                if (timer != null) {
                    timer.cancel();
                }
                if (!waiter.done()) {
                    waiter.setResult(null);
                }
            }
        };
        for (Future<T> f : fs) {
            f.addDoneCallback(onCompletion);
        }
        try {
            waiter.await();
        } finally {
            if (timer != null) {
                timer.cancel();
            }
            for (Future<T> f : fs) {
                f.removeDoneCallback(onCompletion);
            }
        }
        Set<Future<T>> done = new LinkedHashSet<>();
        Set<Future<T>> pending = new LinkedHashSet<>();
        for (Future<T> f : fs) {
            (f.done() ? done : pending).add(f);
        }
        return new DoneAndPending<>(Collections.unmodifiableSet(done), Collections.unmodifiableSet(pending));
    }
}
