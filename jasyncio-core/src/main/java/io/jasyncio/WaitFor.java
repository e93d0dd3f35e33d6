package io.jasyncio;

import io.jasyncio.internal.WaitFuture;

import java.util.function.Consumer;

/**
 * {@link Asyncio#waitFor}: asyncio 3.12's {@code wait_for}, built on {@link Timeout}.
 * Loop-confined.
 */
final class WaitFor {
    private WaitFor() {}

    static <T> T await(Future<T> future, double timeout) {
        if (Double.isNaN(timeout)) {
            throw new IllegalArgumentException("timeout is NaN");
        }
        if (timeout <= 0) {
            // SEMANTICS 15: a done future still gives its result; anything else is cancelled at once
            // (a task that has not started never runs its body).
            if (future.done()) {
                return future.result();
            }
            cancelAndWait(future);
            try {
                return future.result();
            } catch (CancelledError e) {
                throw new TimeoutError(null, e);
            }
        }
        // SEMANTICS 14: on expiry the timeout cancels this task, which cancels the awaited future
        // and keeps waiting until it is really done; a value it returns anyway is returned.
        return Timeout.after(timeout).run(future::await);
    }

    /**
     * A coroutine: asyncio 3.12's {@code wait_for} awaits it in the caller's task, under a
     * timeout, so a coroutine that swallows the cancellation keeps running in the caller and the
     * caller's own cancellation reaches it directly. Only a timeout of 0 or less wraps it in a task,
     * cancelled before it starts.
     */
    static <T> T run(Coroutine<T> coroutine, double timeout) {
        if (Double.isNaN(timeout) || timeout <= 0) {
            return await(Asyncio.getRunningLoop().createTask(coroutine), timeout);
        }
        return Timeout.after(timeout).run(coroutine);
    }

    /** Cancels the future and suspends until it is done (its cleanup has run). */
    private static void cancelAndWait(Future<?> future) {
        EventLoop loop = Task.current("waitFor()").loop;
        Future<Void> waiter = new WaitFuture<>(loop, future, "waitFor (cancelling)");
        Consumer<Future<?>> release = f -> {
            if (!waiter.done()) {
                waiter.setResult(null);
            }
        };
        future.addDoneCallback(release);
        try {
            future.cancel();
            waiter.await();
        } finally {
            future.removeDoneCallback(release);
        }
    }
}
