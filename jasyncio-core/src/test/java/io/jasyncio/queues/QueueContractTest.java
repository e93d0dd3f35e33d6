package io.jasyncio.queues;

import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.testkit.Steps;
import io.jasyncio.testkit.VirtualLoop;

import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every loop-confined queue keeps whatever its order: waiting, cancellation at each
 * point, join, shutdown, closing the loop. Run against {@link Queue}, {@link LifoQueue} and
 * {@link PriorityQueue}; order-specific behaviour is in {@link QueueTest}.
 */
class QueueContractTest {
    record Kind(String name, IntFunction<Queue<Integer>> factory) {
        Queue<Integer> make(int maxsize) {
            return factory.apply(maxsize);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Kind> kinds() {
        return Stream.of(new Kind("Queue", Queue::new), new Kind("LifoQueue", LifoQueue::new),
                new Kind("PriorityQueue", PriorityQueue::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void getCancelledAfterItWasWokenNeverLosesTheItem(Kind kind) {
        VirtualLoop.run(() -> {
            Queue<Integer> q = kind.make(0);
            Task<Integer> a = Asyncio.createTask(() -> q.get());
            Task<Integer> b = Asyncio.createTask(() -> q.get());
            Asyncio.sleep(0);
            q.putNowait(7); // wakes a ...
            a.cancel();     // ... which is cancelled before it takes the item
            assertThrows(CancelledError.class, a::await);
            assertEquals(7, b.await(), "the wake-up and the item passed to b");
            assertTrue(q.empty());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void putCancelledAfterItWasWokenNeverInserts(Kind kind) {
        VirtualLoop.run(() -> {
            Queue<Integer> q = kind.make(1);
            q.putNowait(0);
            Task<Void> a = Asyncio.createTask(() -> q.put(1));
            Task<Void> b = Asyncio.createTask(() -> q.put(2));
            Asyncio.sleep(0);
            assertEquals(0, q.getNowait()); // wakes a ...
            a.cancel();                     // ... which is cancelled before it inserts
            assertThrows(CancelledError.class, a::await);
            b.await();
            assertEquals(1, q.qsize());
            assertEquals(2, q.getNowait());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void cancelledPutBeforeWakeUpInsertsNothing(Kind kind) {
        VirtualLoop.run(() -> {
            Queue<Integer> q = kind.make(1);
            q.putNowait(0);
            Task<Void> a = Asyncio.createTask(() -> q.put(1));
            Asyncio.sleep(0);
            a.cancel();
            assertThrows(CancelledError.class, a::await);
            assertEquals(0, q.getNowait());
            assertTrue(q.empty());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void cancelledGetBeforeWakeUpLeavesTheQueue(Kind kind) {
        VirtualLoop.run(() -> {
            Queue<Integer> q = kind.make(0);
            Task<Integer> a = Asyncio.createTask(() -> q.get());
            Task<Integer> b = Asyncio.createTask(() -> q.get());
            Asyncio.sleep(0);
            a.cancel();
            Asyncio.sleep(0);
            q.putNowait(7);
            assertEquals(7, b.await());
            assertTrue(a.cancelled());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void taskDoneAndJoin(Kind kind) {
        Steps steps = new Steps();
        VirtualLoop.run(() -> {
            Queue<Integer> q = kind.make(0);
            q.join(); // nothing pending: returns at once
            assertThrows(IllegalStateException.class, q::taskDone);
            q.putNowait(1);
            q.putNowait(2);
            Task<Void> joiner = Asyncio.createTask(() -> {
                q.join();
                steps.expect(3);
            });
            Asyncio.sleep(0);
            q.getNowait();
            q.taskDone();
            steps.expect(1);
            Asyncio.sleep(0);
            assertFalse(joiner.done(), "one item is still pending");
            q.getNowait();
            steps.expect(2);
            q.taskDone();
            joiner.await();
            steps.finish(4);
            IllegalStateException e = assertThrows(IllegalStateException.class, q::taskDone);
            assertEquals("taskDone() called too many times", e.getMessage());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void shutdownWakesWaitingGettersAndPutters(Kind kind) {
        VirtualLoop.run(() -> {
            Queue<Integer> empty = kind.make(0);
            Task<Integer> getter = Asyncio.createTask(() -> empty.get());
            Queue<Integer> full = kind.make(1);
            full.putNowait(1);
            Task<Void> putter = Asyncio.createTask(() -> full.put(2));
            Asyncio.sleep(0);
            empty.shutdown();
            full.shutdown();
            assertThrows(QueueShutDown.class, getter::await);
            assertThrows(QueueShutDown.class, putter::await);
            assertTrue(full.isShutDown());
            assertThrows(QueueShutDown.class, () -> full.putNowait(3));
            assertThrows(QueueShutDown.class, () -> full.put(3));
            assertEquals(1, full.get(), "queued items can still be drained");
            assertThrows(QueueShutDown.class, full::get);
            assertThrows(QueueShutDown.class, full::getNowait);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void immediateShutdownDropsItemsAndReleasesJoin(Kind kind) {
        VirtualLoop.run(() -> {
            Queue<Integer> q = kind.make(0);
            q.putNowait(1);
            q.putNowait(2);
            Task<Void> joiner = Asyncio.createTask(() -> q.join());
            Asyncio.sleep(0);
            q.shutdown(true);
            joiner.await();
            assertTrue(q.empty());
            assertThrows(QueueShutDown.class, q::get);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void joinStaysBlockedAfterPlainShutdownUntilItemsAreDone(Kind kind) {
        VirtualLoop.run(() -> {
            Queue<Integer> q = kind.make(0);
            q.putNowait(1);
            q.shutdown();
            Task<Void> joiner = Asyncio.createTask(() -> q.join());
            Asyncio.sleep(0);
            assertFalse(joiner.done());
            q.get();
            q.taskDone();
            joiner.await();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void closingTheLoopCancelsWaitingGettersAndPutters(Kind kind) {
        EventLoop loop = VirtualLoop.newLoop();
        Queue<Integer> empty = kind.make(0);
        Queue<Integer> full = kind.make(1);
        full.putNowait(0);
        Task<Integer> getter = loop.createTask(() -> empty.get());
        Task<Void> putter = loop.createTask(() -> full.put(1));
        loop.runUntilComplete(() -> {
            Asyncio.sleep(0);
            return null;
        });
        loop.close();
        assertTrue(getter.cancelled());
        assertTrue(putter.cancelled());
        assertEquals(1, full.qsize(), "the cancelled put inserted nothing");
    }
}
