package io.jasyncio.internal;

/**
 * The door from a {@link TaskScheduler} into its loop's ready queue.
 */
public interface LoopQueue {
    /**
     * Queues a step to run on the loop, behind what is ready already. Callable from any thread;
     * never throws (a step queued after the loop closed runs on a fallback thread).
     */
    void execute(Runnable step);
}
