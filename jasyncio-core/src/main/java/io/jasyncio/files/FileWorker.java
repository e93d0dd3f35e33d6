package io.jasyncio.files;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.internal.LoopHooks;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The platform threads that make the blocking file calls, and the way back to the loop. Thread-safe.
 *
 * <p>A bounded pool of its own ({@code -Djasyncio.files.threads}, default {@code max(4, cpus)}),
 * not the loop's default executor: a burst of file work must not starve {@code toThread} users,
 * and the threads are platform ones because file I/O does not park a virtual thread, it pins
 * its carrier (DESIGN §7 hazards 4 and 6). aiofiles runs every call through the loop's default
 * executor, one hop per call; {@link AsyncFile} batches reads and writes so that most calls need
 * no hop at all.
 */
final class FileWorker {
    static final int THREADS = Integer.getInteger("jasyncio.files.threads",
            Math.max(4, Runtime.getRuntime().availableProcessors()));

    static final ExecutorService EXECUTOR = executor();

    /** How many calls went to a worker: tests check that a line loop pays one per chunk, not per line. */
    static final java.util.concurrent.atomic.AtomicLong HOPS = new java.util.concurrent.atomic.AtomicLong();

    private FileWorker() {}

    private static ExecutorService executor() {
        ThreadPoolExecutor ex = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                Thread.ofPlatform().name("jasyncio-files-", 0).daemon().factory());
        ex.allowCoreThreadTimeOut(true);
        return ex;
    }

    /**
     * Runs {@code io} on a worker thread and returns a future of {@code loop} that completes
     * with its outcome. {@code apply} runs on the loop with the result just before the future
     * completes, whether or not anyone still awaits it: an operation whose caller was cancelled
     * still lands in the file object's state, so the state always matches the file.
     */
    static <T> Future<T> submit(EventLoop loop, Callable<T> io, Consumer<T> apply) {
        Future<T> done = loop.createFuture();
        HOPS.incrementAndGet();
        LoopHooks.holdVirtualClock(loop); // another thread calls back: a virtual clock must wait for it
        EXECUTOR.execute(() -> {
            Runnable outcome;
            try {
                T value = io.call();
                outcome = () -> {
                    try {
                        apply.accept(value);
                        done.setResult(value);
                    } catch (Throwable t) {
                        done.setException(t);
                    }
                };
            } catch (Throwable t) {
                outcome = () -> done.setException(t);
            }
            Runnable landing = outcome;
            try {
                loop.callSoonThreadsafe(() -> {
                    LoopHooks.releaseVirtualClock(loop);
                    landing.run();
                });
            } catch (IllegalStateException closed) {
                // The loop closed meanwhile; its close() closed the file, nobody awaits the result.
            }
        });
        return done;
    }

    /** Runs {@code work} on a worker; it reports back to the loop by itself. */
    static void execute(Runnable work) {
        HOPS.incrementAndGet();
        EXECUTOR.execute(work);
    }

    /**
     * Suspends until {@code op} is done and returns its result; cancelling the caller does not
     * cancel {@code op} (it runs on, and lands, as {@link #submit} says).
     *
     * @throws CancelledError if the calling task is cancelled
     */
    static <T> T await(Future<T> op) {
        return Asyncio.shield(op).await();
    }

    /**
     * Suspends until {@code op} is done, ignoring its failure (its own caller saw it).
     *
     * @throws CancelledError if the calling task is cancelled ({@code op} itself is never cancelled)
     */
    static void settle(Future<?> op) {
        if (op == null || op.done()) {
            return;
        }
        try {
            Asyncio.shield(op).await();
        } catch (CancelledError e) {
            throw e;
        } catch (Throwable failedOp) {
            // reported to whoever awaited op
        }
    }

    /**
     * A one-off blocking call for the {@code aiofiles.os} helpers: runs {@code fn} on a worker and
     * suspends for its result. Cancelling the caller skips {@code fn} if it has not started yet.
     *
     * @throws CancelledError if the calling task is cancelled
     */
    static <T> T call(Callable<T> fn) {
        HOPS.incrementAndGet();
        return Asyncio.getRunningLoop().runInExecutor(EXECUTOR, fn).await();
    }
}
