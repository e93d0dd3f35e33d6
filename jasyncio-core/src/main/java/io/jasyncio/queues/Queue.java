package io.jasyncio.queues;

import io.jasyncio.internal.Args;
import io.jasyncio.CancelledError;
import io.jasyncio.internal.WaitList;
import io.jasyncio.locks.Event;

import java.util.Iterator;

/**
 * A first-in first-out queue for tasks: asyncio's {@code Queue}, with 3.13's {@link #shutdown}.
 * {@link PriorityQueue} and {@link LifoQueue} change the order in which items come out.
 *
 * <p>Loop-confined: use it from the tasks and callbacks of one event loop (debug mode checks it).
 * Between plain threads and tasks, use {@link BridgeQueue}.
 *
 * <p>A {@code maxsize} of 0 (or less) means unbounded; otherwise {@link #put} suspends while the
 * queue is full. Cancellation never loses or duplicates an item: a cancelled {@link #get()}
 * leaves the item in the queue (and passes the wake-up on), a cancelled {@link #put} inserts
 * nothing. {@link #taskDone()} and {@link #join()} count unfinished items as asyncio does.
 *
 * <p>The queue is also an {@link Iterable} for consumers, {@code for (T item : queue)}: each step
 * suspends in {@link #get()}, and the loop ends once the queue is shut down and drained. The
 * iteration does not call {@link #taskDone()}. Null items are rejected ({@link NullPointerException}).
 *
 * @param <T> the type of the items
 */
public sealed class Queue<T> implements Iterable<T> permits PriorityQueue, LifoQueue {
    private final int maxsize;
    private final Storage<T> items;
    private final WaitList getters;
    private final WaitList putters;
    private final Event finished = new Event();
    private int unfinishedTasks;
    private boolean shutDown;

    /** An unbounded queue. */
    public Queue() {
        this(0);
    }

    /** A queue holding at most {@code maxsize} items (0 or less: unbounded). */
    public Queue(int maxsize) {
        this(maxsize, Storage.fifo());
    }

    Queue(int maxsize, Storage<T> items) {
        this.maxsize = maxsize;
        this.items = items;
        this.getters = new WaitList(this, "get");
        this.putters = new WaitList(this, "put");
        finished.set();
    }

    /** Rejects an item before anything is stored; subclasses add their own rules. */
    void checkItem(T item) {
        Args.notNull(item, "item");
    }

    // ----- size -----

    /** How many items are in the queue. */
    public final int qsize() {
        return items.size();
    }

    /** The most items the queue holds; 0 (or less) means unbounded. */
    public final int maxsize() {
        return maxsize;
    }

    /** Whether the queue has no item. */
    public final boolean empty() {
        return items.size() == 0;
    }

    /** Whether the queue holds {@link #maxsize()} items; never true for an unbounded queue. */
    public final boolean full() {
        return maxsize > 0 && items.size() >= maxsize;
    }

    // ----- putting -----

    /**
     * Puts an item, suspending while the queue is full.
     *
     * @throws QueueShutDown if the queue is shut down (before or while waiting)
     * @throws CancelledError if the task is cancelled while it waits (nothing is inserted)
     * @throws IllegalStateException outside a task, if it has to wait
     */
    public final void put(T item) {
        while (full()) {
            if (shutDown) {
                throw new QueueShutDown();
            }
            WaitList.Waiter w = putters.park();
            try {
                w.await();
            } catch (Throwable t) {
                w.cancel();
                putters.remove(w);
                if (!full() && !w.cancelled()) {
                    putters.popFirst(); // woken by a get, but leaving: pass the free slot on
                }
                throw t;
            }
        }
        putNowait(item);
    }

    /**
     * Puts an item without suspending.
     *
     * @throws QueueFull if the queue is full
     * @throws QueueShutDown if the queue is shut down
     */
    public final void putNowait(T item) {
        getters.checkThread();
        checkItem(item);
        if (shutDown) {
            throw new QueueShutDown();
        }
        if (full()) {
            throw new QueueFull();
        }
        items.add(item);
        unfinishedTasks++;
        finished.clear();
        getters.popFirst();
    }

