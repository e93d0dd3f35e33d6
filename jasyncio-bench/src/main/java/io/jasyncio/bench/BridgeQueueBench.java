package io.jasyncio.bench;

import io.jasyncio.queues.BridgeQueue;

import java.util.concurrent.ArrayBlockingQueue;
import org.openjdk.jmh.annotations.*;

/**
 * A platform thread producing for a task, ns per item: through {@link BridgeQueue} (the task
 * suspends in {@code get}), through a {@link ArrayBlockingQueue} whose {@code take()} the task
 * calls directly (its virtual thread parks and the JDK resumes it through the loop; it works, but
 * cannot be cancelled by {@code task.cancel()}), and the thread-to-thread
 * {@link ArrayBlockingQueue} as a reference; and a task producing for a thread through
 * {@link BridgeQueue}. Capacity 1024 each.
 */
public class BridgeQueueBench extends OnLoop {
    static final int ITEMS = 200_000;
    static final int CAPACITY = 1024;

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long bridgeThreadToTask() throws InterruptedException {
        BridgeQueue<Integer> q = new BridgeQueue<>(loop, CAPACITY);
        Thread producer = Thread.ofPlatform().start(() -> {
            try {
                for (int i = 0; i < ITEMS; i++) {
                    q.putBlocking(i);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long sum = loop.runUntilComplete(() -> {
            long s = 0;
            for (int i = 0; i < ITEMS; i++) {
                s += q.get();
            }
            return s;
        });
        producer.join();
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long bridgeTaskToThread() throws Exception {
        BridgeQueue<Integer> q = new BridgeQueue<>(loop, CAPACITY);
        java.util.concurrent.CompletableFuture<Long> sum = new java.util.concurrent.CompletableFuture<>();
        Thread consumer = Thread.ofPlatform().start(() -> {
            long s = 0;
            try {
                for (int i = 0; i < ITEMS; i++) {
                    s += q.getBlocking();
                }
                sum.complete(s);
            } catch (Throwable t) {
                sum.completeExceptionally(t);
            }
        });
        loop.runUntilComplete(() -> {
            for (int i = 0; i < ITEMS; i++) {
                q.put(i);
            }
            return null;
        });
        consumer.join();
        return sum.get();
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long arrayBlockingQueueThreadToTask() throws InterruptedException {
        ArrayBlockingQueue<Integer> q = new ArrayBlockingQueue<>(CAPACITY);
        Thread producer = Thread.ofPlatform().start(() -> produce(q));
        long sum = loop.runUntilComplete(() -> {
            long s = 0;
            for (int i = 0; i < ITEMS; i++) {
                s += q.take();
            }
            return s;
        });
        producer.join();
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long arrayBlockingQueueThreadToThread() throws InterruptedException {
        ArrayBlockingQueue<Integer> q = new ArrayBlockingQueue<>(CAPACITY);
        Thread producer = Thread.ofPlatform().start(() -> produce(q));
        long s = 0;
        for (int i = 0; i < ITEMS; i++) {
            s += q.take();
        }
        producer.join();
        return s;
    }

    private static void produce(ArrayBlockingQueue<Integer> q) {
        try {
            for (int i = 0; i < ITEMS; i++) {
                q.put(i);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
