package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The core micro-benchmarks timed by the CPU time of the thread that does the work (the loop's
 * thread, which also carries every task), not by the wall clock: on this shared 2-core machine a
 * wall-clock figure counts the time other processes held the CPU, a CPU-time figure mostly does
 * not. Same workloads as {@code TaskSwitch}, {@code FutureRoundTrip} and {@code ParkFloor}.
 * Prints, per workload, the median and minimum of the timed passes in ns per operation.
 *
 * <p>{@code java --add-opens java.base/java.lang=ALL-UNNAMED -cp benchmarks.jar
 * io.jasyncio.bench.CpuPerOp [passes] [workload ...]}; workloads: switch, roundtrip, floor-yield,
 * floor-park (default: all), passes default 15 (after 5 uncounted).
 */
public final class CpuPerOp {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CpuPerOp() {}

    public static void main(String[] args) throws Exception {
        int passes = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        List<String> names = args.length > 1 ? Arrays.asList(args).subList(1, args.length)
                : List.of("switch", "roundtrip", "floor-yield", "floor-park");
        String scheduler = System.getProperty(LoopFixture.SCHEDULER_PROPERTY, "loop");
        System.out.printf("# CPU ns/op of the working thread, %d passes after 5 uncounted: java %s, scheduler=%s%n",
                passes, Runtime.version(), scheduler);
        for (String name : names) {
            LongSupplier pass = switch (name) {
                case "switch" -> onLoop(scheduler, CpuPerOp::switchPass);
                case "roundtrip" -> onLoop(scheduler, CpuPerOp::roundTripPass);
                case "floor-yield" -> floor(true);
                case "floor-park" -> floor(false);
                default -> throw new IllegalArgumentException("unknown workload: " + name);
            };
            long ops = switch (name) {
                case "switch", "floor-yield" -> (long) TaskSwitch.TASKS * TaskSwitch.ROUNDS;
                default -> FutureRoundTrip.ROUNDS;
            };
            for (int i = 0; i < 5; i++) {
                pass.getAsLong();
            }
            double[] perOp = new double[passes];
            for (int i = 0; i < passes; i++) {
                perOp[i] = (double) pass.getAsLong() / ops;
            }
            Arrays.sort(perOp);
            System.out.printf("%-12s median %7.1f  min %7.1f  max %7.1f ns/op%n", name, perOp[passes / 2], perOp[0],
                    perOp[passes - 1]);
        }
    }

    /** A pass on a loop: the loop thread's CPU time across the body's run, in ns. */
    private static LongSupplier onLoop(String scheduler, java.util.function.ToLongFunction<EventLoop> body) {
        EventLoop loop = LoopFixture.open(scheduler);
        return () -> body.applyAsLong(loop);
    }

    private static long cpuOfLoopThread(EventLoop loop, Runnable inTask) {
        long[] ids = new long[1];
        return loop.runUntilComplete(() -> {
            Future<Void> got = loop.createFuture();
            loop.callSoon(() -> { // a callback runs on the loop's own (platform) thread
                ids[0] = Thread.currentThread().threadId();
                got.setResult(null);
            });
            got.await();
            long start = THREADS.getThreadCpuTime(ids[0]);
            inTask.run();
            return THREADS.getThreadCpuTime(ids[0]) - start;
        });
    }

    private static long switchPass(EventLoop loop) {
        return cpuOfLoopThread(loop, () -> {
            Task<?>[] tasks = new Task<?>[TaskSwitch.TASKS];
            for (int i = 0; i < tasks.length; i++) {
                tasks[i] = loop.createTask(() -> {
                    for (int r = 0; r < TaskSwitch.ROUNDS; r++) {
                        Asyncio.sleep(0);
                    }
                });
            }
            for (Task<?> t : tasks) {
                t.await();
            }
        });
    }

    private static long roundTripPass(EventLoop loop) {
        return cpuOfLoopThread(loop, () -> {
            long sum = 0;
            for (int i = 0; i < FutureRoundTrip.ROUNDS; i++) {
                Future<Integer> f = loop.createFuture();
                loop.callSoon(() -> f.setResult(1));
                sum += f.await();
            }
            if (sum != FutureRoundTrip.ROUNDS) {
                throw new IllegalStateException("lost a result: " + sum);
            }
        });
    }

    /** ParkFloor's workloads, on the calling (platform) thread. */
    private static LongSupplier floor(boolean yield) {
        ParkFloor p = new ParkFloor();
        try {
            p.setUp();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("needs --add-opens java.base/java.lang=ALL-UNNAMED: " + e, e);
        }
        return () -> {
            long start = THREADS.getCurrentThreadCpuTime();
            if (yield) {
                p.yieldAmong1kThreads();
            } else {
                p.parkUnparkViaCallback();
            }
            return THREADS.getCurrentThreadCpuTime() - start;
        };
    }
}
