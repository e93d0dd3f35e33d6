package io.jasyncio.bench;

import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Spawning on a cold heap (issue 16 goal 4): {@code TaskSpawn}'s workload, pass by pass from the
 * JVM's start, so the first passes show what a short program pays for fresh heap (JMH's warm-up
 * hides it). Per pass: wall time and the whole process's CPU time (every thread: GC workers and
 * the kernel's page-fault work included) per task, collections and heap committed. On this shared
 * machine the CPU figure is the one to compare; the wall figure also counts other processes.
 *
 * <p>{@code java [--add-opens java.base/java.lang=ALL-UNNAMED] -cp benchmarks.jar
 * io.jasyncio.bench.SpawnCold [passes=20] [alive=100000]}: {@code alive} tasks are created, then
 * awaited in order, until 1,000,000 have run in the pass. Scheduler: {@code -Djasyncio.scheduler}.
 */
public final class SpawnCold {
    /** Tasks per pass: ten of TaskSpawn's invocations, so the process CPU clock's 10 ms ticks are 10 ns a task. */
    private static final int TASKS = 10 * TaskSpawn.TASKS;
    private static final Coroutine<Integer> TRIVIAL = () -> 1;

    private SpawnCold() {}

    public static void main(String[] args) {
        int passes = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int alive = args.length > 1 ? Integer.parseInt(args[1]) : TaskSpawn.TASKS;
        if (passes < 1 || alive < 1 || TASKS % alive != 0) {
            throw new IllegalArgumentException("passes must be >= 1 and alive must divide " + TASKS + ": passes=" + passes
                    + ", alive=" + alive);
        }
        String scheduler = System.getProperty(LoopFixture.SCHEDULER_PROPERTY, "loop");
        EventLoop loop = LoopFixture.open(scheduler);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf("# SpawnCold: %d passes of %,d tasks, %,d alive at once; java %s, scheduler=%s, %s, max heap %d MiB%n",
                passes, TASKS, alive, Runtime.version(), loop.schedulerName(), gcNames(),
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.println("pass  wall ns/task  cpu ns/task  GCs  GC ms  committed MiB");
        double[] wall = new double[passes];
        double[] cpu = new double[passes];
        try {
            for (int p = 0; p < passes; p++) {
                long gcs0 = gcCount(), gcMs0 = gcMillis(), cpu0 = os.getProcessCpuTime(), t0 = System.nanoTime();
                int sum = loop.runUntilComplete(() -> spawnAll(loop, alive));
                long t1 = System.nanoTime(), cpu1 = os.getProcessCpuTime();
                if (sum != TASKS) {
                    throw new IllegalStateException("expected " + TASKS + " results, got " + sum);
                }
                wall[p] = (double) (t1 - t0) / TASKS;
                cpu[p] = (double) (cpu1 - cpu0) / TASKS;
                System.out.printf("%4d  %12.0f  %11.0f  %3d  %5d  %13d%n", p + 1, wall[p], cpu[p], gcCount() - gcs0,
                        gcMillis() - gcMs0, Runtime.getRuntime().totalMemory() >> 20);
            }
        } finally {
            loop.close();
        }
        System.out.printf("all %d passes: wall median %.0f [%.0f-%.0f], cpu median %.0f [%.0f-%.0f] ns/task%n", passes,
                median(wall), min(wall), max(wall), median(cpu), min(cpu), max(cpu));
    }

    private static int spawnAll(EventLoop loop, int alive) {
        @SuppressWarnings("unchecked")
        Task<Integer>[] tasks = new Task[alive];
        int sum = 0;
        for (int round = 0; round < TASKS / alive; round++) {
            for (int i = 0; i < alive; i++) {
                tasks[i] = loop.createTask(TRIVIAL);
            }
            for (Task<Integer> t : tasks) {
                sum += t.await();
            }
        }
        return sum;
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    private static long gcMillis() {
        long ms = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    private static String gcNames() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList().toString();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElseThrow();
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElseThrow();
    }
}
