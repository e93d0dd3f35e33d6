package io.jasyncio.internal;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;

/**
 * The one parking mechanism under every lock and queue: a FIFO list of waiter futures, like the
 * {@code _waiters} deque of futures in asyncio's {@code locks.py} and {@code queues.py}.
 *
 * <p>Loop-confined. A task parks by {@link #park() adding} a waiter and awaiting it; whoever wakes
 * it completes the waiter with {@link #wakeHead()} or {@link #wakeFirst()} (it stays listed until its owner runs, which
 * is how a lock sees that a chosen waiter is still coming) or {@link #popFirst()} (it leaves the
 * list, as the queues do). The owner always {@link #remove removes} its waiter once the await
 * ends, whatever way it ends. Removal is O(1): each waiter is its own list node.
 *
 * <p>The list is also what binds a primitive to its event loop (asyncio's
 * {@code _LoopBoundMixin}): the first {@link #park()} binds it to the running loop, a park from
 * another loop is an error, and in debug mode {@link #checkThread} binds it at its first use and
 * rejects calls from threads that are not the bound loop's.
 */
public final class WaitList {
    private final String owner;
    /** The lock or queue this list belongs to, and what its waiters do: how task dumps name them. */
    private final Object primitive;
    private final String operation;
    private EventLoop loop;
    private Waiter head, tail;
    private int size;

    /**
     * An empty list for {@code primitive}, whose waiters do {@code operation} ({@code "acquire"},
     * {@code "get"}); the primitive's class names it in error messages.
     */
    public WaitList(Object primitive, String operation) {
        this.primitive = Args.notNull(primitive, "primitive");
        this.operation = Args.notNull(operation, "operation");
        this.owner = primitive.getClass().getSimpleName();
    }

    /** A waiter: a plain loop future that is also a node of one list. */
    public static final class Waiter extends Future<Boolean> implements AwaitTarget {
        private Waiter prev, next;
        private WaitList list;
        /** Kept after the waiter leaves the list, so a woken task still says what it waited for. */
        private final WaitList origin;

        Waiter(EventLoop loop, WaitList origin) {
            super(loop);
            this.origin = origin;
        }

        @Override
        public String awaitDescription() {
            return AwaitTarget.identity(origin.primitive) + "." + origin.operation;
        }

        @Override
        public Class<?> awaitType() {
            return origin.primitive.getClass();
        }
    }

    /**
     * Appends a new pending waiter; the caller awaits it and then {@link #remove removes} it
     * (also when the await fails, e.g. in a plain callback, which cannot suspend).
     *
     * @throws IllegalStateException outside a task, or when the primitive belongs to another loop
     */
    public Waiter park() {
        EventLoop l = LoopHooks.currentLoop();
        if (l == null) {
            throw new IllegalStateException(owner + " used outside a task: no running event loop (start one with Asyncio.run)");
        }
        if (loop == null) {
            loop = l;
        } else if (loop != l) {
            throw new IllegalStateException(owner + " is bound to a different event loop");
        }
        Waiter w = new Waiter(l, this);
        w.list = this;
        w.prev = tail;
        if (tail == null) {
            head = w;
        } else {
            tail.next = w;
        }
        tail = w;
        size++;
        return w;
    }

    /** Unlinks the waiter if it is still listed; otherwise does nothing. */
    public void remove(Waiter w) {
        if (w.list != this) {
            return;
        }
        if (w.prev == null) {
            head = w.next;
        } else {
            w.prev.next = w.next;
        }
        if (w.next == null) {
            tail = w.prev;
        } else {
            w.next.prev = w.prev;
        }
        w.prev = w.next = null;
        w.list = null;
        size--;
    }

    /**
     * Completes the head waiter if it is not done yet, and leaves it listed: asyncio's
     * {@code Lock._wake_up_first}. A head that is done already (woken and still coming, or
     * cancelled and not yet gone) means somebody is about to run: nothing more is woken, and a
     * cancelled head passes the wake-up on itself when its owner removes it. Looking past a done
     * head would wake a second task while the first is still coming (two lock holders).
     */
    public boolean wakeHead() {
        Waiter w = head;
        if (w == null || w.done()) {
            return false;
        }
        w.setResult(Boolean.TRUE);
        return true;
    }

    /**
     * Completes the first waiter that is not done yet and leaves it listed; false if none:
     * asyncio's {@code Semaphore._wake_up_next}, where every woken waiter holds a permit.
     */
    public boolean wakeFirst() {
        for (Waiter w = head; w != null; w = w.next) {
            if (!w.done()) {
                w.setResult(Boolean.TRUE);
                return true;
            }
        }
        return false;
    }

    /** Completes up to {@code n} waiters that are not done yet, in order; returns how many. */
    public int wake(int n) {
        int woken = 0;
        for (Waiter w = head; w != null && woken < n; w = w.next) {
            if (!w.done()) {
                w.setResult(Boolean.TRUE);
                woken++;
            }
        }
        return woken;
    }

    /** Unlinks waiters from the front until one that is not done is found, and completes it. */
    public boolean popFirst() {
        Waiter w;
        while ((w = head) != null) {
            remove(w);
            if (!w.done()) {
                w.setResult(Boolean.TRUE);
                return true;
            }
        }
        return false;
    }

    /** Unlinks every waiter and completes those that are not done yet. */
    public void popAll() {
        while (popFirst()) {
            // each round completes one waiter
        }
    }

    /** Whether some listed waiter was not cancelled: a woken one counts, it is still coming. */
    public boolean hasLiveWaiter() {
        for (Waiter w = head; w != null; w = w.next) {
            if (!w.cancelled()) {
                return true;
            }
        }
        return false;
    }

    /** How many waiters are listed (woken ones included until their owner removes them). */
    public int size() {
        return size;
    }

    /** Whether no waiter is listed. */
    public boolean isEmpty() {
        return head == null;
    }

    /** The loop the primitive is bound to, or null before its first wait. */
    public EventLoop loop() {
        return loop;
    }

    /**
     * In debug mode, throws if the caller is not on the bound loop: the primitive is
     * loop-confined (use the thread-safe bridge queue from other threads).
     */
    public void checkThread() {
        EventLoop l = loop;
        if (l == null || l.isClosed()) {
            // Debug mode binds at first use, not only at first wait as asyncio does: a lock
            // taken uncontended on loop A and then awaited from loop B would otherwise bind to B
            // and hang (issue 15). A closed loop's binding is dropped (it can have no waiters).
            EventLoop current = LoopHooks.currentLoop();
            if (current != null && current.getDebug()) {
                loop = current;
            }
            return;
        }
        if (l.getDebug() && !LoopHooks.inLoop(l)) {
            EventLoop current = LoopHooks.currentLoop();
            if (current != null) {
                throw new IllegalStateException(owner + " is bound to a different event loop");
            }
            throw new IllegalStateException(owner + " is loop-confined: called from thread "
                    + Thread.currentThread().getName() + " instead of its event loop");
        }
    }
}
