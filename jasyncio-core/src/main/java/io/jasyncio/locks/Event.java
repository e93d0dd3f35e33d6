package io.jasyncio.locks;

import io.jasyncio.CancelledError;
import io.jasyncio.internal.WaitList;

/**
 * A flag tasks can wait for: asyncio's {@code Event}.
 *
 * <p>Loop-confined: use it from the tasks and callbacks of one event loop (debug mode checks it);
 * from another thread, call {@code set()} through {@code loop.callSoonThreadsafe(event::set)}.
 *
 * <p>{@link #set()} wakes every task waiting at that moment, even if {@link #clear()} follows at
 * once: they were woken by the set, not by the flag they would read later.
 */
public final class Event {
    private final WaitList waiters = new WaitList(this, "await");
    private boolean value;

    /** A new event, not set. */
    public Event() {}

    /** Whether the flag is set. */
    public boolean isSet() {
        return value;
    }

    /** Sets the flag and wakes every waiting task; does nothing if it was set already. */
    public void set() {
        waiters.checkThread();
        if (!value) {
            value = true;
            waiters.wake(Integer.MAX_VALUE);
        }
    }

    /** Clears the flag: later {@link #await()} calls suspend until the next {@link #set()}. */
    public void clear() {
        waiters.checkThread();
        value = false;
    }

    /**
     * Suspends the calling task until the flag is set; returns at once if it is set already.
     * Returns true, as asyncio's {@code wait()} does.
     *
     * @throws CancelledError if the task is cancelled while it waits
     * @throws IllegalStateException outside a task, or if the event belongs to another loop
     */
    public boolean await() {
        if (value) {
            return true;
        }
        WaitList.Waiter w = waiters.park();
        try {
            w.await();
            return true;
        } finally {
            waiters.remove(w);
        }
    }

    @Override
    public String toString() {
        return "<Event [" + (value ? "set" : "unset") + (waiters.isEmpty() ? "" : ", waiters:" + waiters.size()) + "]>";
    }
}
