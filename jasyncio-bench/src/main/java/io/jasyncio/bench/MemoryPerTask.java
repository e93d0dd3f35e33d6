package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Memory per parked task: starts N tasks that each await a future, lets every one of them park,
 * and prints the growth of the heap (used bytes after a full GC, before and while they are parked)
 * divided by N. Compare with micro.py's {@code mem_event_100k}, which measures RSS growth of
 * CPython tasks parked on one {@code asyncio.Event} (every waiter there gets its own future).
 *
 * <p>Two shapes: every task awaits its own future (the Event-like shape, future included), and all
 * tasks await one shared future. The growth counts the task, its virtual thread, the parked
 * stack, the future and one array slot per task. Run it through {@code jasyncio-bench/bin/memory};
 * the task counts are the arguments (default: 100000 1000000).
 */
public final class MemoryPerTask {
    private MemoryPerTask() {}

    public static void main(String[] args) {
        List<Integer> counts = new ArrayList<>();
        for (String a : args) {
            counts.add(Integer.parseInt(a.replace("_", "")));
        }
        if (counts.isEmpty()) {
            counts = List.of(100_000, 1_000_000);
        }
        String scheduler = System.getProperty(LoopFixture.SCHEDULER_PROPERTY, "loop");
        System.out.printf("# jasyncio memory per parked task: java %s, scheduler=%s, gc=%s, max heap %d MiB%n",
                Runtime.version(), scheduler, gcNames(), Runtime.getRuntime().maxMemory() >> 20);
        // Warm-up: a parked stack holds interpreted frames until the JIT has compiled the task's
        // methods, and interpreted frames are larger, so the counted runs come after compiled code.
        for (int i = 0; i < 3; i++) {
            measure(scheduler, 100_000, true);
            measure(scheduler, 100_000, false);
        }
        for (int n : counts) {
            for (boolean ownFuture : new boolean[] {true, false}) {
                double perTask = measure(scheduler, n, ownFuture);
                System.out.printf("tasks=%d awaiting=%s heap_bytes_per_task=%.0f%n",
                        n, ownFuture ? "own-future" : "one-shared-future", perTask);
            }
        }
    }

    /** Heap growth per task while {@code n} tasks are parked, in bytes. */
    private static double measure(String scheduler, int n, boolean ownFuture) {
        EventLoop loop = LoopFixture.open(scheduler);
        try {
            return loop.runUntilComplete(() -> {
                long before = usedHeapAfterGc();
                Future<Void> shared = loop.createFuture();
                @SuppressWarnings("unchecked")
                Future<Void>[] futures = new Future[ownFuture ? n : 0];
                Task<?>[] tasks = new Task<?>[n];
                for (int i = 0; i < n; i++) {
                    Future<Void> f = ownFuture ? loop.<Void>createFuture() : shared;
                    if (ownFuture) {
                        futures[i] = f;
                    }
                    tasks[i] = loop.createTask(() -> {
                        f.await();
                    });
                }
                Asyncio.sleep(0); // every task runs its first step up to its await and parks
                Asyncio.sleep(0);
                for (Task<?> t : tasks) {
                    if (t.done()) {
                        throw new IllegalStateException("a task finished before its future was set: " + t);
                    }
                }
                long parked = usedHeapAfterGc();
                if (ownFuture) {
                    for (Future<Void> f : futures) {
                        f.setResult(null);
                    }
                } else {
                    shared.setResult(null);
                }
                for (Task<?> t : tasks) {
                    t.await();
                }
                return (double) (parked - before) / n;
            });
        } finally {
            loop.close();
        }
    }

    /** Heap in use after full collections, repeated until it stops shrinking. */
    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            long now = memory.getHeapMemoryUsage().getUsed();
            if (now >= used) {
                return Math.min(now, used);
            }
            used = now;
        }
        return used;
    }

    private static String gcNames() {
        List<String> names = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            names.add(gc.getName());
        }
        return String.join("+", names);
    }
}
