package io.jasyncio.queues;

/**
 * A last-in first-out {@link Queue}: asyncio's {@code LifoQueue}. The most recently put item comes
 * out first; everything else (bounds, waiting, cancellation, shutdown) is {@link Queue}'s.
 *
 * <p>Loop-confined: use it from the tasks and callbacks of one event loop (debug mode checks it).
 *
 * @param <T> the type of the items
 */
public final class LifoQueue<T> extends Queue<T> {
    /** An unbounded LIFO queue. */
    public LifoQueue() {
        this(0);
    }

    /** A LIFO queue holding at most {@code maxsize} items (0 or less: unbounded). */
    public LifoQueue(int maxsize) {
        super(maxsize, Storage.lifo());
    }
}
