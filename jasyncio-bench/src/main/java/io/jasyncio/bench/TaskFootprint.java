package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import org.openjdk.jol.info.GraphLayout;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * What one parked task holds, object by object: walks the object graph of N parked tasks (each
 * awaiting its own future) with JOL, subtracts the graph of the loop alone, and prints the classes
 * that remain with their count and bytes per task. {@link MemoryPerTask} gives the total from the
 * heap; this says where it goes. Run with {@code jasyncio-bench/bin/footprint [N]} (default 1000).
 */
public final class TaskFootprint {
    private TaskFootprint() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        if (args.length > 1 && args[1].equals("bare")) {
            bare(n);
            return;
        }
        String scheduler = System.getProperty(LoopFixture.SCHEDULER_PROPERTY, "loop");
        EventLoop loop = LoopFixture.open(scheduler);
        try {
            // Warm up first: a stack parked in interpreted frames is larger than a compiled one.
            for (int i = 0; i < 3; i++) {
                park(loop, 100_000, false);
            }
            park(loop, n, true);
        } finally {
            loop.close();
        }
    }

    /**
     * The floor: n bare virtual threads scheduled by a plain queue (the JDK's hidden builder, as the
     * loop scheduler uses, nothing of jasyncio), each parked in {@code LockSupport.park()} directly
     * in its body.
     */
    private static void bare(int n) {
        try {
            Constructor<?> c = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder")
                    .getDeclaredConstructor(Executor.class);
            c.setAccessible(true);
            ArrayDeque<Runnable> ready = new ArrayDeque<>();
            Thread.Builder.OfVirtual builder = (Thread.Builder.OfVirtual) c.newInstance((Executor) ready::add);
            for (int round = 0; round < 4; round++) {
                boolean[] go = new boolean[1];
                Thread[] threads = new Thread[round < 3 ? 100_000 : n];
                for (int i = 0; i < threads.length; i++) {
                    threads[i] = builder.start(() -> {
                        while (!go[0]) {
                            LockSupport.park();
                        }
                    });
                }
                for (Runnable r; (r = ready.poll()) != null; ) {
                    r.run();
                }
                if (round == 3) {
                    System.out.printf("# %d bare virtual threads parked in LockSupport.park(), java %s%n", n,
                            Runtime.version());
                    System.out.println(perTaskRows(n));
                }
                go[0] = true;
                for (Thread t : threads) {
                    LockSupport.unpark(t);
                }
                for (Runnable r; (r = ready.poll()) != null; ) {
                    r.run();
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("needs --add-opens java.base/java.lang=ALL-UNNAMED: " + e, e);
        }
    }

    /** The rows of the GC class histogram (jcmd's GC.class_histogram) with at least n instances. */
    private static String perTaskRows(int n) {
        try {
            Object out = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            StringBuilder sb = new StringBuilder();
            for (String line : out.toString().split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 4 && f[0].endsWith(":") && Long.parseLong(f[1]) >= n) {
                    long count = Long.parseLong(f[1]), bytes = Long.parseLong(f[2]);
                    sb.append(String.format("  %-70s %8d  %7.1f B/instance  %7.1f B/task%n", f[3], count,
                            (double) bytes / count, (double) bytes / n));
                }
            }
            return sb.toString();
        } catch (JMException e) {
            throw new IllegalStateException("no class histogram: " + e, e);
        }
    }

    /**
     * The stack chunks of the parked tasks' continuations, read from the JDK's fields: a chunk's
     * capacity ({@code size}) against the words its frozen frames use ({@code bottom - sp}). A
     * freeze reuses the chunk when the frames fit, so a chunk keeps the capacity of the deepest
     * freeze it ever held; the histogram's bytes per chunk are the capacity plus the object header.
     */
    private static String chunkRows(Task<?>[] tasks) {
        try {
            Field fiberField = Task.class.getDeclaredField("fiber");
            fiberField.setAccessible(true);
            Method threadOf = fiberField.getType().getMethod("thread");
            Field cont = Class.forName("java.lang.VirtualThread").getDeclaredField("cont");
            cont.setAccessible(true);
            Field tail = Class.forName("jdk.internal.vm.Continuation").getDeclaredField("tail");
            tail.setAccessible(true);
            Class<?> chunk = Class.forName("jdk.internal.vm.StackChunk");
            Field size = chunk.getDeclaredField("size");
            Field sp = chunk.getDeclaredField("sp");
            Field bottom = chunk.getDeclaredField("bottom");
            Field parent = chunk.getDeclaredField("parent");
            for (Field f : new Field[] {size, sp, bottom, parent}) {
                f.setAccessible(true);
            }
            int[] capacity = new int[tasks.length];
            int[] used = new int[tasks.length];
            int chained = 0;
            for (int i = 0; i < tasks.length; i++) {
                Object c = tail.get(cont.get(threadOf.invoke(fiberField.get(tasks[i]))));
                capacity[i] = 8 * size.getInt(c);
                used[i] = 8 * (bottom.getInt(c) - sp.getInt(c));
                if (parent.get(c) != null) {
                    chained++;
                }
            }
            Arrays.sort(capacity);
            Arrays.sort(used);
            int n = tasks.length;
            return String.format("stack chunks (bytes of stack, header not counted): capacity median %d [min %d, max %d],"
                    + " used by the frozen frames median %d [min %d, max %d]; %d tasks with more than one chunk",
                    capacity[n / 2], capacity[0], capacity[n - 1], used[n / 2], used[0], used[n - 1], chained);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "stack chunks: not readable (" + e + ")";
        }
    }

    private static void park(EventLoop loop, int n, boolean report) {
        loop.runUntilComplete(() -> {
            GraphLayout base = report ? GraphLayout.parseInstance(loop) : null;
            @SuppressWarnings("unchecked")
            Future<Void>[] futures = new Future[n];
            Task<?>[] tasks = new Task<?>[n];
            for (int i = 0; i < n; i++) {
                Future<Void> f = loop.createFuture();
                futures[i] = f;
                tasks[i] = loop.createTask(() -> {
                    f.await();
                });
            }
            Asyncio.sleep(0);
            Asyncio.sleep(0);
            if (report) {
                System.out.println("classes with at least one instance per task in the heap's class histogram"
                        + " (it counts stack chunks at their real, variable size; JOL sees only their header):");
                System.out.println(perTaskRows(n));
                GraphLayout parked = GraphLayout.parseInstance(loop, tasks, futures).subtract(base);
                System.out.printf("# %d tasks parked, scheduler=%s, java %s%n", n, loop.schedulerName(),
                        Runtime.version());
                System.out.print(parked.toFootprint());
                System.out.println("frames of a parked task (each is kept in its stack chunk):");
                for (StackTraceElement e : tasks[0].getStack()) {
                    System.out.println("  " + e);
                }
                System.out.println(chunkRows(tasks));
                System.out.printf("bytes_per_task=%.1f (task and future arrays included: %d B each)%n",
                        (double) parked.totalSize() / n, 16 + 4L * n);
            }
            for (Future<Void> f : futures) {
                f.setResult(null);
            }
            for (Task<?> t : tasks) {
                t.await();
            }
            return null;
        });
    }
}
