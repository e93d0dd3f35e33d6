package io.jasyncio;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * The doors between the loop and other threads: {@link Asyncio#toThread},
 * {@link Asyncio#runCoroutineThreadsafe} and {@link Asyncio#wrapFuture}. Cancellation crosses each
 * door in both directions where the other side can be cancelled.
 */
final class Bridges {
    private Bridges() {}

    /** asyncio's {@code to_thread}: {@code fn} runs on a worker thread in a copy of the caller's context. */
    static <T> T toThread(Callable<T> fn) {
        if (fn == null) {
            throw new NullPointerException("fn must not be null");
        }
        EventLoop loop = Task.current("toThread()").loop;
        Context context = Context.copyContext();
        return loop.runInExecutor(null, () -> context.run(fn::call)).await();
    }

    /** Thread-safe: schedules the coroutine on {@code loop} and mirrors its task into the result. */
    static <T> CompletableFuture<T> runCoroutineThreadsafe(Coroutine<T> coroutine, EventLoop loop) {
        if (coroutine == null) {
            throw new NullPointerException("coroutine must not be null");
        }
        @SuppressWarnings("unchecked")
        Task<T>[] task = new Task[1]; // written and read on the loop thread only
        CompletableFuture<T> result = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                boolean cancelled = super.cancel(mayInterruptIfRunning);
                if (cancelled && !loop.isClosed()) {
                    loop.callSoonThreadsafe(() -> {
                        if (task[0] != null) {
                            task[0].cancel();
                        }
                    });
                }
                return cancelled;
            }
        };
        loop.callSoonThreadsafe(() -> {
            if (result.isDone()) {
                return; // cancelled before it could start
            }
            Task<T> t = loop.createTask(coroutine);
            task[0] = t;
            t.addDoneCallback(f -> {
                if (f.cancelled()) {
                    result.cancel(false);
                } else if (f.exception() != null) {
                    result.completeExceptionally(f.exception());
                } else {
                    result.complete(f.result());
                }
            });
        });
        return result;
    }

    /**
     * A future of the running loop that follows {@code stage}; cancelling it cancels the stage.
     * Unlike {@link EventLoop#runInExecutor}, it does not hold a virtual clock: the stage may well
     * be completed by the loop's own timers (a coroutine submitted with runCoroutineThreadsafe),
     * and a held virtual clock would never reach them.
     */
    static <T> Future<T> wrap(CompletionStage<T> stage) {
        EventLoop loop = Task.current("wrapFuture()").loop;
        Future<T> f = loop.createFuture();
        stage.whenComplete((value, error) -> {
            try {
                loop.callSoonThreadsafe(() -> {
                    if (f.done()) {
                        return;
                    }
                    Throwable cause = unwrap(error);
                    if (cause == null) {
                        f.setResult(value);
                    } else if (cause instanceof CancellationException c) {
                        f.cancel(c.getMessage());
                    } else {
                        f.setException(cause);
                    }
                });
            } catch (IllegalStateException closed) {
                // the loop closed: nobody awaits the outcome any more
            }
        });
        f.addDoneCallback(x -> {
            if (x.cancelled()) {
                CompletableFuture<T> cf;
                try {
                    cf = stage.toCompletableFuture();
                } catch (UnsupportedOperationException notCancellable) {
                    return;
                }
                cf.cancel(true);
            }
        });
        return f;
    }

    /**
     * A future of the running loop that follows a plain {@link java.util.concurrent.Future}: a
     * thread of the default executor waits for it. Cancelling the result calls {@code cancel(true)}.
     */
    static <T> Future<T> wrap(java.util.concurrent.Future<T> source) {
        if (source instanceof CompletionStage<?>) {
            @SuppressWarnings("unchecked")
            CompletionStage<T> stage = (CompletionStage<T>) source;
            return wrap(stage);
        }
        EventLoop loop = Task.current("wrapFuture()").loop;
        Future<T> f = loop.createFuture();
        Future<T> waiting = loop.runInExecutor(null, source::get);
        waiting.addDoneCallback(w -> {
            if (f.done()) {
                return;
            }
            if (w.cancelled()) {
                f.cancel();
                return;
            }
            Throwable cause = unwrap(w.exception());
            if (cause == null) {
                f.setResult(w.result());
            } else if (cause instanceof CancellationException c) {
                f.cancel(c.getMessage());
            } else {
                f.setException(cause);
            }
        });
        f.addDoneCallback(x -> {
            if (x.cancelled()) {
                source.cancel(true);
                waiting.cancel();
            }
        });
        return f;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
