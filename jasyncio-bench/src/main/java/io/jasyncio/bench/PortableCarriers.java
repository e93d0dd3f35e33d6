package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the portable scheduler's task switch goes: how often a task step runs on another carrier
 * thread than the step before it, and what a switch costs in wall-clock time against CPU time
 * (the carriers' and the loop thread's together), with the JDK's default virtual-thread scheduler
 * and with {@code -Djdk.virtualThreadScheduler.parallelism=1}, beside the loop scheduler.
 *
 * <p>Under the portable scheduler a step hands the baton to the next task by unparking its virtual
 * thread from a carrier of the default {@code ForkJoinPool}: the unpark pushes the task onto that
 * carrier's own queue, but the pool's second worker, spinning idle, often steals it before the
 * carrier has finished parking the old task, so consecutive steps alternate between cores and
 * both burn CPU. With one carrier the next step always runs where the previous one parked.
 *
 * <p>{@code java -cp benchmarks.jar io.jasyncio.bench.PortableCarriers [rounds] [passes]} (default
 * 3 rounds of 11 passes after 5 uncounted): each round starts one child JVM per configuration,
 * in turn, so the configurations share the machine's load; the property must be set when the JVM
 * starts, before the JDK creates its scheduler. Prints per configuration and workload the median
 * over rounds of each child's median: wall ns/op, CPU ns/op of the JVM's platform threads (GC and
 * JIT threads are not among them), and, from a separate counting pass (it reads each step's
 * carrier from {@code Thread.toString()}, which costs time of its own), the share of steps that
 * ran on another carrier than the step before. Run it under {@code taskset -c N,M} to choose the
 * cores; the children inherit the affinity.
 */
public final class PortableCarriers {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final String ONE_CARRIER = "-Djdk.virtualThreadScheduler.parallelism=1";
    private static final String OPENS = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    private static final List<String> WORKLOADS = List.of("switch", "roundtrip", "spawn");
    static final int SPAWN_BATCH = 1_000;

    private PortableCarriers() {}

    /** A configuration: its label, the scheduler, and the child JVM's extra flags. */
    private record Config(String label, String scheduler, List<String> flags) {}

