package io.jasyncio;

import java.util.concurrent.Callable;

/**
 * A call made on another thread by {@link EventLoop#runInExecutor}; its outcome is handed back to
 * the loop with {@code callSoonThreadsafe}. Skipped if the future was cancelled before it started.
 */
final class OffloadedCall<T> implements Runnable {
    private final EventLoop loop;
    private final Future<T> future;
    private final Callable<T> fn;
    private volatile boolean cancelled;

    OffloadedCall(EventLoop loop, Future<T> future, Callable<T> fn) {
        this.loop = loop;
        this.future = future;
        this.fn = fn;
        future.addDoneCallback(f -> {
            if (f.cancelled()) {
                cancelled = true;
            }
        });
    }

    @Override
    public void run() {
        Runnable outcome;
        if (cancelled) {
            outcome = () -> { };
        } else {
            outcome = call();
        }
        try {
            loop.callSoonThreadsafe(() -> {
                loop.releaseVirtualClock();
                outcome.run();
            });
        } catch (IllegalStateException closed) {
            // The loop closed while the call ran: nobody can await the outcome any more.
        }
    }

    private Runnable call() {
        Runnable outcome;
        try {
            T value = fn.call();
            outcome = () -> {
                if (!future.done()) {
                    future.setResult(value);
                }
            };
        } catch (Throwable t) {
            outcome = () -> {
                if (!future.done()) {
                    future.setException(t);
                }
            };
        }
        return outcome;
    }
}