    // ----- getting -----

    /**
     * Removes and returns an item, suspending while the queue is empty.
     *
     * @throws QueueShutDown if the queue is shut down and empty (before or while waiting)
     * @throws CancelledError if the task is cancelled while it waits (no item is taken)
     * @throws IllegalStateException outside a task, if it has to wait
     */
    public final T get() {
        while (empty()) {
            if (shutDown) {
                throw new QueueShutDown();
            }
            WaitList.Waiter w = getters.park();
            try {
                w.await();
            } catch (Throwable t) {
                w.cancel();
                getters.remove(w);
                if (!empty() && !w.cancelled()) {
                    getters.popFirst(); // woken by a put, but leaving: pass the item on
                }
                throw t;
            }
        }
        return getNowait();
    }

    /**
     * Removes and returns an item without suspending.
     *
     * @throws QueueEmpty if the queue is empty
     * @throws QueueShutDown if the queue is shut down and empty
     */
    public final T getNowait() {
        getters.checkThread();
        if (empty()) {
            if (shutDown) {
                throw new QueueShutDown();
            }
            throw new QueueEmpty();
        }
        T item = items.poll();
        putters.popFirst();
        return item;
    }

    // ----- unfinished work -----

    /**
     * Marks one item taken from the queue as processed; when every item put has been marked,
     * {@link #join()} returns.
     *
     * @throws IllegalStateException if called more times than items were put
     */
    public final void taskDone() {
        getters.checkThread();
        if (unfinishedTasks <= 0) {
            throw new IllegalStateException("taskDone() called too many times");
        }
        unfinishedTasks--;
        if (unfinishedTasks == 0) {
            finished.set();
        }
    }

    /**
     * Suspends until every item put into the queue has been marked with {@link #taskDone()};
     * returns at once if there is none.
     *
     * @throws CancelledError if the task is cancelled while it waits
     */
    public final void join() {
        if (unfinishedTasks > 0) {
            finished.await();
        }
    }

    // ----- shutting down -----

    /** {@link #shutdown(boolean) shutdown(false)}: lets getters drain what is queued. */
    public final void shutdown() {
        shutdown(false);
    }

    /**
     * Shuts the queue down (asyncio 3.13): later puts raise {@link QueueShutDown}, and so do gets
     * once the queue is empty; waiting putters and getters are woken to see it. With
     * {@code immediate}, the queued items are dropped (each counted as done for {@link #join()}),
     * so every getter raises at once.
     */
    public final void shutdown(boolean immediate) {
        getters.checkThread();
        shutDown = true;
        if (immediate) {
            while (!empty()) {
                items.poll();
                if (unfinishedTasks > 0) {
                    unfinishedTasks--;
                }
            }
            if (unfinishedTasks == 0) {
                finished.set();
            }
        }
        getters.popAll();
        putters.popAll();
    }

    /** Whether {@link #shutdown} was called. */
    public final boolean isShutDown() {
        return shutDown;
    }

    // ----- iteration -----

    /**
     * An iterator whose {@code hasNext()} suspends in {@link #get()} until an item arrives, and
     * returns false once the queue is shut down and empty. Use it from a task.
     */
    @Override
    public final Iterator<T> iterator() {
        return new SuspendingIterator<>(this::get);
    }

    @Override
    public String toString() {
        return "<" + getClass().getSimpleName() + " maxsize=" + maxsize + " qsize=" + items.size()
                + (getters.isEmpty() ? "" : " getters[" + getters.size() + "]")
                + (putters.isEmpty() ? "" : " putters[" + putters.size() + "]")
                + (unfinishedTasks > 0 ? " tasks=" + unfinishedTasks : "")
                + (shutDown ? " shutdown" : "") + ">";
    }
}
