package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;


/**
 * Task switch: 1,000 tasks each looping {@code Asyncio.sleep(0)}, so every sleep parks one task and
 * resumes the next (micro.py's {@code sleep0_1k_tasks}). One invocation runs the whole batch on one
 * loop run; JMH divides by the number of switches. The 1,000 task creations fall inside the timed
 * run (under 1% of it).
 */
public class TaskSwitch extends OnLoop {
    static final int TASKS = 1_000;
    static final int ROUNDS = 200;

    @Param({"loop", "portable"})
    public String scheduler;

    @Override
    protected String scheduler() {
        return scheduler;
    }

    @Benchmark
    @OperationsPerInvocation(TASKS * ROUNDS)
    public void sleep0Among1kTasks() {
        loop.runUntilComplete(() -> {
            Task<?>[] tasks = new Task<?>[TASKS];
            for (int i = 0; i < TASKS; i++) {
                tasks[i] = loop.createTask(() -> {
                    for (int r = 0; r < ROUNDS; r++) {
                        Asyncio.sleep(0);
                    }
                });
            }
            for (Task<?> t : tasks) {
                t.await();
            }
            return null;
        });
    }
}
