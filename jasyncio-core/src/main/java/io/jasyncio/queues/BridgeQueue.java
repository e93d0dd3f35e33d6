package io.jasyncio.queues;

import io.jasyncio.internal.Args;
import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.internal.LoopHooks;
import io.jasyncio.internal.WaitList;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A FIFO queue between plain Java threads and the tasks of one event loop: threads use the
 * blocking {@link #putBlocking}/{@link #getBlocking}, tasks the suspending {@link #put}/{@link #get}
 * (or the {@code Nowait} twins). Either side may produce or consume. It is what Python users
 * build from {@code janus} or {@code call_soon_threadsafe} by hand.
 *
 * <p>Thread-safe. The blocking methods must not be called on the loop's thread or in its tasks (they
 * would block the loop), and the task side ({@code put}, {@code get} and their {@code Nowait}
 * twins) only there: both mistakes throw {@link IllegalStateException}. Threads wake waiting tasks through
 * {@link EventLoop#callSoonThreadsafe}, at most one pending wake-up at a time.
 *
 * <p>While a task waits on the queue, the loop's virtual clock (a testing tool) does not jump to
 * the next timer: the task waits for a thread, which runs in real time.
 *
 * <p>Cancellation never loses an item: a cancelled {@link #get()} leaves it queued, a cancelled
 * {@link #put} inserts nothing. After {@link #shutdown}, puts raise {@link QueueShutDown} on both
 * sides, and gets do once the queue is empty. Unlike {@link Queue} it has no
 * {@code taskDone}/{@code join}, and null items are rejected ({@link NullPointerException}).
 *
 * @param <T> the type of the items
 */
public final class BridgeQueue<T> implements Iterable<T> {
    private final EventLoop loop;
    private final int maxsize;

    private final ReentrantLock lock = new ReentrantLock();
    private final java.util.concurrent.locks.Condition notEmpty = lock.newCondition();
    private final java.util.concurrent.locks.Condition notFull = lock.newCondition();
    // Guarded by lock:
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private boolean shutDown;
    private int tasksWaiting;
    private boolean wakeScheduled;

    // Loop-confined:
    private final WaitList getters = new WaitList(this, "get");
    private final WaitList putters = new WaitList(this, "put");
    private final Runnable wakeTasks = this::wakeTasks;

    /** An unbounded bridge queue whose task side belongs to the running loop. */
    public BridgeQueue() {
        this(Asyncio.getRunningLoop(), 0);
    }

    /**
     * A bridge queue for the tasks of {@code loop}, holding at most {@code maxsize} items
     * (0 or less: unbounded). Callable from any thread.
     */
    public BridgeQueue(EventLoop loop, int maxsize) {
        if (loop == null) {
            throw new NullPointerException("loop must not be null");
        }
        this.loop = loop;
        this.maxsize = maxsize;
    }

    /** The most items the queue holds; 0 (or less) means unbounded. */
    public int maxsize() {
        return maxsize;
    }

    /** How many items are queued now. Thread-safe. */
    public int qsize() {
        lockWithoutParking();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the lock by spinning, never by parking. A task that parked here would be resumed only
     * through the loop, so if the loop thread itself then waited for the lock (which the JDK may
     * already have handed to the parked task) the loop would deadlock. Every holder keeps the lock
     * for a few instructions and never suspends or blocks while holding it (the blocking threads
     * release it in {@code Condition.await}), so the spin is short.
     */
    private void lockWithoutParking() {
        while (!lock.tryLock()) {
            Thread.onSpinWait();
        }
    }

    private boolean isFull() {
        return maxsize > 0 && items.size() >= maxsize;
    }

    // ----- the thread side -----

    /**
     * Puts an item, blocking the calling thread while the queue is full.
     *
     * @throws QueueShutDown if the queue is shut down
     * @throws InterruptedException if the thread is interrupted while it waits
     * @throws IllegalStateException if called on the loop (use {@link #put} in a task)
     */
    public void putBlocking(T item) throws InterruptedException {
        Args.notNull(item, "item");
        checkOffLoop("putBlocking");
        boolean wake;
        lock.lockInterruptibly();
        try {
            while (isFull() && !shutDown) {
                notFull.await();
            }
            if (shutDown) {
                throw new QueueShutDown();
            }
            items.addLast(item);
            notEmpty.signal();
            wake = scheduleWakeLocked();
        } finally {
            lock.unlock();
        }
        if (wake) {
            sendWake();
        }
    }

    /**
     * Takes an item, blocking the calling thread while the queue is empty.
     *
     * @throws QueueShutDown if the queue is shut down and empty
     * @throws InterruptedException if the thread is interrupted while it waits
     * @throws IllegalStateException if called on the loop (use {@link #get} in a task)
     */
    public T getBlocking() throws InterruptedException {
        checkOffLoop("getBlocking");
        T item;
        boolean wake;
        lock.lockInterruptibly();
        try {
            while (items.isEmpty() && !shutDown) {
                notEmpty.await();
            }
            if (items.isEmpty()) {
                throw new QueueShutDown();
            }
            item = items.pollFirst();
            notFull.signal();
            wake = scheduleWakeLocked();
        } finally {
            lock.unlock();
        }
        if (wake) {
            sendWake();
        }
        return item;
    }

    /**
     * Shuts the queue down: puts raise {@link QueueShutDown}, and so do gets once the queue is
     * empty; with {@code immediate} the queued items are dropped. Wakes every waiting thread and
     * task. Thread-safe.
     */
    public void shutdown(boolean immediate) {
        boolean wake;
        lockWithoutParking();
        try {
            shutDown = true;
            if (immediate) {
                items.clear();
            }
            notEmpty.signalAll();
            notFull.signalAll();
            wake = scheduleWakeLocked();
        } finally {
            lock.unlock();
        }
        if (wake) {
            if (LoopHooks.inLoop(loop)) {
                wakeTasks();
            } else {
                sendWake();
            }
        }
    }

    /** {@link #shutdown(boolean) shutdown(false)}. Thread-safe. */
    public void shutdown() {
        shutdown(false);
    }

    private void checkOnLoop(String operation) {
        if (!LoopHooks.inLoop(loop)) {
            throw new IllegalStateException(operation + " is the task side of the queue: call it on its event loop,"
                    + " or use the blocking twin from a plain thread");
        }
    }

    private void checkOffLoop(String operation) {
        if (LoopHooks.inLoop(loop)) {
            throw new IllegalStateException(operation + " would block the event loop: call it from a plain thread,"
                    + " or use the suspending twin in a task");
        }
    }

    /** Under the lock: whether the caller must send the loop a wake-up for its waiting tasks. */
    private boolean scheduleWakeLocked() {
        if (tasksWaiting > 0 && !wakeScheduled) {
            wakeScheduled = true;
            return true;
        }
        return false;
    }

    private void sendWake() {
        try {
            loop.callSoonThreadsafe(wakeTasks);
        } catch (IllegalStateException closed) {
            // the loop is closed: no task can be waiting any more
        }
    }

    /** On the loop: wakes as many waiting tasks as there are items to get and free slots to fill. */
    private void wakeTasks() {
        int available, free;
        lockWithoutParking();
        try {
            wakeScheduled = false;
            available = shutDown ? Integer.MAX_VALUE : items.size();
            free = shutDown || maxsize <= 0 ? Integer.MAX_VALUE : maxsize - items.size();
        } finally {
            lock.unlock();
        }
        for (int i = 0; i < available && getters.popFirst(); i++) {
            // each round wakes one getter
        }
        for (int i = 0; i < free && putters.popFirst(); i++) {
            // each round wakes one putter
        }
    }

    // ----- the task side -----

    /**
     * Puts an item, suspending the calling task while the queue is full.
     *
     * @throws QueueShutDown if the queue is shut down (before or while waiting)
     * @throws CancelledError if the task is cancelled while it waits (nothing is inserted)
     * @throws IllegalStateException outside a task of the queue's loop, if it has to wait
     */
    public void put(T item) {
        checkOnLoop("put");
        while (!offer(item, true)) {
            awaitTurn(putters);
        }
    }

    /**
     * Puts an item without suspending. Call it on the queue's loop.
     *
     * @throws QueueFull if the queue is full
     * @throws QueueShutDown if the queue is shut down
     */
    public void putNowait(T item) {
        checkOnLoop("putNowait");
        if (!offer(item, false)) {
            throw new QueueFull();
        }
    }

    /** On the loop: adds the item unless the queue is full (then counts the caller if it will wait). */
    private boolean offer(T item, boolean willWait) {
        Args.notNull(item, "item");
        lockWithoutParking();
        try {
            if (shutDown) {
                throw new QueueShutDown();
            }
            if (isFull()) {
                if (willWait) {
                    tasksWaiting++; // counted before the lock is let go: a getting thread will wake us
                }
                return false;
            }
            items.addLast(item);
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
        getters.popFirst();
        return true;
    }

    /**
     * Takes an item, suspending the calling task while the queue is empty.
     *
     * @throws QueueShutDown if the queue is shut down and empty (before or while waiting)
     * @throws CancelledError if the task is cancelled while it waits (no item is taken)
     * @throws IllegalStateException outside a task of the queue's loop, if it has to wait
     */
    public T get() {
        checkOnLoop("get");
        while (true) {
            T item = pollOrCountWaiter();
            if (item != null) {
                putters.popFirst();
                return item;
            }
            awaitTurn(getters);
        }
    }

    /** Takes the first item, or (if there is none) counts the caller as a waiting task. */
    private T pollOrCountWaiter() {
        lockWithoutParking();
        try {
            T item = items.pollFirst();
            if (item != null) {
                notFull.signal();
                return item;
            }
            if (shutDown) {
                throw new QueueShutDown();
            }
            tasksWaiting++; // counted before the lock is let go: a putting thread will wake us
            return null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes an item without suspending. Call it on the queue's loop.
     *
     * @throws QueueEmpty if the queue is empty
     * @throws QueueShutDown if the queue is shut down and empty
     */
    public T getNowait() {
        checkOnLoop("getNowait");
        T item;
        lockWithoutParking();
        try {
            item = items.pollFirst();
            if (item == null) {
                throw shutDown ? new QueueShutDown() : new QueueEmpty();
            }
            notFull.signal();
        } finally {
            lock.unlock();
        }
        putters.popFirst();
        return item;
    }

    /**
     * Parks the task on {@code list} (it was counted in tasksWaiting under the lock). The virtual
     * clock is held while any task waits here, because a thread is what will wake it.
     */
    private void awaitTurn(WaitList list) {
        WaitList.Waiter w;
        try {
            w = list.park();
        } catch (RuntimeException notOnLoop) {
            uncountWaiter();
            throw notOnLoop;
        }
        LoopHooks.holdVirtualClock(loop);
        try {
            w.await();
        } catch (Throwable t) {
            w.cancel();
            list.remove(w);
            if (!w.cancelled()) {
                list.popFirst(); // woken but leaving: let the next task retry in our place
            }
            throw t;
        } finally {
            LoopHooks.releaseVirtualClock(loop);
            uncountWaiter();
        }
    }

    private void uncountWaiter() {
        lockWithoutParking();
        try {
            tasksWaiting--;
        } finally {
            lock.unlock();
        }
    }

    /**
     * An iterator for a consuming task, {@code for (T item : queue)}: {@code hasNext()} suspends in
     * {@link #get()} and returns false once the queue is shut down and empty.
     */
    @Override
    public Iterator<T> iterator() {
        return new SuspendingIterator<>(this::get);
    }

    @Override
    public String toString() {
        lockWithoutParking();
        try {
            return "<BridgeQueue maxsize=" + maxsize + " qsize=" + items.size() + (shutDown ? " shutdown" : "") + ">";
        } finally {
            lock.unlock();
        }
    }
}