    private static final List<Config> CONFIGS = List.of(
            new Config("portable, default", "portable", List.of()),
            new Config("portable, parallelism=1", "portable", List.of(ONE_CARRIER)),
            new Config("loop scheduler", "loop", List.of(OPENS)));

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--child")) {
            child(Integer.parseInt(args[1]));
            return;
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 11;
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        String cp = System.getProperty("java.class.path");
        System.out.printf("# %d rounds, %d passes each (after 5 uncounted): java %s, %d CPUs%n", rounds, passes,
                Runtime.version(), Runtime.getRuntime().availableProcessors());
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (Config c : CONFIGS) {
                List<String> cmd = new ArrayList<>(List.of(java, "-Xss4m"));
                cmd.addAll(c.flags());
                cmd.addAll(List.of("-D" + LoopFixture.SCHEDULER_PROPERTY + "=" + c.scheduler(), "-cp", cp,
                        PortableCarriers.class.getName(), "--child", Integer.toString(passes)));
                Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                    for (String line; (line = out.readLine()) != null; ) {
                        String[] f = line.trim().split("\\s+");
                        if (f.length == 6 && f[0].equals("result")) { // result workload wall cpu changed steps
                            double[] row = {Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                                    Double.parseDouble(f[4]), Double.parseDouble(f[5])};
                            results.computeIfAbsent(c.label() + "|" + f[1], k -> new ArrayList<>()).add(row);
                            System.out.printf("round %d  %-24s %-9s wall %6.0f  cpu %6.0f ns/op  changed carrier %5.1f%%%n",
                                    round, c.label(), f[1], row[0], row[1], 100 * row[2] / row[3]);
                        }
                    }
                }
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("child failed: " + String.join(" ", cmd));
                }
            }
        }
        System.out.printf("%n| workload | configuration | wall ns/op | CPU ns/op | CPU/wall | steps on another carrier |%n");
        System.out.printf("|---|---|---|---|---|---|%n");
        for (String w : WORKLOADS) {
            for (Config c : CONFIGS) {
                List<double[]> rows = results.get(c.label() + "|" + w);
                double wall = median(rows, 0);
                double cpu = median(rows, 1);
                System.out.printf("| %s | %s | %.0f | %.0f | %.2f | %.1f%% |%n", w, c.label(), wall, cpu, cpu / wall,
                        100 * median(rows, 2) / median(rows, 3));
            }
        }
    }

    private static double median(List<double[]> rows, int col) {
        double[] v = rows.stream().mapToDouble(r -> r[col]).sorted().toArray();
        return v[v.length / 2];
    }

    // ----- the child: one configuration, every workload -----

    /** The carrier of the step that ran last, and the counts; touched only by the baton holder. */
    private static String lastCarrier;
    private static long changed;
    private static long steps;

    private static void child(int passes) {
        EventLoop loop = LoopFixture.open(System.getProperty(LoopFixture.SCHEDULER_PROPERTY));
        for (String w : WORKLOADS) {
            BodyOf body = switch (w) {
                case "switch" -> PortableCarriers::switchBody;
                case "roundtrip" -> PortableCarriers::roundTripBody;
                default -> PortableCarriers::spawnBody;
            };
            long ops = switch (w) {
                case "switch" -> (long) TaskSwitch.TASKS * TaskSwitch.ROUNDS;
                case "roundtrip" -> FutureRoundTrip.ROUNDS;
                default -> TaskSpawn.TASKS;
            };
            for (int i = 0; i < 5; i++) {
                measure(loop, body.of(loop, false));
            }
            double[] wall = new double[passes];
            double[] cpu = new double[passes];
            for (int i = 0; i < passes; i++) {
                long[] m = measure(loop, body.of(loop, false));
                wall[i] = (double) m[0] / ops;
                cpu[i] = (double) m[1] / ops;
            }
            lastCarrier = null;
            changed = 0;
            steps = 0;
            measure(loop, body.of(loop, true));
            Arrays.sort(wall);
            Arrays.sort(cpu);
            System.out.printf("result %s %.1f %.1f %d %d%n", w, wall[passes / 2], cpu[passes / 2], changed, steps);
        }
        loop.close();
    }

    /** A workload: the body of one pass, run in the loop's main task, counting carriers or not. */
    private interface BodyOf {
        Runnable of(EventLoop loop, boolean count);
    }

    /**
     * Runs {@code body} in a task on {@code loop}: wall ns and CPU ns of the platform threads across
     * it. Taken inside the task: the loop's platform thread lives for one run only.
     */
    private static long[] measure(EventLoop loop, Runnable body) {
        return loop.runUntilComplete(() -> {
            Map<Long, Long> before = platformCpu();
            long t0 = System.nanoTime();
            body.run();
            long t1 = System.nanoTime();
            Map<Long, Long> after = platformCpu();
            long used = 0;
            for (Map.Entry<Long, Long> e : after.entrySet()) {
                used += e.getValue() - before.getOrDefault(e.getKey(), 0L);
            }
            return new long[] {t1 - t0, used};
        });
    }

    /** CPU time so far of every live platform thread (carriers, the loop thread), by thread id. */
    private static Map<Long, Long> platformCpu() {
        Map<Long, Long> m = new HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            long t = THREADS.getThreadCpuTime(id);
            if (t > 0) {
                m.put(id, t);
            }
        }
        return m;
    }

    /** In a step: notes whether its carrier differs from the previous step's. */
    private static void noteCarrier() {
        String s = Thread.currentThread().toString(); // VirtualThread[#31]/runnable@ForkJoinPool-1-worker-2
        String carrier = s.substring(s.lastIndexOf('@') + 1);
        if (lastCarrier != null && !carrier.equals(lastCarrier)) {
            changed++;
        }
        lastCarrier = carrier;
        steps++;
    }

    private static Runnable switchBody(EventLoop loop, boolean count) {
        return () -> {
            Task<?>[] tasks = new Task<?>[TaskSwitch.TASKS];
            for (int i = 0; i < tasks.length; i++) {
                tasks[i] = loop.createTask(() -> {
                    for (int r = 0; r < TaskSwitch.ROUNDS; r++) {
                        Asyncio.sleep(0);
                        if (count) {
                            noteCarrier();
                        }
                    }
                });
            }
            for (Task<?> t : tasks) {
                t.await();
            }
        };
    }

    private static Runnable roundTripBody(EventLoop loop, boolean count) {
        return () -> {
            long sum = 0;
            for (int i = 0; i < FutureRoundTrip.ROUNDS; i++) {
                Future<Integer> f = loop.createFuture();
                loop.callSoon(() -> f.setResult(1));
                sum += f.await();
                if (count) {
                    noteCarrier();
                }
            }
            if (sum != FutureRoundTrip.ROUNDS) {
                throw new IllegalStateException("lost a result: " + sum);
            }
        };
    }

    private static Runnable spawnBody(EventLoop loop, boolean count) {
        Coroutine<Integer> trivial = count ? () -> {
            noteCarrier();
            return 1;
        } : () -> 1;
        return () -> {
            @SuppressWarnings("unchecked")
            Task<Integer>[] tasks = new Task[SPAWN_BATCH];
            long sum = 0;
            for (int round = 0; round < TaskSpawn.TASKS / SPAWN_BATCH; round++) {
                for (int i = 0; i < SPAWN_BATCH; i++) {
                    tasks[i] = loop.createTask(trivial);
                }
                for (Task<Integer> t : tasks) {
                    sum += t.await();
                }
            }
            if (sum != TaskSpawn.TASKS) {
                throw new IllegalStateException("expected " + TaskSpawn.TASKS + " results, got " + sum);
            }
        };
    }
}
