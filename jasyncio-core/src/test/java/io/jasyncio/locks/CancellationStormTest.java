package io.jasyncio.locks;

import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Task;
import io.jasyncio.TimeoutError;
import io.jasyncio.VoidCoroutine;
import io.jasyncio.queues.Queue;
import io.jasyncio.testkit.VirtualLoop;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 8 §1.1: the invariants of every primitive on the shared wait list hold under a storm of
 * thousands of tasks that time out or are cancelled at random points while they wait or hold.
 * Seeded and on the virtual clock, so every run is the same interleaving.
 */
class CancellationStormTest {
    private static final int TASKS = 3000;

    /** What each storm task does; the seeded random picks its delays. */
    private interface Work {
        void run(Random random);
    }

    /**
     * Runs {@link #TASKS} tasks, each starting at a random moment within 50 ms and doing {@code
     * work} inside a random timeout, while a chaos task cancels random tasks. Fails on any error
     * other than a timeout or a cancellation. Returns how many timed out or were cancelled.
     */
    private static int storm(long seed, Work work) {
        Random random = new Random(seed);
        List<Task<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            double start = random.nextDouble() * 0.05;
            double limit = random.nextDouble() * 0.004;
            Random own = new Random(random.nextLong());
            tasks.add(Asyncio.createTask(() -> {
                Asyncio.sleep(start);
                Asyncio.timeout(limit, (VoidCoroutine) () -> work.run(own));
            }));
        }
        Task<Void> chaos = Asyncio.createTask(() -> {
            for (int i = 0; i < TASKS / 10; i++) {
                Asyncio.sleep(random.nextDouble() * 0.001);
                tasks.get(random.nextInt(TASKS)).cancel();
            }
        });
        int interrupted = 0;
        for (Task<Void> t : tasks) {
            try {
                t.await();
            } catch (TimeoutError | CancelledError expected) {
                interrupted++;
            }
        }
        chaos.await();
        return interrupted;
    }

    /** Counts the tasks inside a critical section now and the most ever seen at once. */
    private static final class Occupancy {
        int now, max, entries;

        void enter() {
            now++;
            entries++;
            max = Math.max(max, now);
        }

        void leave() {
            now--;
        }
    }

    private static void occupy(Occupancy o, Random random) {
        o.enter();
        try {
            Asyncio.sleep(random.nextDouble() * 0.0005);
        } finally {
            o.leave();
        }
    }

    @Test
    void lockHasOneHolderAtMost() {
        VirtualLoop.run(() -> {
            Lock lock = new Lock();
            Occupancy o = new Occupancy();
            int interrupted = storm(1, random -> {
                try (var held = lock.hold()) {
                    occupy(o, random);
                }
            });
            assertEquals(1, o.max, "two holders at once");
            assertTrue(o.entries > 100 && interrupted > 100, o.entries + " entries, " + interrupted + " interrupted");
            assertFalse(lock.locked());
            assertEquals("<Lock [unlocked]>", lock.toString(), "every waiter left the list");
        });
    }

    @Test
    void semaphoreNeverHandsOutMorePermitsThanItHas() {
        VirtualLoop.run(() -> {
            Semaphore sem = new Semaphore(3);
            Occupancy o = new Occupancy();
            int interrupted = storm(2, random -> {
                try (var held = sem.hold()) {
                    occupy(o, random);
                }
            });
            assertEquals(3, o.max);
            assertTrue(o.entries > 100 && interrupted > 100, o.entries + " entries, " + interrupted + " interrupted");
            assertEquals(3, sem.value(), "a cancelled waiter consumed or created a permit");
            assertFalse(sem.locked());
        });
    }

    @Test
    void boundedSemaphoreIsNeverOverReleased() {
        VirtualLoop.run(() -> {
            BoundedSemaphore sem = new BoundedSemaphore(2);
            Occupancy o = new Occupancy();
            storm(3, random -> {
                sem.acquire();
                try {
                    occupy(o, random);
                } finally {
                    sem.release(); // throws if more permits came back than went out
                }
            });
            assertEquals(2, o.max);
            assertEquals(2, sem.value());
        });
    }

    @Test
    void conditionWaitersAlwaysHoldTheLockAndNoTokenIsTakenTwice() {
        VirtualLoop.run(() -> {
            Condition cond = new Condition();
            Occupancy o = new Occupancy();
            int[] tokens = {0};
            int[] produced = {0};
            int[] consumed = {0};
            storm(4, random -> {
                try (var held = cond.hold()) {
                    o.enter();
                    try {
                        if (random.nextBoolean()) {
                            tokens[0]++;
                            produced[0]++;
                            cond.signal();
                        } else {
                            o.leave(); // await releases the lock while it waits
                            try {
                                cond.awaitFor(() -> tokens[0] > 0);
                            } finally {
                                o.enter();
                                assertTrue(cond.locked(), "await returned or threw without the lock");
                            }
                            tokens[0]--;
                            consumed[0]++;
                        }
                    } finally {
                        o.leave();
                    }
                }
            });
            assertEquals(1, o.max);
            assertTrue(tokens[0] >= 0);
            assertEquals(produced[0], consumed[0] + tokens[0]);
            assertFalse(cond.locked());
        });
    }

    @Test
    void boundedQueueLosesAndDuplicatesNothing() {
        VirtualLoop.run(() -> {
            Queue<Integer> queue = new Queue<>(4);
            Set<Integer> put = new HashSet<>();
            Set<Integer> got = new HashSet<>();
            int[] next = {0};
            storm(5, random -> {
                if (random.nextBoolean()) {
                    int item = next[0]++;
                    queue.put(item);
                    assertTrue(put.add(item));
                } else {
                    Integer item = queue.get();
                    assertTrue(got.add(item), "item " + item + " taken twice");
                }
            });
            while (!queue.empty()) {
                assertTrue(got.add(queue.getNowait()));
            }
            assertEquals(put, got, "an item put was lost, or a cancelled put inserted one");
            assertTrue(put.size() > 100, put.size() + " items");
        });
    }
}
