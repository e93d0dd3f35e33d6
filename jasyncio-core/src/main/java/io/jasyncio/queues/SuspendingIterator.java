package io.jasyncio.queues;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * The iterator behind {@code for (T item : queue)}: {@code hasNext()} suspends in the queue's
 * {@code get} and answers false once that raises {@link QueueShutDown} (shut down and drained).
 */
final class SuspendingIterator<T> implements Iterator<T> {
    private final Supplier<T> get;
    private T next;
    private boolean hasItem;

    SuspendingIterator(Supplier<T> get) {
        this.get = get;
    }

    @Override
    public boolean hasNext() {
        if (!hasItem) {
            try {
                next = get.get();
                hasItem = true;
            } catch (QueueShutDown drained) {
                return false;
            }
        }
        return true;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the queue is shut down and empty");
        }
        T item = next;
        next = null;
        hasItem = false;
        return item;
    }
}
