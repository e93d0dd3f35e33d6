package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Task switch: 1,000 tasks each looping {@code Asyncio.sleep(0)}, so every sleep parks one task and
 * resumes the next (micro.py's {@code sleep0_1k_tasks}). One invocation runs the whole batch on one
 * loop run; JMH divides by the number of switches. The 1,000 task creations fall inside the timed
 * run (under 1% of it).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TaskSwitch {
    static final int TASKS = 1_000;
    static final int ROUNDS = 200;

    @Param({"loop", "portable"})
    public String scheduler;

    private EventLoop loop;

    @Setup
    public void open() {
        loop = LoopFixture.open(scheduler);
    }

    @TearDown
    public void close() {
        loop.close();
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
