package io.jasyncio.locks;

import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.testkit.Steps;
import io.jasyncio.testkit.VirtualLoop;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionTest {

    @Test
    void awaitAndSignalNeedTheLock() {
        VirtualLoop.run(() -> {
            Condition c = new Condition();
            assertEquals("cannot wait on un-acquired lock",
                    assertThrows(IllegalStateException.class, c::await).getMessage());
            assertEquals("cannot notify on un-acquired lock",
                    assertThrows(IllegalStateException.class, () -> c.signal()).getMessage());
            assertThrows(IllegalStateException.class, c::signalAll);
        });
    }

    @Test
    void signalWakesWaitersInFifoOrderNAtATime() {
        List<Integer> order = VirtualLoop.run(() -> {
            Condition c = new Condition();
            List<Integer> woken = new ArrayList<>();
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                int n = i;
                tasks.add(Asyncio.createTask(() -> {
                    try (var held = c.hold()) {
                        c.await();
                        assertTrue(c.locked(), "the lock is held again after await");
                        woken.add(n);
                    }
                }));
            }
            Asyncio.sleep(0);
            try (var held = c.hold()) {
                c.signal(2);
            }
            Asyncio.sleep(0);
            Asyncio.sleep(0);
            assertEquals(List.of(0, 1), woken);
            try (var held = c.hold()) {
                c.signal();
            }
            Asyncio.sleep(0);
            Asyncio.sleep(0);
            assertEquals(List.of(0, 1, 2), woken);
            try (var held = c.hold()) {
                c.signalAll();
            }
            for (Task<Void> t : tasks) {
                t.await();
            }
            return woken;
        });
        assertEquals(List.of(0, 1, 2, 3, 4), order);
    }

    @Test
    void awaitForChecksThePredicateFirstAndAfterEachWakeUp() {
        VirtualLoop.run(() -> {
            Condition c = new Condition();
            int[] value = {0};
            int[] checks = {0};
            Task<Boolean> waiter = Asyncio.createTask(() -> {
                try (var held = c.hold()) {
                    return c.awaitFor(() -> {
                        checks[0]++;
                        return value[0] == 2;
                    });
                }
            });
            for (int i = 1; i <= 2; i++) {
                Asyncio.sleep(0);
                try (var held = c.hold()) {
                    value[0] = i;
                    c.signalAll();
                }
            }
            assertTrue(waiter.await());
            assertEquals(3, checks[0]);
            try (var held = c.hold()) {
                assertTrue(c.awaitFor(() -> true), "true at once: no wait");
            }
        });
    }

    /** SEMANTICS 11, first half: a cancelled await re-acquires the lock before it raises. */
    @Test
    void cancelledAwaitReacquiresTheLockBeforeRaising() {
        Steps steps = new Steps();
        VirtualLoop.run(() -> {
            Condition c = new Condition();
            Task<Void> waiter = Asyncio.createTask(() -> {
                c.acquire();
                try {
                    c.await();
                    fail("cancelled");
                } catch (CancelledError e) {
                    steps.expect(3);
                    assertTrue(c.locked(), "the lock is held when CancelledError arrives");
                    c.release();
                    throw e;
                }
            });
            Asyncio.sleep(0);
            c.acquire(); // the waiter released it in await()
            steps.expect(1);
            waiter.cancel();
            Asyncio.sleep(0);
            Asyncio.sleep(0);
            assertFalse(waiter.done(), "the cancelled waiter waits for the lock");
            steps.expect(2);
            c.release();
            assertThrows(CancelledError.class, waiter::await);
            steps.finish(4);
        });
    }

    @Test
    void cancellingAgainWhileReacquiringStillEndsWithTheLockHeld() {
        VirtualLoop.run(() -> {
            Condition c = new Condition();
            boolean[] heldAtEnd = {false};
            Task<Void> waiter = Asyncio.createTask(() -> {
                c.acquire();
                try {
                    c.await();
                } finally {
                    heldAtEnd[0] = c.locked();
                    c.release();
                }
            });
            Asyncio.sleep(0);
            c.acquire();
            waiter.cancel();
            Asyncio.sleep(0);
            waiter.cancel(); // cancelled again while it waits for the lock
            Asyncio.sleep(0);
            c.release();
            assertThrows(CancelledError.class, waiter::await);
            assertTrue(heldAtEnd[0]);
            assertFalse(c.locked());
        });
    }

    /** SEMANTICS 11, second half: a signal sent to a waiter then cancelled goes to another (3.13). */
    @Test
    void signalToAWaiterThatIsThenCancelledPassesToAnother() {
        Steps steps = new Steps();
        VirtualLoop.run(() -> {
            Condition c = new Condition();
            Task<Void> a = Asyncio.createTask(() -> {
                try (var held = c.hold()) {
                    c.await();
                    fail("a is cancelled");
                }
            });
            Task<Void> b = Asyncio.createTask(() -> {
                try (var held = c.hold()) {
                    c.await();
                    steps.expect(2);
                }
            });
            Asyncio.sleep(0);
            try (var held = c.hold()) {
                steps.expect(1);
                c.signal(1); // wakes a ...
                a.cancel();  // ... which is cancelled before it runs
            }
            assertThrows(CancelledError.class, a::await);
            b.await();
            steps.finish(3);
        });
    }

    /** Re-acquiring after cancellation must give up when the loop closes: nobody can release it then. */
    @Test
    void closingTheLoopEndsAWaiterWhoseLockIsHeldElsewhere() {
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), () -> {
            EventLoop loop = VirtualLoop.newLoop();
            Condition c = new Condition();
            Task<Void> waiter = loop.runUntilComplete(() -> {
                Task<Void> w = Asyncio.createTask(() -> {
                    try (var held = c.hold()) {
                        c.await();
                    }
                });
                Asyncio.sleep(0);
                c.acquire(); // held by the finished main task for good
                return w;
            });
            loop.close();
            assertTrue(waiter.cancelled(), waiter.toString());
        });
    }

    @Test
    void conditionsCanShareALock() {
        VirtualLoop.run(() -> {
            Lock lock = new Lock();
            Condition notEmpty = new Condition(lock);
            Condition notFull = new Condition(lock);
            assertSame(lock, notEmpty.lock());
            List<Integer> box = new ArrayList<>();
            Task<Integer> consumer = Asyncio.createTask(() -> {
                try (var held = lock.hold()) {
                    notEmpty.awaitFor(() -> !box.isEmpty());
                    int v = box.remove(0);
                    notFull.signal();
                    return v;
                }
            });
            Asyncio.sleep(0);
            try (var held = notFull.hold()) {
                assertTrue(notEmpty.locked());
                box.add(42);
                notEmpty.signal();
            }
            assertEquals(42, consumer.await());
            assertThrows(NullPointerException.class, () -> new Condition(null));
        });
    }
}
