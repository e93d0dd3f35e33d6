package io.jasyncio.locks;

import io.jasyncio.CancelledError;
import io.jasyncio.internal.WaitList;

/**
 * A counter of permits for tasks: asyncio's {@code Semaphore}. {@link #acquire()} takes a permit,
 * suspending while there is none; {@link #release()} gives one back.
 *
 * <p>Loop-confined: use it from the tasks and callbacks of one event loop (debug mode checks it).
 *
 * <p>Strictly FIFO, as in asyncio 3.13: a task that releases and at once acquires again goes behind
 * the tasks already waiting, and a waiter cancelled after it was chosen gives its permit back to
 * the next one, so cancelled waiters never consume a permit. {@link #release()} may raise the
 * count above its initial value; {@link BoundedSemaphore} forbids that.
 */
public sealed class Semaphore permits BoundedSemaphore {
    private final WaitList waiters = new WaitList(this, "acquire");
    private int value;

    /**
     * A semaphore with {@code value} permits.
     *
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public Semaphore(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("Semaphore initial value must be >= 0");
        }
        this.value = value;
    }

    /** A semaphore with one permit. */
    public Semaphore() {
        this(1);
    }

    /** Whether {@link #acquire()} would suspend: no permit is free, or tasks wait before it. */
    public final boolean locked() {
        return value == 0 || waiters.hasLiveWaiter();
    }

    /**
     * Takes a permit, suspending while none is free or other tasks wait before this one.
     *
     * @throws CancelledError if the task is cancelled while it waits (no permit is taken)
     * @throws IllegalStateException outside a task, or if the semaphore belongs to another loop
     */
    public final void acquire() {
        if (!locked()) {
            waiters.checkThread();
            value--;
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
            if (w.done() && !w.cancelled()) {
                value++; // chosen, but cancelled before running: give the permit back
            }
            throw e;
        } finally {
            // Waiters that arrived meanwhile queued behind us (FIFO): wake as many as permits allow.
            while (value > 0 && wakeNext()) {
                // each round hands out one permit
            }
        }
    }

    /**
     * Takes a permit (suspending like {@link #acquire()}) and returns a {@link Held} whose
     * {@code close()} releases it.
     *
     * @throws CancelledError if the task is cancelled while it waits
     */
    public final Held hold() {
        acquire();
        return new HeldOnce(this::release);
    }

    /** Gives a permit back and wakes the first waiter, if any. */
    public void release() {
        waiters.checkThread();
        value++;
        wakeNext();
    }

    /** Hands a permit to the first waiter not woken yet; false if there is none. */
    private boolean wakeNext() {
        if (waiters.wakeFirst()) {
            value--;
            return true;
        }
        return false;
    }

    /** The number of free permits (not counting those handed to woken waiters). */
    final int value() {
        return value;
    }

    @Override
    public String toString() {
        return "<" + getClass().getSimpleName() + " [" + (locked() ? "locked" : "unlocked, value:" + value)
                + (waiters.isEmpty() ? "" : ", waiters:" + waiters.size()) + "]>";
    }
}
