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

    /**
     * For the holder of the loop's baton at the end of a batch, when the baton came from the loop's
     * own thread and is not lent to an inline step: starts the next iteration here if it would not
     * wait, as the loop's thread would start it (the inbox, the due timers, then the new batch for
     * {@link #pollBatch}), and returns true; false when the loop's own thread must run it: nothing
     * is ready (it waits in the selector), an I/O poll is due, the loop is stopping, or direct
     * running is off. Saves the hand-back to the loop's platform thread and out again (two thread
     * wake-ups, ~10 µs) for every iteration that has work ready.
     */
    boolean nextBatch();

    /** Runs a batch item that is not a task step, as the loop would (errors to the handler). */
    void runOnBehalfOfLoop(Object item);

    /**
     * On the loop thread, inside the item being run: starts {@code thread}, a virtual thread
     * scheduled by this queue, and runs its first step here and now instead of behind the ready work.
     */
    void startHere(Thread thread);
}
