package io.jasyncio.bench;

import io.jasyncio.Coroutine;
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
 * Spawn and finish a trivial task: {@code createTask} 100,000 times, then await every task in turn
 * (micro.py's {@code create_task_gather}); the time per task covers creating its virtual thread,
 * its one step, its result and waking the awaiting task.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TaskSpawn {
    static final int TASKS = 100_000;
    private static final Coroutine<Integer> TRIVIAL = () -> 1;

    @Param({"loop", "portable"})
    public String scheduler;

    /** Tasks alive at once: 100,000 as in micro.py, or 1,000 (a working set that fits the caches). */
    @Param({"100000", "1000"})
    public int batch;

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
