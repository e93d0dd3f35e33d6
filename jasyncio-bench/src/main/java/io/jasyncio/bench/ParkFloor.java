package io.jasyncio.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.reflect.Constructor;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The floor under jasyncio's task switch and future round trip: bare virtual threads whose
 * scheduler is a plain {@code ArrayDeque} drained by the benchmark thread (the same hidden JDK
 * constructor the loop scheduler uses, nothing of jasyncio), so each figure is only the JDK's
 * continuation yield and resume plus one queue hop. {@code TaskSwitch} and {@code FutureRoundTrip}
 * do the same work through the loop; the difference is what jasyncio adds.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ParkFloor {
    static final int TASKS = 1_000;
    static final int ROUNDS = 200;
    static final int TRIPS = 200_000;

    private final ArrayDeque<Runnable> ready = new ArrayDeque<>(4096);
    private Thread.Builder.OfVirtual builder;

    @Setup
    public void setUp() throws ReflectiveOperationException {
        Constructor<?> c = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder")
                .getDeclaredConstructor(Executor.class);
        c.setAccessible(true);
        Executor queue = ready::add; // only ever called on the benchmark thread here
        builder = (Thread.Builder.OfVirtual) c.newInstance(queue);
    }

    private void drain() {
        Runnable r;
        while ((r = ready.poll()) != null) {
            r.run();
        }
    }

    /** 1,000 virtual threads each yielding 200 times: a switch is a yield, a queue hop and a resume. */
    @Benchmark
    @OperationsPerInvocation(TASKS * ROUNDS)
    public void yieldAmong1kThreads() {
        for (int i = 0; i < TASKS; i++) {
            builder.start(() -> {
                for (int r = 0; r < ROUNDS; r++) {
                    Thread.yield();
                }
            });
        }
        drain();
    }

    /**
     * One virtual thread parks 200,000 times; each time a queued callback (the future's setResult
     * in {@code FutureRoundTrip}) unparks it: park, run a callback, unpark, resume.
     */
    @Benchmark
    @OperationsPerInvocation(TRIPS)
    public void parkUnparkViaCallback() {
        Thread[] self = new Thread[1];
        boolean[] done = new boolean[1];
        Runnable wake = () -> {
            done[0] = true;
            LockSupport.unpark(self[0]);
        };
        self[0] = builder.start(() -> {
            for (int i = 0; i < TRIPS; i++) {
                done[0] = false;
                ready.add(wake);
                while (!done[0]) {
                    LockSupport.park();
                }
            }
        });
        drain();
    }
}
