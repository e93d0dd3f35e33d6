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

    /**
     * For a scheduler whose tasks run the loop's batch themselves: the next item of the current
     * iteration's batch, or null when the batch is done (or direct running is off: debug mode, or
     * the loop is not running). Only the holder of the loop's baton may call it.
     */
    Object pollBatch();

    /** Runs a batch item that is not a task step, as the loop would (errors to the handler). */
    void runOnBehalfOfLoop(Object item);

    /**
     * On the loop thread, inside the item being run: starts {@code thread}, a virtual thread
     * scheduled by this queue, and runs its first step here and now instead of behind the ready work.
     */
    void startHere(Thread thread);
}
