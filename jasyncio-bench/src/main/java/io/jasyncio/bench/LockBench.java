package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.locks.Lock;

import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.*;

/**
 * {@link Lock}: uncontended acquire+release in one task (micro.py's {@code lock_uncontended}), and
 * a contended hand-off where every acquire waits for the previous holder (FIFO: each release
 * hands the lock to the next of {@code tasks} tasks, so each acquire is one park and one wake-up).
 * Figures are ns per acquire+release.
 */
public class LockBench extends OnLoop {
    static final int UNCONTENDED = 1_000_000;
    static final int CONTENDED = 200_000;

    /** How many tasks take turns on the lock in the contended benchmark. */
    @State(Scope.Thread)
    public static class Contention {
        @Param({"2", "16"})
        public int tasks;
    }

    @Benchmark
    @OperationsPerInvocation(UNCONTENDED)
    public int uncontended() {
        return loop.runUntilComplete(() -> {
            Lock lock = new Lock();
            for (int i = 0; i < UNCONTENDED; i++) {
                try (var held = lock.hold()) {
                    // empty body, like `async with lock: pass`
                }
            }
            return UNCONTENDED;
        });
    }

    @Benchmark
    @OperationsPerInvocation(CONTENDED)
    public int contendedHandOff(Contention contention) {
        int tasks = contention.tasks;
        int perTask = CONTENDED / tasks;
        return loop.runUntilComplete(() -> {
            Lock lock = new Lock();
            int[] held = {0};
            lock.acquire(); // everybody queues first, then the lock goes round
            List<Task<Void>> all = new ArrayList<>();
            for (int t = 0; t < tasks; t++) {
                all.add(Asyncio.createTask(() -> {
                    for (int i = 0; i < perTask; i++) {
                        lock.acquire();
                        held[0]++;
                        lock.release();
                    }
                }));
            }
            Asyncio.sleep(0);
            lock.release();
            for (Task<Void> t : all) {
                t.await();
            }
            return held[0];
        });
    }
}
