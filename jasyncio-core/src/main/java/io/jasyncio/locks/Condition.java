package io.jasyncio.locks;

import io.jasyncio.internal.Args;
import io.jasyncio.CancelledError;
import io.jasyncio.internal.LoopHooks;
import io.jasyncio.internal.WaitList;

import java.util.function.BooleanSupplier;

/**
 * A condition variable for tasks: asyncio's {@code Condition}. It is used with a {@link Lock},
 * its own or one passed in (several conditions may share a lock).
 *
 * <p>Loop-confined: use it from the tasks and callbacks of one event loop (debug mode checks it).
 *
 * <p>asyncio's {@code wait}, {@code notify} and {@code notify_all} are spelled {@link #await()},
 * {@link #signal(int)} and {@link #signalAll()}: Java reserves the {@code Object} names.
 * {@link #await()} re-acquires the lock before it returns or throws, even when the task is
 * cancelled; a wake-up sent to a waiter that then fails (is cancelled) passes to another waiter
 * (asyncio 3.13).
 */
public final class Condition {
    private final Lock lock;
    private final WaitList waiters = new WaitList(this, "await");

    /** A condition with a new lock of its own. */
    public Condition() {
        this(new Lock());
    }

    /** A condition using {@code lock}. */
    public Condition(Lock lock) {
        if (lock == null) {
            throw new NullPointerException("lock must not be null");
        }
        this.lock = lock;
    }

    /** The lock this condition uses. */
    public Lock lock() {
        return lock;
    }

    /** Acquires the underlying lock; see {@link Lock#acquire()}. */
    public void acquire() {
        lock.acquire();
    }

    /** Releases the underlying lock; see {@link Lock#release()}. */
    public void release() {
        lock.release();
    }

    /** Whether the underlying lock is held. */
    public boolean locked() {
        return lock.locked();
    }

    /** Acquires the underlying lock and returns a {@link Held} that releases it. */
    public Held hold() {
        return lock.hold();
    }

    /**
     * Releases the lock, suspends until signalled, then re-acquires the lock and returns true.
     * The lock is held again when this returns or throws, even if the task was cancelled.
     *
     * @throws CancelledError if the task is cancelled while it waits (after the lock is held again)
     * @throws IllegalStateException if the lock is not held, or outside a task
     */
    public boolean await() {
        if (!lock.locked()) {
            throw new IllegalStateException("cannot wait on un-acquired lock");
        }
        WaitList.Waiter w = waiters.park();
        lock.release();
        try {
            try {
                w.await();
                return true;
            } finally {
                waiters.remove(w);
                reacquire();
            }
        } catch (Throwable t) {
            // Signalled but failing anyway (cancelled): another waiter gets the wake-up, a spurious
            // one at worst, which condition variables allow (asyncio 3.13, gh-112202).
            waiters.wake(1);
            throw t;
        }
    }

    /**
     * Re-acquires the lock even if cancelled meanwhile; rethrows the last cancellation. Gives up
     * when the loop is closing: every await fails at once then, and nobody could release the lock.
     */
    private void reacquire() {
        CancelledError cancelled = null;
        while (true) {
            try {
                lock.acquire();
                break;
            } catch (CancelledError e) {
                cancelled = e;
                if (LoopHooks.closing(waiters.loop())) {
                    break;
                }
            }
        }
        if (cancelled != null) {
            throw cancelled;
        }
    }

    /**
     * Suspends (with {@link #await()}) until {@code predicate} is true and returns its last value;
     * the predicate is checked first, with the lock held.
     *
     * @throws CancelledError if the task is cancelled while it waits (the lock is held again)
     * @throws IllegalStateException if the lock is not held
     */
    public boolean awaitFor(BooleanSupplier predicate) {
        Args.notNull(predicate, "predicate");
        boolean result = predicate.getAsBoolean();
        while (!result) {
            await();
            result = predicate.getAsBoolean();
        }
        return result;
    }

    /**
     * Wakes up to {@code n} waiting tasks, in the order they started waiting.
     *
     * @throws IllegalStateException if the lock is not held
     */
    public void signal(int n) {
        waiters.checkThread();
        if (!lock.locked()) {
            throw new IllegalStateException("cannot notify on un-acquired lock");
        }
        waiters.wake(n);
    }

    /** Wakes one waiting task; see {@link #signal(int)}. */
    public void signal() {
        signal(1);
    }

    /**
     * Wakes every waiting task.
     *
     * @throws IllegalStateException if the lock is not held
     */
    public void signalAll() {
        signal(Integer.MAX_VALUE);
    }

    @Override
    public String toString() {
        return "<Condition [" + (lock.locked() ? "locked" : "unlocked")
                + (waiters.isEmpty() ? "" : ", waiters:" + waiters.size()) + "]>";
    }
}
