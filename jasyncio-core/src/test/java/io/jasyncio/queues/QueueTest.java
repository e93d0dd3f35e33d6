package io.jasyncio.queues;

import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.testkit.Steps;
import io.jasyncio.testkit.VirtualLoop;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueueTest {

    @Test
    void nowaitOperationsAndSizes() {
        VirtualLoop.run(() -> {
            Queue<String> q = new Queue<>(2);
            assertEquals(2, q.maxsize());
            assertTrue(q.empty());
            assertFalse(q.full());
            assertThrows(QueueEmpty.class, q::getNowait);
            q.putNowait("a");
            q.putNowait("b");
            assertTrue(q.full());
            assertEquals(2, q.qsize());
            assertThrows(QueueFull.class, () -> q.putNowait("c"));
            assertEquals("a", q.getNowait());
            assertEquals("b", q.getNowait());
            assertTrue(q.empty());
        });
    }

    @Test
    void unboundedNeverFull() {
        VirtualLoop.run(() -> {
            Queue<Integer> q = new Queue<>();
            for (int i = 0; i < 10_000; i++) {
                q.putNowait(i);
            }
            assertFalse(q.full());
            assertEquals(0, q.maxsize());
            assertFalse(new Queue<Integer>(-1).full());
        });
    }

    @Test
    void getSuspendsUntilAPutAndGettersAreServedInOrder() {
        List<String> got = VirtualLoop.run(() -> {
            Queue<Integer> q = new Queue<>();
            List<String> log = new ArrayList<>();
            List<Task<Void>> getters = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int n = i;
                getters.add(Asyncio.createTask(() -> {
                    log.add("getter " + n + " got " + q.get());
                }));
            }
            Asyncio.sleep(0);
            for (int i = 10; i < 13; i++) {
                q.putNowait(i);
            }
            for (Task<Void> t : getters) {
                t.await();
            }
            return log;
        });
        assertEquals(List.of("getter 0 got 10", "getter 1 got 11", "getter 2 got 12"), got);
    }

    @Test
    void putSuspendsWhileFullAndPuttersAreServedInOrder() {
        Steps steps = new Steps();
        VirtualLoop.run(() -> {
            Queue<Integer> q = new Queue<>(1);
            q.put(0);
            Task<Void> p1 = Asyncio.createTask(() -> {
                q.put(1);
                steps.expect(2);
            });
            Task<Void> p2 = Asyncio.createTask(() -> {
                q.put(2);
                steps.expect(4);
            });
            Asyncio.sleep(0);
            steps.expect(1);
            assertEquals(0, q.get());
            assertEquals(1, q.get()); // suspends until p1 has put
            steps.expect(3);
            assertEquals(2, q.get());
            p1.await();
            p2.await();
            steps.finish(5);
        });
    }

    @Test
    void iterationEndsWhenShutDownAndDrained() {
        List<Integer> seen = VirtualLoop.run(() -> {
            Queue<Integer> q = new Queue<>(2);
            Task<List<Integer>> consumer = Asyncio.createTask(() -> {
                List<Integer> items = new ArrayList<>();
                for (int item : q) {
                    items.add(item);
                }
                return items;
            });
            for (int i = 0; i < 5; i++) {
                q.put(i);
            }
            q.shutdown();
            return consumer.await();
        });
        assertEquals(List.of(0, 1, 2, 3, 4), seen);
    }

    @Test
    void priorityQueueOrdersSmallestFirstAndIsStable() {
        VirtualLoop.run(() -> {
            PriorityQueue<Integer> natural = new PriorityQueue<>();
            for (int v : new int[] {5, 1, 4, 2, 3}) {
                natural.putNowait(v);
            }
            List<Integer> out = new ArrayList<>();
            while (!natural.empty()) {
                out.add(natural.getNowait());
            }
            assertEquals(List.of(1, 2, 3, 4, 5), out);

            record Job(int priority, String name) {}
            PriorityQueue<Job> jobs = new PriorityQueue<>(2, Comparator.comparingInt(Job::priority));
            jobs.putNowait(new Job(1, "first"));
            jobs.putNowait(new Job(0, "urgent"));
            assertThrows(QueueFull.class, () -> jobs.putNowait(new Job(0, "x")));
            assertEquals("urgent", jobs.get().name());
            jobs.putNowait(new Job(1, "second"));
            assertEquals("first", jobs.get().name(), "equal priorities come out in insertion order");
            assertEquals("second", jobs.get().name());
            assertThrows(NullPointerException.class, () -> new PriorityQueue<Job>((Comparator<Job>) null));
            PriorityQueue<Object> notComparable = new PriorityQueue<>();
            ClassCastException e = assertThrows(ClassCastException.class, () -> notComparable.putNowait(new Object()));
            assertTrue(e.getMessage().contains("give the PriorityQueue a Comparator"), e.getMessage());
            assertTrue(notComparable.empty());
            assertThrows(NullPointerException.class, () -> natural.putNowait(null));
            assertThrows(NullPointerException.class, () -> new Queue<Integer>().putNowait(null));
        });
    }

    @Test
    void lifoQueueReturnsTheNewestFirst() {
        VirtualLoop.run(() -> {
            LifoQueue<Integer> q = new LifoQueue<>();
            q.putNowait(1);
            q.putNowait(2);
            q.putNowait(3);
            assertEquals(3, q.get());
            assertEquals(2, q.get());
            assertEquals(1, q.get());
            assertTrue(new LifoQueue<>(1).maxsize() == 1);
        });
    }

    @Test
    void debugModeRejectsCallsFromOtherThreads() {
        VirtualLoop.run(() -> {
            Asyncio.getRunningLoop().setDebug(true);
            Queue<Integer> q = new Queue<>();
            Task<Integer> getter = Asyncio.createTask(() -> q.get()); // binds the queue to the loop
            Asyncio.sleep(0);
            java.util.concurrent.CompletableFuture<Throwable> fromThread = new java.util.concurrent.CompletableFuture<>();
            Thread.ofPlatform().start(() -> {
                try {
                    q.putNowait(1);
                    fromThread.complete(null);
                } catch (Throwable t) {
                    fromThread.complete(t);
                }
            });
            Throwable t = Asyncio.getRunningLoop()
                    .runInExecutor(null, () -> fromThread.get(30, java.util.concurrent.TimeUnit.SECONDS)).await();
            assertInstanceOf(IllegalStateException.class, t);
            assertTrue(t.getMessage().contains("loop-confined"), t.getMessage());
            q.putNowait(2);
            assertEquals(2, getter.await());
        });
    }

    @Test
    void toStringShowsTheState() {
        VirtualLoop.run(() -> {
            Queue<Integer> q = new Queue<>(3);
            q.putNowait(1);
            assertEquals("<Queue maxsize=3 qsize=1 tasks=1>", q.toString());
        });
    }
}
