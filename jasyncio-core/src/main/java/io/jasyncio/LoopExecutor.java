package io.jasyncio;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * A loop's link to other threads for blocking work: {@code run_in_executor}, the default executor
 * and its shutdown. Loop-confined; the work itself runs elsewhere and reports back through
 * {@code callSoonThreadsafe}.
 */
final class LoopExecutor {
    private final EventLoop loop;
    private final long loopId;
    private ExecutorService defaultExecutor;
    private boolean shutdownCalled;

    LoopExecutor(EventLoop loop, long loopId) {
        this.loop = loop;
        this.loopId = loopId;
    }

    <T> Future<T> submit(Executor executor, Callable<T> fn) {
        Future<T> f = loop.createFuture();
        Executor ex = executor != null ? executor : defaultExecutor();
        OffloadedCall<T> call = new OffloadedCall<>(loop, f, fn);
        loop.holdVirtualClock();
        try {
            ex.execute(call);
        } catch (RejectedExecutionException e) {
            loop.releaseVirtualClock();
            f.setException(e);
        }
        return f;
    }

    void setDefault(ExecutorService executor) {
        defaultExecutor = executor;
    }

    private Executor defaultExecutor() {
        if (shutdownCalled) {
            throw new IllegalStateException("Executor shutdown has been called");
        }
        ExecutorService ex = defaultExecutor;
        if (ex == null) {
            ex = DefaultExecutor.create(loopId);
            defaultExecutor = ex;
        }
        return ex;
    }

    /** Suspends the calling task until the default executor has shut down and its threads ended. */
    void shutdownAndAwait() {
        shutdownCalled = true;
        ExecutorService ex = defaultExecutor;
        if (ex == null) {
            return;
        }
        Future<Void> done = loop.createFuture();
        loop.holdVirtualClock();
        Thread.ofPlatform().name("jasyncio-executor-shutdown").daemon().start(() -> {
            DefaultExecutor.shutdownAndWait(ex);
            try {
                loop.callSoonThreadsafe(() -> {
                    loop.releaseVirtualClock();
                    if (!done.done()) {
                        done.setResult(null);
                    }
                });
            } catch (IllegalStateException closedMeanwhile) {
                // nobody waits any more
            }
        });
        done.await();
    }

    /** At loop close: no new work, no waiting (asyncio's {@code shutdown(wait=False)}). */
    void shutdownWithoutWaiting() {
        ExecutorService ex = defaultExecutor;
        if (ex != null) {
            ex.shutdown();
        }
    }
}
