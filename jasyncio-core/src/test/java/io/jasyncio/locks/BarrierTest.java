package io.jasyncio.locks;

import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Task;
import io.jasyncio.testkit.VirtualLoop;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class BarrierTest {

    @Test
    void partiesMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new Barrier(0));
    }

    @Test
    void releasesTheGroupTogetherWithArrivalIndices() {
        VirtualLoop.run(() -> {
            Barrier b = new Barrier(3);
            assertEquals(3, b.parties());
            List<String> log = new ArrayList<>();
            List<Task<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int n = i;
                tasks.add(Asyncio.createTask(() -> {
                    Asyncio.sleep(n); // arrive at t = 0, 1, 2
                    log.add("arrive " + n);
                    int index = b.await();
                    log.add("pass " + n);
                    return index;
                }));
                Asyncio.sleep(0);
            }
            Asyncio.sleep(1.5);
            assertEquals(2, b.nWaiting());
            for (int i = 0; i < 3; i++) {
                assertEquals(i, tasks.get(i).await());
            }
            assertEquals(List.of("arrive 0", "arrive 1", "arrive 2", "pass 2", "pass 0", "pass 1"), log);
            assertEquals(0, b.nWaiting());
            assertFalse(b.broken());
        });
    }

    @Test
    void isReusableRoundAfterRound() {
        VirtualLoop.run(() -> {
            Barrier b = new Barrier(2);
            List<Integer> indices = new ArrayList<>();
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                tasks.add(Asyncio.createTask(() -> {
                    for (int round = 0; round < 3; round++) {
                        indices.add(b.await());
                    }
                }));
            }
            for (Task<Void> t : tasks) {
                t.await();
            }
            assertEquals(6, indices.size());
            for (int round = 0; round < 3; round++) {
                assertEquals(new TreeSet<>(List.of(0, 1)), new TreeSet<>(indices.subList(2 * round, 2 * round + 2)));
            }
        });
    }

    @Test
    void abortBreaksWaitersAndLaterCallers() {
        VirtualLoop.run(() -> {
            Barrier b = new Barrier(3);
            Task<Integer> waiter = Asyncio.createTask(() -> b.await());
            Asyncio.sleep(0);
            assertEquals(1, b.nWaiting());
            b.abort();
            BrokenBarrierError e = assertThrows(BrokenBarrierError.class, waiter::await);
            assertInstanceOf(IllegalStateException.class, e, "asyncio's BrokenBarrierError is a RuntimeError (issue 8 §1.9)");
            assertEquals("Abort or reset of barrier", e.getMessage());
            assertTrue(b.broken());
            assertEquals("Barrier aborted", assertThrows(BrokenBarrierError.class, b::await).getMessage());
        });
    }

    @Test
    void resetBreaksTheCurrentRoundOnly() {
        VirtualLoop.run(() -> {
            Barrier b = new Barrier(2);
            Task<Integer> waiter = Asyncio.createTask(() -> b.await());
            Asyncio.sleep(0);
            b.reset();
            assertThrows(BrokenBarrierError.class, waiter::await);
            assertFalse(b.broken());
            assertEquals(0, b.nWaiting());
            Task<Integer> x = Asyncio.createTask(() -> b.await());
            Task<Integer> y = Asyncio.createTask(() -> b.await());
            assertEquals(0, x.await());
            assertEquals(1, y.await());
        });
    }

    @Test
    void cancelledWaiterLeavesTheCount() {
        VirtualLoop.run(() -> {
            Barrier b = new Barrier(2);
            Task<Integer> gone = Asyncio.createTask(() -> b.await());
            Asyncio.sleep(0);
            assertEquals(1, b.nWaiting());
            gone.cancel();
            assertThrows(CancelledError.class, gone::await);
            assertEquals(0, b.nWaiting());
            Task<Integer> x = Asyncio.createTask(() -> b.await());
            Task<Integer> y = Asyncio.createTask(() -> b.await());
            assertEquals(0, x.await());
            assertEquals(1, y.await());
        });
    }

    @Test
    void waiterCancelledAfterTheReleaseLeavesTheBarrierUsable() {
        VirtualLoop.run(() -> {
            Barrier b = new Barrier(2);
            Task<Integer> a = Asyncio.createTask(() -> b.await());
            Asyncio.sleep(0);
            assertEquals(1, b.await(), "the second arrival releases the round");
            a.cancel(); // released, then cancelled before it runs
            assertThrows(CancelledError.class, a::await);
            assertFalse(b.broken());
            Task<Integer> x = Asyncio.createTask(() -> b.await());
            Task<Integer> y = Asyncio.createTask(() -> b.await());
            assertEquals(0, x.await(), "the next round fills from zero");
            assertEquals(1, y.await());
        });
    }

    @Test
    void closingTheLoopCancelsWaitingParties() {
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), () -> {
            io.jasyncio.EventLoop loop = VirtualLoop.newLoop();
            Barrier b = new Barrier(3);
            List<Task<Integer>> parties = loop.runUntilComplete(() -> {
                List<Task<Integer>> ts = List.of(Asyncio.createTask(() -> b.await()), Asyncio.createTask(() -> b.await()));
                Asyncio.sleep(0);
                return ts;
            });
            assertEquals(2, b.nWaiting());
            loop.close();
            for (Task<Integer> t : parties) {
                assertTrue(t.cancelled(), t.toString());
            }
        });
    }

    @Test
    void onePartyPassesAtOnce() {
        VirtualLoop.run(() -> {
            Barrier b = new Barrier(1);
            assertEquals(0, b.await());
            assertEquals(0, b.await());
        });
    }

    /** Issue 8 §2: asyncio's {@code async with barrier as position}. */
    @Test
    void holdPassesTheBarrierAndYieldsTheArrivalIndex() {
        VirtualLoop.run(() -> {
            Barrier b = new Barrier(3);
            List<Integer> positions = new ArrayList<>();
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                tasks.add(Asyncio.createTask(() -> {
                    try (Barrier.Arrival arrival = b.hold()) {
                        positions.add(arrival.index());
                        assertEquals(0, b.nWaiting(), "inside the block the barrier was passed");
                    }
                }));
            }
            for (Task<Void> t : tasks) {
                t.await();
            }
            assertEquals(new TreeSet<>(List.of(0, 1, 2)), new TreeSet<>(positions));
            b.abort();
            assertThrows(BrokenBarrierError.class, b::hold);
        });
    }
}
