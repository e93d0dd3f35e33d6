package io.jasyncio.queues;

import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.testkit.VirtualLoop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BridgeQueueTest {
    private static final Duration BOUND = Duration.ofSeconds(30);

    /**
     * Many items through a small queue, so that the task and the threads contend for the queue's
     * lock often: a task must never park on that lock (the loop thread could then deadlock on it).
     */
    @Test
    void threadsProduceForATask() {
        int threads = 4, perThread = 25_000;
        List<Thread> producers = new ArrayList<>();
        List<int[]> received = assertTimeoutPreemptively(BOUND, () -> VirtualLoop.run(() -> {
            BridgeQueue<int[]> q = new BridgeQueue<>(Asyncio.getRunningLoop(), 4);
            for (int t = 0; t < threads; t++) {
                int id = t;
                producers.add(Thread.ofPlatform().start(() -> {
                    try {
                        for (int i = 0; i < perThread; i++) {
                            q.putBlocking(new int[] {id, i});
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            List<int[]> got = new ArrayList<>();
            for (int n = 0; n < threads * perThread; n++) {
                got.add(q.get());
            }
            assertThrows(QueueEmpty.class, q::getNowait);
            return got;
        }));
        int[] next = new int[threads];
        for (int[] item : received) {
            assertEquals(next[item[0]]++, item[1], "each producer's items arrive in order, once");
        }
        for (int t = 0; t < threads; t++) {
            assertEquals(perThread, next[t]);
        }
        for (Thread p : producers) {
            assertTimeoutPreemptively(BOUND, () -> p.join());
        }
    }

    @Test
    void aTaskProducesForThreadsWithBackPressure() throws Exception {
        int items = 50_000, consumers = 2;
        List<CompletableFuture<List<Integer>>> results = new ArrayList<>();
        assertTimeoutPreemptively(BOUND, () -> VirtualLoop.run(() -> {
            BridgeQueue<Integer> q = new BridgeQueue<>(Asyncio.getRunningLoop(), 1);
            for (int c = 0; c < consumers; c++) {
                CompletableFuture<List<Integer>> result = new CompletableFuture<>();
                results.add(result);
                Thread.ofPlatform().start(() -> {
                    List<Integer> got = new ArrayList<>();
                    try {
                        while (true) {
                            got.add(q.getBlocking());
                        }
                    } catch (QueueShutDown done) {
                        result.complete(got);
                    } catch (Throwable t) {
                        result.completeExceptionally(t);
                    }
                });
            }
            for (int i = 0; i < items; i++) {
                q.put(i);
                assertTrue(q.qsize() <= 1);
            }
            q.shutdown();
        }));
        List<Integer> all = new ArrayList<>();
        for (CompletableFuture<List<Integer>> r : results) {
            List<Integer> got = r.get(30, TimeUnit.SECONDS);
            for (int i = 1; i < got.size(); i++) {
                assertTrue(got.get(i - 1) < got.get(i), "FIFO as seen by each consumer");
            }
            all.addAll(got);
        }
        all.sort(null);
        assertEquals(items, all.size());
        for (int i = 0; i < items; i++) {
            assertEquals(i, all.get(i));
        }
    }

    @Test
    void shutdownFromAThreadEndsTheTasksIteration() {
        List<Integer> seen = assertTimeoutPreemptively(BOUND, () -> VirtualLoop.run(() -> {
            BridgeQueue<Integer> q = new BridgeQueue<>();
            Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < 100; i++) {
                        q.putBlocking(i);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                q.shutdown();
            });
            List<Integer> got = new ArrayList<>();
            for (int item : q) {
                got.add(item);
            }
            assertThrows(QueueShutDown.class, () -> q.put(1));
            assertThrows(QueueShutDown.class, () -> q.putNowait(1));
            return got;
        }));
        assertEquals(100, seen.size());
        for (int i = 0; i < 100; i++) {
            assertEquals(i, seen.get(i));
        }
    }

    @Test
    void shutdownFromTheLoopWakesBlockedThreads() throws Exception {
        CompletableFuture<Throwable> getter = new CompletableFuture<>();
        CompletableFuture<Throwable> putter = new CompletableFuture<>();
        CountDownLatch started = new CountDownLatch(2);
        assertTimeoutPreemptively(BOUND, () -> VirtualLoop.run(() -> {
            BridgeQueue<Integer> empty = new BridgeQueue<>(Asyncio.getRunningLoop(), 0);
            BridgeQueue<Integer> full = new BridgeQueue<>(Asyncio.getRunningLoop(), 1);
            full.putNowait(1);
            Thread.ofPlatform().start(() -> {
                started.countDown();
                try {
                    empty.getBlocking();
                    getter.complete(null);
                } catch (Throwable t) {
                    getter.complete(t);
                }
            });
            Thread.ofPlatform().start(() -> {
                started.countDown();
                try {
                    full.putBlocking(2);
                    putter.complete(null);
                } catch (Throwable t) {
                    putter.complete(t);
                }
            });
            Asyncio.getRunningLoop().runInExecutor(null, () -> {
                started.await();
                return null;
            }).await();
            empty.shutdown();
            full.shutdown(true);
            assertEquals(0, full.qsize(), "immediate shutdown drops the queued items");
        }));
        assertInstanceOf(QueueShutDown.class, getter.get(30, TimeUnit.SECONDS));
        assertInstanceOf(QueueShutDown.class, putter.get(30, TimeUnit.SECONDS));
    }

    @Test
    void blockingCallsOnTheLoopAreRejected() {
        VirtualLoop.run(() -> {
            BridgeQueue<Integer> q = new BridgeQueue<>();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> q.putBlocking(1));
            assertTrue(e.getMessage().contains("would block the event loop"), e.getMessage());
            assertThrows(IllegalStateException.class, q::getBlocking);
            assertThrows(NullPointerException.class, () -> q.putNowait(null));
            CompletableFuture<Throwable> fromThread = new CompletableFuture<>();
            Thread.ofPlatform().start(() -> {
                try {
                    q.putNowait(1);
                    fromThread.complete(null);
                } catch (Throwable t) {
                    fromThread.complete(t);
                }
            });
            Throwable t = Asyncio.getRunningLoop().runInExecutor(null, () -> fromThread.get(30, TimeUnit.SECONDS)).await();
            assertInstanceOf(IllegalStateException.class, t, "the task side is rejected off the loop");
            assertEquals(0, q.qsize());
        });
    }

    @Test
    void closingTheLoopCancelsATaskWaitingForAThread() {
        EventLoop loop = VirtualLoop.newLoop();
        BridgeQueue<Integer> q = new BridgeQueue<>(loop, 0);
        Task<Integer> getter = loop.createTask(() -> q.get());
        loop.runUntilComplete(() -> {
            Asyncio.sleep(0);
            return null;
        });
        loop.close();
        assertTrue(getter.cancelled());
        assertTimeoutPreemptively(BOUND, () -> q.putBlocking(5)); // a late thread neither blocks nor fails
        assertEquals(1, q.qsize());
    }

    @Test
    void nowaitErrors() {
        VirtualLoop.run(() -> {
            BridgeQueue<Integer> q = new BridgeQueue<>(Asyncio.getRunningLoop(), 1);
            assertThrows(QueueEmpty.class, q::getNowait);
            q.putNowait(1);
            assertThrows(QueueFull.class, () -> q.putNowait(2));
            assertEquals(1, q.maxsize());
            assertEquals("<BridgeQueue maxsize=1 qsize=1>", q.toString());
            q.shutdown();
            assertEquals(1, q.getNowait());
            assertThrows(QueueShutDown.class, q::getNowait);
        });
    }

    @Test
    void cancelledGetNeverLosesAnItem() {
        VirtualLoop.run(() -> {
            BridgeQueue<Integer> q = new BridgeQueue<>();
            Task<Integer> before = Asyncio.createTask(() -> q.get());
            Asyncio.sleep(0);
            before.cancel(); // cancelled while waiting
            assertThrows(CancelledError.class, before::await);

            Task<Integer> a = Asyncio.createTask(() -> q.get());
            Task<Integer> b = Asyncio.createTask(() -> q.get());
            Asyncio.sleep(0);
            q.putNowait(7); // wakes a ...
            a.cancel();     // ... which is cancelled before it takes the item
            assertThrows(CancelledError.class, a::await);
            assertEquals(7, b.await());
        });
    }

    @Test
    void cancelledPutNeverInserts() {
        VirtualLoop.run(() -> {
            BridgeQueue<Integer> q = new BridgeQueue<>(Asyncio.getRunningLoop(), 1);
            q.putNowait(0);
            Task<Void> a = Asyncio.createTask(() -> q.put(1));
            Task<Void> b = Asyncio.createTask(() -> q.put(2));
            Asyncio.sleep(0);
            assertEquals(0, q.getNowait()); // wakes a ...
            a.cancel();                     // ... which is cancelled before it inserts
            assertThrows(CancelledError.class, a::await);
            b.await();
            assertEquals(2, q.getNowait());
            assertThrows(QueueEmpty.class, q::getNowait);
        });
    }

    /**
     * While a task waits for a thread, the virtual clock must not jump to a far timer: the item
     * (put in real time) arrives before the hour-long sleep of another task ends.
     */
    @Test
    void virtualClockWaitsForTheThreadWhileATaskWaitsOnTheQueue() {
        assertTimeoutPreemptively(BOUND, () -> VirtualLoop.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            BridgeQueue<String> q = new BridgeQueue<>();
            double start = loop.time();
            Task<Double> sleeper = Asyncio.createTask(() -> {
                Asyncio.sleep(3600);
                return loop.time();
            });
            CountDownLatch consumerWaiting = new CountDownLatch(1);
            Task<Double> consumer = Asyncio.createTask(() -> {
                loop.callSoon(consumerWaiting::countDown); // runs once the get below has parked
                assertEquals("hello", q.get());
                return loop.time();
            });
            Thread.ofPlatform().start(() -> {
                try {
                    consumerWaiting.await();
                    q.putBlocking("hello");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            double got = consumer.await();
            assertTrue(got - start < 60, "the clock did not jump while the task waited: " + (got - start));
            assertTrue(sleeper.await() - start >= 3600, "then it jumps as usual");
        }));
    }
}
