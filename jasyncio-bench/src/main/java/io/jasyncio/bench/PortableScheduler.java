package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.Future;
import io.jasyncio.Task;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * The portable scheduler's task switch, future round trip and spawn (the workloads of
 * {@code TaskSwitch}, {@code FutureRoundTrip} and {@code TaskSpawn} with 1,000 alive), in a fork
 * without {@code --add-opens} and with the JDK's default virtual-thread scheduler. Its subclass
 * {@link OneCarrier} runs the same in a fork with {@code -Djdk.virtualThreadScheduler.parallelism=1}
 * (a JVM-wide setting a user may choose, see docs/benchmarks.md), so one JMH run compares the two.
 */
@Fork(value = 1, jvmArgs = {"-Xss4m", "-Djasyncio.scheduler=portable"})
public class PortableScheduler extends OnLoop {
    private static final Coroutine<Integer> TRIVIAL = () -> 1;

    @Override
    protected String scheduler() {
        return "portable";
    }

    @Benchmark
    @OperationsPerInvocation(TaskSwitch.TASKS * TaskSwitch.ROUNDS)
    public void taskSwitch() {
        loop.runUntilComplete(() -> {
            Task<?>[] tasks = new Task<?>[TaskSwitch.TASKS];
            for (int i = 0; i < TaskSwitch.TASKS; i++) {
                tasks[i] = loop.createTask(() -> {
                    for (int r = 0; r < TaskSwitch.ROUNDS; r++) {
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

    @Benchmark
    @OperationsPerInvocation(FutureRoundTrip.ROUNDS)
    public long futureRoundTrip() {
        return loop.runUntilComplete(() -> {
            long sum = 0;
            for (int i = 0; i < FutureRoundTrip.ROUNDS; i++) {
                Future<Integer> f = loop.createFuture();
                loop.callSoon(() -> f.setResult(1));
                sum += f.await();
            }
            return sum;
        });
    }

    @Benchmark
    @OperationsPerInvocation(TaskSpawn.TASKS)
    public int spawn1kAlive() {
        return loop.runUntilComplete(() -> {
            @SuppressWarnings("unchecked")
            Task<Integer>[] tasks = new Task[PortableCarriers.SPAWN_BATCH];
            int sum = 0;
            for (int round = 0; round < TaskSpawn.TASKS / tasks.length; round++) {
                for (int i = 0; i < tasks.length; i++) {
                    tasks[i] = loop.createTask(TRIVIAL);
                }
                for (Task<Integer> t : tasks) {
                    sum += t.await();
                }
            }
            return sum;
        });
    }

    /** The same, on one carrier thread. */
    @Fork(value = 1, jvmArgs = {"-Xss4m", "-Djasyncio.scheduler=portable"},
            jvmArgsAppend = "-Djdk.virtualThreadScheduler.parallelism=1")
    public static class OneCarrier extends PortableScheduler {
    }
}
