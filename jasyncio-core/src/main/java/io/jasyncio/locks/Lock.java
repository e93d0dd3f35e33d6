package io.jasyncio.locks;

import io.jasyncio.CancelledError;
import io.jasyncio.internal.WaitList;

/**
 * A mutual-exclusion lock for tasks: asyncio's {@code Lock}.
 *
 * <p>Loop-confined: use it from the tasks and callbacks of one event loop (debug mode checks it).
 * It is not reentrant and has no owner: any task may release it, as in asyncio.
 *
 * <p>Strictly FIFO: after {@link #release()} the lock is free ({@link #locked()} is false) until
 * the first waiter runs, but a new {@link #acquire()} cannot overtake queued waiters. At most one
 * waiter is woken at a time: a waiter cancelled after it was chosen (or while it is the first in
 * line) hands the wake-up on to the next one when it leaves, so no wake-up is lost and no second
 * holder gets in.
 */
public final class Lock {
    private final WaitList waiters = new WaitList(this, "acquire");
    private boolean locked;

    /** A new, unlocked lock. */
    public Lock() {}

    /**
     * Acquires the lock, suspending the calling task while another holds it or waits before it.
     *
     * @throws CancelledError if the task is cancelled while it waits (the lock is not acquired)
     * @throws IllegalStateException outside a task, or if the lock belongs to another loop
     */
    public void acquire() {
        if (!locked && !waiters.hasLiveWaiter()) {
            waiters.checkThread();
            locked = true;
            return;
        }
        WaitList.Waiter w = waiters.park();
        try {
            try {
                w.await();
            } finally {
                waiters.remove(w);
            }
        } catch (CancelledError e) {
            if (!locked) {
                // We may have been chosen: pass the lock on, but only if nobody else was woken.
                waiters.wakeHead();
            }
            throw e;
        }
        locked = true;
    }

    /**
     * Acquires the lock (suspending like {@link #acquire()}) and returns a {@link Held} whose
     * {@code close()} releases it: {@code try (var held = lock.hold()) { ... }}.
     *
     * @throws CancelledError if the task is cancelled while it waits
     */
    public Held hold() {
        acquire();
        return new HeldOnce(this::release);
    }

    /**
     * Releases the lock and wakes the first waiter, if any.
     *
     * @throws IllegalStateException if the lock is not locked
     */
    public void release() {
        waiters.checkThread();
        if (!locked) {
            throw new IllegalStateException("Lock is not acquired.");
        }
        locked = false;
        waiters.wakeHead();
    }

    /** Whether the lock is held now. */
    public boolean locked() {
        return locked;
    }

    @Override
    public String toString() {
        return "<Lock [" + (locked ? "locked" : "unlocked") + (waiters.isEmpty() ? "" : ", waiters:" + waiters.size())
                + "]>";
    }
}
