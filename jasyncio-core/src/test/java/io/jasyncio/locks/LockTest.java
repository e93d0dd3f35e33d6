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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LockTest {

    @Test
    void acquireReleaseLocked() {
        VirtualLoop.run(() -> {
            Lock lock = new Lock();
            assertFalse(lock.locked());
            lock.acquire();
            assertTrue(lock.locked());
            lock.release();
            assertFalse(lock.locked());
        });
    }

    @Test
    void releasingAnUnlockedLockIsAnError() {
        VirtualLoop.run(() -> {
            Lock lock = new Lock();
            IllegalStateException e = assertThrows(IllegalStateException.class, lock::release);
            assertEquals("Lock is not acquired.", e.getMessage());
        });
    }

    @Test
    void waitersAcquireInFifoOrder() {
        List<Integer> order = VirtualLoop.run(() -> {
            Lock lock = new Lock();
            List<Integer> got = new ArrayList<>();
            lock.acquire();
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                int n = i;
                tasks.add(Asyncio.createTask(() -> {
                    lock.acquire();
                    got.add(n);
                    Asyncio.sleep(0);
                    lock.release();
                }));
            }
            Asyncio.sleep(0); // every task queues behind us
            lock.release();
            for (Task<Void> t : tasks) {
                t.await();
            }
            return got;
        });
        assertEquals(List.of(0, 1, 2, 3, 4), order);
    }

    /** SEMANTICS 10: unlocked after release, yet nobody jumps ahead of the woken waiter. */
    @Test
    void afterReleaseLockedIsFalseButNewAcquireCannotJumpTheQueue() {
        Steps steps = new Steps();
        VirtualLoop.run(() -> {
            Lock lock = new Lock();
            lock.acquire();
            Task<Void> waiter = Asyncio.createTask(() -> {
                steps.expect(1);
                lock.acquire();
                steps.expect(3);
                lock.release();
            });
            Asyncio.sleep(0);
            steps.expect(2);
            lock.release();
            assertFalse(lock.locked(), "free until the woken waiter runs");
            lock.acquire(); // suspends: the chosen waiter goes first
            steps.expect(4);
            lock.release();
            waiter.await();
            steps.finish(5);
        });
    }

    @Test
    void cancelledWaiterBeforeWakeUpLeavesTheQueue() {
        Steps steps = new Steps();
        VirtualLoop.run(() -> {
            Lock lock = new Lock();
            lock.acquire();
            Task<Void> a = Asyncio.createTask(() -> {
                lock.acquire();
                fail("a was cancelled");
            });
            Task<Void> b = Asyncio.createTask(() -> {
                lock.acquire();
                steps.expect(2);
                lock.release();
            });
            Asyncio.sleep(0);
            a.cancel();
            Asyncio.sleep(0);
            assertTrue(a.cancelled());
            steps.expect(1);
            lock.release();
            b.await();
            steps.finish(3);
            assertFalse(lock.locked());
        });
    }

    @Test
    void waiterCancelledAfterItWasChosenHandsTheLockOn() {
        Steps steps = new Steps();
        VirtualLoop.run(() -> {
            Lock lock = new Lock();
            lock.acquire();
            Task<Void> a = Asyncio.createTask(() -> {
                lock.acquire();
                fail("a was cancelled before it could run");
            });
            Task<Void> b = Asyncio.createTask(() -> {
                lock.acquire();
                steps.expect(2);
                lock.release();
            });
            Asyncio.sleep(0);
            steps.expect(1);
            lock.release(); // chooses a ...
            a.cancel();     // ... which is cancelled before it runs
            assertThrows(CancelledError.class, a::await);
            b.await(); // no lost wake-up: b gets the lock
            steps.finish(3);
            assertFalse(lock.locked());
        });
    }

    @Test
    void holdReleasesWhenTheBlockEnds() {
        VirtualLoop.run(() -> {
            Lock lock = new Lock();
            try (var held = lock.hold()) {
                assertTrue(lock.locked());
            }
            assertFalse(lock.locked());
            assertThrows(ArithmeticException.class, () -> {
                try (var held = lock.hold()) {
                    throw new ArithmeticException("boom");
                }
            });
            assertFalse(lock.locked(), "released when the body throws");
        });
    }

    @Test
    void contendedAcquireOutsideATaskIsAnError() {
        VirtualLoop.run(() -> {
            Lock lock = new Lock();
            lock.acquire();
            EventLoop loop = Asyncio.getRunningLoop();
            var error = loop.createFuture();
            loop.callSoon(() -> {
                try {
                    lock.acquire();
                } catch (IllegalStateException e) {
                    error.setResult(e);
                }
            });
            assertInstanceOf(IllegalStateException.class, error.await());
        });
    }

    @Test
    void closingTheLoopCancelsWaitersAndKeepsTheLockConsistent() {
        EventLoop loop = VirtualLoop.newLoop();
        Lock lock = new Lock();
        Task<Void> waiter = loop.runUntilComplete(() -> {
            lock.acquire();
            Task<Void> w = Asyncio.createTask(() -> lock.acquire());
            Asyncio.sleep(0);
            return w;
        });
        loop.close();
        assertTrue(waiter.cancelled());
        assertTrue(lock.locked(), "still held by the finished main task, never by the cancelled waiter");
    }

    @Test
    void aLockBelongsToOneLoop() {
        Lock lock = new Lock();
        VirtualLoop.run(() -> {
            lock.acquire();
            Task<Void> waiter = Asyncio.createTask(() -> lock.acquire());
            Asyncio.sleep(0);
            waiter.cancel();
            Asyncio.sleep(0);
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> VirtualLoop.run(() -> lock.acquire()));
        assertTrue(e.getMessage().contains("different event loop"), e.getMessage());
    }

    @Test
    void debugModeRejectsCallsFromOtherThreads() throws Exception {
        VirtualLoop.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            loop.setDebug(true);
            Lock lock = new Lock();
            lock.acquire();
            Task<Void> waiter = Asyncio.createTask(() -> lock.acquire()); // binds the lock to the loop
            Asyncio.sleep(0);
            CompletableFuture<Throwable> fromThread = new CompletableFuture<>();
            Thread.ofPlatform().start(() -> {
                try {
                    lock.release();
                    fromThread.complete(null);
                } catch (Throwable t) {
                    fromThread.complete(t);
                }
            });
            Throwable t = Asyncio.getRunningLoop().runInExecutor(null, () -> fromThread.get(10, TimeUnit.SECONDS)).await();
            assertInstanceOf(IllegalStateException.class, t);
            assertTrue(t.getMessage().contains("loop-confined"), t.getMessage());
            assertTrue(lock.locked());
            lock.release();
            waiter.await();
        });
    }

    /** Issue 8 §1.1: a waiter cancelled while first in line, then a release: one holder only. */
    @Test
    void cancelledFirstWaiterThenReleaseAdmitsExactlyOneHolder() {
        VirtualLoop.run(() -> {
            Lock lock = new Lock();
            int[] inside = {0, 0}; // now, most at once
            List<String> entered = new ArrayList<>();
            lock.acquire();
            List<Task<Void>> tasks = new ArrayList<>();
            for (String name : List.of("a", "b", "c")) {
                tasks.add(Asyncio.createTask(() -> {
                    lock.acquire();
                    inside[1] = Math.max(inside[1], ++inside[0]);
                    entered.add(name);
                    Asyncio.sleep(0);
                    inside[0]--;
                    lock.release();
                }));
            }
            Asyncio.sleep(0); // all three wait
            tasks.get(0).cancel();
            lock.release();
            for (Task<Void> t : tasks) {
                try {
                    t.await();
                } catch (CancelledError expected) {
                    assertSame(tasks.get(0), t);
                }
            }
            assertEquals(1, inside[1], "two tasks were inside at once");
            assertEquals(List.of("b", "c"), entered);
            assertFalse(lock.locked());
        });
    }

    /** Issue 8 §1.1: the reproduction with timeouts, no explicit cancel. */
    @Test
    void timeoutsAroundHoldNeverAdmitTwoHolders() {
        VirtualLoop.run(() -> {
            Lock lock = new Lock();
            int[] inside = {0, 0};
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                tasks.add(Asyncio.createTask(() -> {
                    try {
                        Asyncio.timeout(0.002, () -> {
                            try (var held = lock.hold()) {
                                inside[1] = Math.max(inside[1], ++inside[0]);
                                try {
                                    Asyncio.sleep(0.001);
                                } finally {
                                    inside[0]--;
                                }
                            }
                        });
                    } catch (io.jasyncio.TimeoutError expected) {
                        // most tasks time out waiting for the lock
                    }
                }));
            }
            for (Task<Void> t : tasks) {
                t.await(); // a release of an unheld lock would fail one of them
            }
            assertEquals(1, inside[1]);
            assertFalse(lock.locked());
        });
    }

    /** asyncio's Lock._wake_up_first: a woken waiter still coming blocks a second wake-up. */
    @Test
    void cancelledWaiterDoesNotWakeAnotherWhileTheChosenOneIsComing() {
        Steps steps = new Steps();
        VirtualLoop.run(() -> {
            Lock lock = new Lock();
            lock.acquire();
            Task<Void> a = Asyncio.createTask(() -> lock.acquire());
            Task<Void> b = Asyncio.createTask(() -> {
                lock.acquire();
                steps.expect(2);
                Asyncio.sleep(0);
                lock.release();
            });
            Task<Void> c = Asyncio.createTask(() -> {
                lock.acquire();
                steps.expect(3);
                lock.release();
            });
            Asyncio.sleep(0);
            a.cancel();     // a's waiter is cancelled, a has not run yet
            lock.release(); // nobody is woken: the head (a) is done and will pass it on
            steps.expect(1);
            assertThrows(CancelledError.class, a::await);
            b.await();
            c.await();
            steps.finish(4);
        });
    }
}
