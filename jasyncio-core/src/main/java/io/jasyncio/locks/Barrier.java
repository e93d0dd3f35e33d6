package io.jasyncio.locks;

import io.jasyncio.CancelledError;

/**
 * A meeting point for a fixed number of tasks: asyncio's {@code Barrier}. Each task calling
 * {@link #await()} suspends until {@link #parties()} tasks have called it; then they all go on
 * together and the barrier is ready for the next round. Built on a {@link Condition}.
 *
 * <p>Loop-confined: use it from the tasks of one event loop (debug mode checks it).
 *
 * <p>{@link #abort()} breaks the barrier for good: waiting and later callers get
 * {@link BrokenBarrierError}. {@link #reset()} breaks the current round only: the tasks waiting
 * get {@link BrokenBarrierError}, and the barrier fills again once they have left.
 */
public final class Barrier {
    private enum State { FILLING, DRAINING, RESETTING, BROKEN }

    private final Condition condition = new Condition();
    private final int parties;
    private State state = State.FILLING;
    private int count;

    /**
     * A barrier for {@code parties} tasks.
     *
     * @throws IllegalArgumentException if {@code parties} is less than one
     */
    public Barrier(int parties) {
        if (parties <= 0) {
            throw new IllegalArgumentException("parties must be > 0");
        }
        this.parties = parties;
    }

    /**
     * Suspends until {@link #parties()} tasks are waiting, then returns this task's arrival index,
     * from 0 (first) to {@code parties - 1} (the one that released the others).
     *
     * @throws BrokenBarrierError if the barrier is or becomes broken, or is reset meanwhile
     * @throws CancelledError if the task is cancelled while it waits
     * @throws IllegalStateException outside a task
     */
    public int await() {
        try (Held held = condition.hold()) {
            blockWhileDraining();
            try {
                int index = count++;
                if (index + 1 == parties) {
                    state = State.DRAINING; // release the round; newcomers wait until it has left
                    condition.signalAll();
                } else {
                    condition.awaitFor(() -> state != State.FILLING);
                    if (state == State.BROKEN || state == State.RESETTING) {
                        throw new BrokenBarrierError("Abort or reset of barrier");
                    }
                }
                return index;
            } finally {
                count--;
                exit();
            }
        }
    }

    /**
     * Passes the barrier like {@link #await()} and returns the arrival, for try-with-resources:
     * asyncio's {@code async with barrier as position}. Leaving the block does nothing, as
     * asyncio's {@code __aexit__} does nothing.
     *
     * @throws BrokenBarrierError if the barrier is or becomes broken, or is reset meanwhile
     * @throws CancelledError if the task is cancelled while it waits
     */
    public Arrival hold() {
        return new Arrival(await());
    }

    /**
     * A task's passage through the barrier, made by {@link #hold()}.
     *
     * @param index the arrival index {@link #await()} returns
     */
    public record Arrival(int index) implements AutoCloseable {
        /** Does nothing: the barrier was passed on entry. */
        @Override
        public void close() {}
    }

    private void blockWhileDraining() {
        condition.awaitFor(() -> state != State.DRAINING && state != State.RESETTING);
        if (state == State.BROKEN) {
            throw new BrokenBarrierError("Barrier aborted");
        }
    }

    /** The last task to leave a draining or resetting round makes the barrier fill again. */
    private void exit() {
        if (count == 0) {
            if (state == State.RESETTING || state == State.DRAINING) {
                state = State.FILLING;
            }
            condition.signalAll();
        }
    }

    /**
     * Returns the barrier to its empty state; tasks waiting in it get {@link BrokenBarrierError}.
     * Suspends while it takes the barrier's internal lock.
     *
     * @throws CancelledError if the task is cancelled while it waits for the lock
     */
    public void reset() {
        try (Held held = condition.hold()) {
            if (count > 0) {
                state = State.RESETTING;
            } else {
                state = State.FILLING;
            }
            condition.signalAll();
        }
    }

    /**
     * Breaks the barrier: waiting and future callers of {@link #await()} get
     * {@link BrokenBarrierError}. Suspends while it takes the barrier's internal lock.
     *
     * @throws CancelledError if the task is cancelled while it waits for the lock
     */
    public void abort() {
        try (Held held = condition.hold()) {
            state = State.BROKEN;
            condition.signalAll();
        }
    }

    /** How many tasks must call {@link #await()} to pass the barrier. */
    public int parties() {
        return parties;
    }

    /** How many tasks are waiting while the barrier fills (0 while it drains or resets). */
    public int nWaiting() {
        return state == State.FILLING ? count : 0;
    }

    /** Whether the barrier is broken. */
    public boolean broken() {
        return state == State.BROKEN;
    }

    @Override
    public String toString() {
        return "<Barrier [" + state.name().toLowerCase() + ", waiters:" + nWaiting() + "/" + parties + "]>";
    }
}
