package io.jasyncio.bench;

import io.jasyncio.Coroutine;
import io.jasyncio.Task;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;


/**
 * Spawn and finish a trivial task: {@code createTask} 100,000 times, then await every task in turn
 * (micro.py's {@code create_task_gather}); the time per task covers creating its virtual thread,
 * its one step, its result and waking the awaiting task.
 */
public class TaskSpawn extends OnLoop {
    static final int TASKS = 100_000;
    private static final Coroutine<Integer> TRIVIAL = () -> 1;

    @Param({"loop", "portable"})
    public String scheduler;

    /** Tasks alive at once: 100,000 as in micro.py, or 1,000 (a working set that fits the caches). */
    @Param({"100000", "1000"})
    public int batch;

    @Override
    protected String scheduler() {
        return scheduler;
    }

    @Benchmark
    @OperationsPerInvocation(TASKS)
    public int createTaskThenAwaitAll() {
        return loop.runUntilComplete(() -> {
            @SuppressWarnings("unchecked")
            Task<Integer>[] tasks = new Task[batch];
            int sum = 0;
            for (int round = 0; round < TASKS / batch; round++) {
                for (int i = 0; i < batch; i++) {
                    tasks[i] = loop.createTask(TRIVIAL);
                }
                for (Task<Integer> t : tasks) {
                    sum += t.await();
                }
            }
            if (sum != TASKS) {
                throw new IllegalStateException("expected " + TASKS + " results, got " + sum);
            }
            return sum;
        });
    }
}
