package io.jasyncio.internal;

/**
 * How a loop runs its tasks' threads so that exactly one piece of the loop's work runs at a time.
 *
 * <p>Two implementations: {@link LoopScheduler}, where a task is a virtual thread whose scheduler is
 * the loop itself (fast; needs {@code --add-opens java.base/java.lang=ALL-UNNAMED}), and
 * {@link HandoffScheduler}, where a task is an ordinary virtual thread and the loop hands it a
 * baton for each step (public API only; each step costs a platform-thread wake-up).
 */
public interface TaskScheduler {

    /** Queues the task's first step on the loop; its thread, whose body is {@code fiber.run()}, runs it. */
    void start(Fiber fiber);

    /**
     * On the loop, when a {@link Fiber} queued by {@link #start} as itself comes up: makes the
     * task's thread and runs its first step now. Only for schedulers that queue the fiber.
     */
    default void firstStep(Fiber fiber) {
        throw new IllegalStateException(name() + " scheduler does not queue fibers");
    }

    /** On the task's own thread: gives the loop back until {@link #resume} is called. */
    void suspend(Fiber fiber);

    /** On the loop: queues the suspended task's next step behind the ready callbacks. */
    void resume(Fiber fiber);

    /** On the task's own thread: goes to the back of the ready queue once ({@code sleep(0)}). */
    void yieldNow(Fiber fiber);

    /** A short name for reports: {@code "loop"} or {@code "portable"}. */
    String name();
}
