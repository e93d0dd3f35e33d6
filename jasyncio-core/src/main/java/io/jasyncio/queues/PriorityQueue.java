package io.jasyncio.queues;

import java.util.Comparator;

/**
 * A {@link Queue} that hands out the smallest item first: asyncio's {@code PriorityQueue}. Items are
 * ordered by their natural order ({@link Comparable}) or by a given {@link Comparator}; unlike
 * Python's {@code heapq}, items of equal priority come out in the order they were put (stable),
 * so a {@code (priority, payload)} pair needs no tie-breaking counter.
 *
 * <p>Loop-confined: use it from the tasks and callbacks of one event loop (debug mode checks it).
 *
 * @param <T> the type of the items
 */
public final class PriorityQueue<T> extends Queue<T> {
    private boolean natural;

    /** An unbounded queue of {@link Comparable} items, smallest first. */
    public PriorityQueue() {
        this(0);
    }

    /**
     * A queue of {@link Comparable} items, smallest first, holding at most {@code maxsize}
     * (0 or less: unbounded). Putting an item that is not {@code Comparable} throws
     * {@link ClassCastException} (and puts nothing).
     */
    public PriorityQueue(int maxsize) {
        super(maxsize, Storage.priority(naturalOrder()));
        natural = true;
    }

    /** An unbounded queue ordered by {@code order}, smallest first. */
    public PriorityQueue(Comparator<? super T> order) {
        this(0, order);
    }

    /** A queue ordered by {@code order}, holding at most {@code maxsize} (0 or less: unbounded). */
    public PriorityQueue(int maxsize, Comparator<? super T> order) {
        super(maxsize, Storage.priority(requireOrder(order)));
    }

    @SuppressWarnings("unchecked")
    private static <T> Comparator<T> naturalOrder() {
        return (a, b) -> ((Comparable<? super T>) a).compareTo(b);
    }

    /** Rejects a non-Comparable item even when the queue is empty and nothing is compared yet. */
    @Override
    void checkItem(T item) {
        super.checkItem(item);
        if (natural && !(item instanceof Comparable)) {
            throw new ClassCastException(item.getClass().getName() + " is not Comparable: give the PriorityQueue a Comparator");
        }
    }

    private static <T> Comparator<T> requireOrder(Comparator<T> order) {
        if (order == null) {
            throw new NullPointerException("order must not be null");
        }
        return order;
    }
}
