package io.jasyncio.internal;

/**
 * The scheduling state of one task: its thread and whether the loop has told it to run again.
 * Owned by a {@link TaskScheduler}; the public {@code Task} holds one.
 */
public final class Fiber {
    Thread thread;
    /** Set by the loop to let the task go on; consumed by the task when it wakes. */
    volatile boolean resumed;
    /** For schedulers that start the thread at its first step. Touched only by the baton holder. */
    boolean started;

    /** The task's thread, or null before it was started. */
    public Thread thread() {
        return thread;
    }
}
