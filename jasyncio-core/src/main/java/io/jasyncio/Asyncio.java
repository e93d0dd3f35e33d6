package io.jasyncio;

import java.util.Set;

/**
 * The {@code asyncio} module: static entry points, named as asyncio names them (snake_case becomes
 * camelCase). Suspending methods may only be called from a task; elsewhere they throw
 * {@link IllegalStateException} ("no running event loop").
 */
public final class Asyncio {
    private Asyncio() {}

    // ----- running -----

    /**
     * Runs {@code main} as a task on a new event loop and returns its result: asyncio's
     * {@code asyncio.run}. Afterwards, leftover tasks are cancelled and awaited, the default
     * executor is shut down and the loop is closed. Callable from any thread that does not run a
     * loop already (a virtual thread too).
     */
    public static <T> T run(Coroutine<T> main) {
        return run(main, false);
    }

    /** {@link #run(Coroutine)} with debug mode on or off. */
    public static <T> T run(Coroutine<T> main, boolean debug) {
        try (Runner runner = new Runner(debug)) {
            return runner.run(main);
        }
    }

    /** {@link #run(Coroutine)} for a coroutine without a value. */
    public static void run(VoidCoroutine main) {
        run(main.asCoroutine(), false);
    }

    /** {@link #run(Coroutine, boolean)} for a coroutine without a value. */
    public static void run(VoidCoroutine main, boolean debug) {
        run(main.asCoroutine(), debug);
    }

    // ----- the running loop and its tasks -----

    /**
     * The loop running the calling task or callback.
     *
     * @throws IllegalStateException if there is none ("no running event loop")
     */
    public static EventLoop getRunningLoop() {
        Object c = EventLoop.context();
        EventLoop loop = c instanceof Task<?> t ? t.loop : c instanceof EventLoop l ? l : null;
        if (loop == null || !loop.isRunning()) {
            throw new IllegalStateException("no running event loop");
        }
        return loop;
    }

    /** A new event loop. */
    public static EventLoop newEventLoop() {
        return EventLoop.newEventLoop();
    }

    /** The task running the caller, or null in a plain callback. */
    public static Task<?> currentTask() {
        Object c = EventLoop.context();
        if (c instanceof Task<?> t) {
            return t;
        }
        getRunningLoop(); // throws when there is no loop at all
        return null;
    }

    /** The pending tasks of the running loop. */
    public static Set<Task<?>> allTasks() {
        return getRunningLoop().allTasks();
    }

    /** Schedules the coroutine as a task on the running loop. */
    public static <T> Task<T> createTask(Coroutine<T> coroutine) {
        return getRunningLoop().createTask(coroutine);
    }

    /** Schedules the coroutine as a named task on the running loop. */
    public static <T> Task<T> createTask(Coroutine<T> coroutine, String name) {
        return getRunningLoop().createTask(coroutine, name);
    }

    /** Schedules a coroutine without a value as a task on the running loop. */
    public static Task<Void> createTask(VoidCoroutine coroutine) {
        return getRunningLoop().createTask(coroutine);
    }

    /** Schedules a coroutine without a value as a named task on the running loop. */
    public static Task<Void> createTask(VoidCoroutine coroutine, String name) {
        return getRunningLoop().createTask(coroutine, name);
    }

    // ----- sleeping -----

    /**
     * Suspends the calling task for {@code seconds}. {@code sleep(0)} (or less) yields exactly once:
     * the task goes behind every callback that is ready.
     *
     * @throws CancelledError if the task is cancelled meanwhile
     */
    public static void sleep(double seconds) {
        sleep(seconds, null);
    }

    /** {@link #sleep(double)}, then returns {@code result}. */
    public static <T> T sleep(double seconds, T result) {
        Task<?> task = Task.current("sleep()");
        if (!(seconds > 0)) {
            if (Double.isNaN(seconds)) {
                throw new IllegalArgumentException("sleep(NaN)");
            }
            task.yieldOnce();
            return result;
        }
        EventLoop loop = task.loop;
        if (loop.closing) {
            throw new CancelledError("the event loop is closed");
        }
        Future<T> f = loop.createFuture();
        TimerHandle h = loop.callLater(seconds, () -> {
            if (!f.done()) {
                f.setResult(result);
            }
        });
        try {
            return f.await();
        } finally {
            h.cancel();
        }
    }
}
