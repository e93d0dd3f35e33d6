package io.jasyncio.queues;

import java.util.ArrayDeque;
import java.util.Comparator;

/** Where a {@link Queue} keeps its items; the order of {@code poll} is what tells queues apart. */
interface Storage<T> {
    void add(T item);

    /** Removes and returns the next item; the storage is not empty. */
    T poll();

    int size();

    /** First in, first out. */
    static <T> Storage<T> fifo() {
        return deque(false);
    }

    /** Last in, first out. */
    static <T> Storage<T> lifo() {
        return deque(true);
    }

    private static <T> Storage<T> deque(boolean lastFirst) {
        ArrayDeque<T> items = new ArrayDeque<>();
        return new Storage<>() {
            @Override
            public void add(T item) {
                items.addLast(item);
            }

            @Override
            public T poll() {
                return lastFirst ? items.pollLast() : items.pollFirst();
            }

            @Override
            public int size() {
                return items.size();
            }
        };
    }

    /** Smallest first by {@code order}; equal items in insertion order (a sequence number breaks ties). */
    static <T> Storage<T> priority(Comparator<? super T> order) {
        record Entry<T>(T item, long seq) {}
        Comparator<Entry<T>> byItem = (a, b) -> order.compare(a.item(), b.item());
        java.util.PriorityQueue<Entry<T>> heap = new java.util.PriorityQueue<>(
                byItem.thenComparingLong(Entry::seq));
        return new Storage<>() {
            private long nextSeq;

            @Override
            public void add(T item) {
                heap.add(new Entry<>(item, nextSeq++));
            }

            @Override
            public T poll() {
                return heap.poll().item();
            }

            @Override
            public int size() {
                return heap.size();
            }
        };
    }
}
