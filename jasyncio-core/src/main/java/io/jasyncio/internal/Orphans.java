package io.jasyncio.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs task steps that arrive after their loop closed (a task that was blocked in a JDK call when
 * the loop closed wakes up later). The step raises {@code CancelledError} at the task's next await
 * and the task ends, so its virtual thread does not stay reachable forever (DESIGN §7 hazard 2).
 */
public final class Orphans {
    private static final ExecutorService EXECUTOR = new ThreadPoolExecutor(0, 1, 5, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), Thread.ofPlatform().name("jasyncio-orphans").daemon().factory());

    private static final java.util.concurrent.atomic.AtomicLong COUNT = new java.util.concurrent.atomic.AtomicLong();

    private Orphans() {}

    /** How many steps arrived after their loop closed (tests check that JDK threads never do). */
    public static long count() {
        return COUNT.get();
    }

    /** Runs the step on the fallback thread; never throws. */
    public static void run(Runnable step) {
        COUNT.incrementAndGet();
        try {
            EXECUTOR.execute(step);
        } catch (RuntimeException e) {
            // Impossible with an unbounded queue and a never-shut-down pool.
        }
    }
}
