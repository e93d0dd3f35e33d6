package io.jasyncio;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The loop's default executor: platform threads (never virtual ones, which would inherit the loop
 * as scheduler when started from a task), sized like Python's {@code ThreadPoolExecutor}:
 * {@code min(32, cpus + 4)} workers that time out when idle.
 */
final class DefaultExecutor {
    private DefaultExecutor() {}

    static ExecutorService create(long loopId) {
        int workers = Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
        ThreadPoolExecutor ex = new ThreadPoolExecutor(workers, workers, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                Thread.ofPlatform().name("jasyncio-executor-" + loopId + "-", 0).daemon().factory());
        ex.allowCoreThreadTimeOut(true);
        return ex;
    }

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
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
