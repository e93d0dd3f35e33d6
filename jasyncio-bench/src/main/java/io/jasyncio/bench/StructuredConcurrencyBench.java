package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.Task;

import java.util.Arrays;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * gather, TaskGroup, waitFor and timeout, per operation; peers: micro.py's gather_100k_coros and
 * taskgroup_spawn, and python/structured.py for wait_for and timeout.
 * Run: {@code ./jasyncio bench StructuredConcurrency -f 1 -wi 3 -w 1s -i 5 -r 1s}
 */
public class StructuredConcurrencyBench extends OnLoop {
    private static final int TASKS = 100_000;
    private static final int CALLS = 10_000;

    /** {@code await gather(*[nop() for _ in range(100_000)])}: per coroutine. */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public int gather100kCoroutines() {
        return loop.runUntilComplete(() -> {
            Coroutine<?>[] cs = new Coroutine<?>[TASKS];
            Coroutine<Integer> nop = () -> 1;
            Arrays.fill(cs, nop);
            return Asyncio.gather(cs).await().size();
        });
    }

    /** 100 000 tasks created, then awaited one by one: the spawn cost gather and TaskGroup add to. */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public long spawn100kBaseline() {
        return loop.runUntilComplete(() -> {
            @SuppressWarnings("unchecked")
            Task<Integer>[] tasks = new Task[TASKS];
            for (int i = 0; i < TASKS; i++) {
                tasks[i] = loop.createTask(() -> 1);
            }
            long sum = 0;
            for (Task<Integer> t : tasks) {
                sum += t.await();
            }
            return sum;
        });
    }

    /** {@code async with TaskGroup() as tg: tg.create_task(nop())} x 100 000: per task. */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public int taskGroup100kChildren() {
        return loop.runUntilComplete(() -> {
            int[] n = {0};
            Asyncio.taskGroup(tg -> {
                for (int i = 0; i < TASKS; i++) {
                    tg.createTask(() -> n[0]++);
                }
            });
            return n[0];
        });
    }

    /** {@code await create_task(nop())}: the baseline waitFor adds to. */
    @Benchmark
    @OperationsPerInvocation(CALLS)
    public long awaitTaskBaseline() {
        return loop.runUntilComplete(() -> {
            long sum = 0;
            for (int i = 0; i < CALLS; i++) {
                sum += loop.createTask(() -> 1).await();
            }
            return sum;
        });
    }

    /** {@code await wait_for(nop(), 10)} on a coroutine that finishes at once. */
    @Benchmark
    @OperationsPerInvocation(CALLS)
    public long waitForImmediate() {
        return loop.runUntilComplete(() -> {
            long sum = 0;
            for (int i = 0; i < CALLS; i++) {
                sum += Asyncio.waitFor(() -> 1, 10);
            }
            return sum;
        });
    }

    /** {@code async with timeout(10): pass}: enter and exit. */
    @Benchmark
    @OperationsPerInvocation(CALLS)
    public long timeoutEnterExit() {
        return loop.runUntilComplete(() -> {
            long sum = 0;
            for (int i = 0; i < CALLS; i++) {
                sum += Asyncio.timeout(10, () -> 1);
            }
            return sum;
        });
    }
}
