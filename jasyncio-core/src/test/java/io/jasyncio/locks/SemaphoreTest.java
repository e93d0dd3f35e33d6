package io.jasyncio.locks;

import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Task;
import io.jasyncio.testkit.Steps;
import io.jasyncio.testkit.VirtualLoop;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SemaphoreTest {

    @Test
    void countsPermits() {
        VirtualLoop.run(() -> {
            Semaphore s = new Semaphore(2);
            assertFalse(s.locked());
            s.acquire();
            s.acquire();
            assertTrue(s.locked());
            s.release();
            assertFalse(s.locked());
            s.release();
            s.release(); // a plain Semaphore may grow past its initial value
            s.acquire();
            s.acquire();
            s.acquire();
            assertTrue(s.locked());
            assertEquals(1, new Semaphore().value());
        });
    }

    @Test
    void negativeInitialValueIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
        assertThrows(IllegalArgumentException.class, () -> new BoundedSemaphore(-1));
    }

    @Test
    void boundedSemaphoreRejectsOverRelease() {
        VirtualLoop.run(() -> {
            BoundedSemaphore s = new BoundedSemaphore(2);
            assertThrows(IllegalStateException.class, s::release);
            s.acquire();
            s.release();
            IllegalStateException e = assertThrows(IllegalStateException.class, s::release);
            assertEquals("BoundedSemaphore released too many times", e.getMessage());
            assertEquals(2, s.value());
        });
    }

    @Test
    void waitersAreServedInFifoOrder() {
        List<Integer> order = VirtualLoop.run(() -> {
            Semaphore s = new Semaphore(0);
            List<Integer> got = new ArrayList<>();
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int n = i;
                tasks.add(Asyncio.createTask(() -> {
                    s.acquire();
                    got.add(n);
                }));
            }
            Asyncio.sleep(0);
            for (int i = 0; i < 4; i++) {
                s.release();
            }
            for (Task<Void> t : tasks) {
                t.await();
            }
            return got;
        });
        assertEquals(List.of(0, 1, 2, 3), order);
    }

    /** SEMANTICS 12: releasing and at once re-acquiring goes to the back of the queue. */
    @Test
    void releaseThenAcquireGoesBehindTheWaiters() {
        Steps steps = new Steps();
        VirtualLoop.run(() -> {
            Semaphore s = new Semaphore(1);
            s.acquire();
            Task<Void> waiter = Asyncio.createTask(() -> {
                s.acquire();
                steps.expect(2);
                s.release();
            });
            Asyncio.sleep(0);
            steps.expect(1);
            s.release();
            assertTrue(s.locked(), "the permit is promised to the waiter");
            s.acquire(); // suspends behind the waiter
            steps.expect(3);
            s.release();
            waiter.await();
            steps.finish(4);
        });
    }

    /** SEMANTICS 12: a waiter cancelled before its wake-up never consumes a permit. */
    @Test
    void waiterCancelledBeforeWakeUpConsumesNothing() {
        VirtualLoop.run(() -> {
            Semaphore s = new Semaphore(0);
            Task<Void> a = Asyncio.createTask(() -> s.acquire());
            Task<Void> b = Asyncio.createTask(() -> s.acquire());
            Asyncio.sleep(0);
            a.cancel();
            Asyncio.sleep(0);
            assertTrue(a.cancelled());
            s.release();
            b.await();
            assertEquals(0, s.value());
            s.release();
            assertFalse(s.locked());
        });
    }

    /** SEMANTICS 12: a waiter cancelled after it was chosen hands its permit to the next. */
    @Test
    void waiterCancelledAfterItWasChosenPassesThePermitOn() {
        Steps steps = new Steps();
        VirtualLoop.run(() -> {
            Semaphore s = new Semaphore(0);
            Task<Void> a = Asyncio.createTask(() -> {
                s.acquire();
                fail("a is cancelled before it runs");
            });
            Task<Void> b = Asyncio.createTask(() -> {
                s.acquire();
                steps.expect(2);
            });
            Asyncio.sleep(0);
            steps.expect(1);
            s.release(); // chooses a ...
            a.cancel();  // ... which is cancelled before it runs
            assertThrows(CancelledError.class, a::await);
            b.await();
            steps.finish(3);
            assertEquals(0, s.value(), "exactly one permit was handed out");
        });
    }

    @Test
    void chosenWaiterWakesLaterArrivalsWhilePermitsRemain() {
        List<Integer> order = VirtualLoop.run(() -> {
            Semaphore s = new Semaphore(0);
            List<Integer> got = new ArrayList<>();
            Task<Void> first = Asyncio.createTask(() -> {
                s.acquire();
                got.add(0);
            });
            Asyncio.sleep(0);
            s.release();
            s.release(); // one permit chosen for first, one free but held back by FIFO
            Task<Void> second = Asyncio.createTask(() -> {
                s.acquire();
                got.add(1);
            });
            first.await();
            second.await();
            return got;
        });
        assertEquals(List.of(0, 1), order);
    }

    @Test
    void holdReleasesThePermit() {
        VirtualLoop.run(() -> {
            Semaphore s = new BoundedSemaphore(1);
            try (var held = s.hold()) {
                assertTrue(s.locked());
            }
            assertFalse(s.locked());
            assertEquals("<BoundedSemaphore [unlocked, value:1]>", s.toString());
            Semaphore plain = new Semaphore(1);
            Held held = plain.hold();
            held.close();
            held.close(); // a second close does not release a second permit
            assertEquals(1, plain.value());
        });
    }
}
