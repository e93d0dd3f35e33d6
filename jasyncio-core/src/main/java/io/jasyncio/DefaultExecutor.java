package io.jasyncio;

import io.jasyncio.internal.Threads;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The loop's default executor: platform threads (never virtual ones, which would inherit the loop
 * as scheduler when started from a task), sized like Python's {@code ThreadPoolExecutor}:
 * {@code min(32, cpus + 4)} workers that time out when idle. It remembers its threads so that
 * shutting it down can wait until they have ended, as Python's {@code shutdown(wait=True)} does.
 */
final class DefaultExecutor extends ThreadPoolExecutor {
    private final Queue<Thread> threads;

    private DefaultExecutor(int workers, ThreadFactory factory, Queue<Thread> threads) {
        super(workers, workers, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
        this.threads = threads;
        allowCoreThreadTimeOut(true);
    }

    static ExecutorService create(long loopId) {
        int workers = Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
        Queue<Thread> threads = new ConcurrentLinkedQueue<>();
        ThreadFactory platform = Thread.ofPlatform().name("jasyncio-executor-" + loopId + "-", 0).daemon().factory();
        return new DefaultExecutor(workers, r -> {
            Thread t = platform.newThread(r);
            threads.removeIf(old -> old.getState() == Thread.State.TERMINATED); // idle workers time out
            threads.add(t);
            return t;
        }, threads);
    }

    /** Shuts the executor down and waits until its work is done (and, for ours, its threads ended). */
    static void shutdownAndWait(ExecutorService ex) {
        ex.shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                if (ex.awaitTermination(1, TimeUnit.DAYS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (ex instanceof DefaultExecutor d) {
            for (Thread t : d.threads) {
                Threads.joinUninterruptibly(t);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
