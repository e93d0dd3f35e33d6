package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.queues.Queue;

import org.openjdk.jmh.annotations.*;

/**
 * {@link Queue}: a producer task puts N items, a consumer task gets them; ns per item. The same
 * shape as micro.py's {@code queue_unbounded} (put never waits) and {@code queue_maxsize1} (a
 * task switch per item).
 */
public class QueueBench extends OnLoop {
    static final int UNBOUNDED_ITEMS = 300_000;
    static final int BOUNDED_ITEMS = 100_000;

    @Benchmark
    @OperationsPerInvocation(UNBOUNDED_ITEMS)
    public long unbounded() {
        return pipe(0, UNBOUNDED_ITEMS);
    }

    @Benchmark
    @OperationsPerInvocation(BOUNDED_ITEMS)
    public long maxsize1() {
        return pipe(1, BOUNDED_ITEMS);
    }

    private long pipe(int maxsize, int n) {
        return loop.runUntilComplete(() -> {
            Queue<Integer> q = new Queue<>(maxsize);
            Task<Long> consumer = Asyncio.createTask(() -> {
                long sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += q.get();
                }
                return sum;
            });
            Task<Void> producer = Asyncio.createTask(() -> {
                for (int i = 0; i < n; i++) {
                    q.put(i);
                }
            });
            producer.await();
            return consumer.await();
        });
    }
}
