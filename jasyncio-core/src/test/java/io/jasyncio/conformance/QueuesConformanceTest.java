package io.jasyncio.conformance;

import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Task;
import io.jasyncio.TimeoutError;
import io.jasyncio.locks.Event;
import io.jasyncio.queues.LifoQueue;
import io.jasyncio.queues.PriorityQueue;
import io.jasyncio.queues.Queue;
import io.jasyncio.queues.QueueEmpty;
import io.jasyncio.queues.QueueFull;
import io.jasyncio.queues.QueueShutDown;
import io.jasyncio.testkit.VirtualLoop;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * CPython's {@code Lib/test/test_asyncio/test_queues.py}, ported test by test. The mixins
 * {@code _QueueJoinTestMixin} and {@code _QueueShutdownTestMixin}, which CPython runs for Queue,
 * LifoQueue and PriorityQueue, are parameterized tests over {@link Kind}: one invocation per
 * CPython class. Private state ({@code _getters}, {@code _putters}, {@code _format()}) is observed
 * through {@code toString()}.
 */
class QueuesConformanceTest {

    /** The three queue classes the CPython mixins run against. */
    enum Kind {
        QUEUE, LIFO_QUEUE, PRIORITY_QUEUE;

        <T> Queue<T> make(int maxsize) {
            return switch (this) {
                case QUEUE -> new Queue<>(maxsize);
                case LIFO_QUEUE -> new LifoQueue<>(maxsize);
                case PRIORITY_QUEUE -> new PriorityQueue<>(maxsize);
            };
        }
    }

    // ----- QueueBasicTests -----

    /** {@code _queue=[1]} is {@code qsize=1} in jasyncio's toString; the rest is the same. */
    @Test // test_queues.py::QueueBasicTests::test_repr
    void queueBasicTests_testRepr() {
        VirtualLoop.run(() -> {
            Queue<Integer> q = new Queue<>();
            assertTrue(q.toString().startsWith("<Queue"), q.toString());

            Queue<Integer> getters = new Queue<>();
            Task<Integer>[] getter = new Task[1];
            Asyncio.taskGroup(tg -> {
                getter[0] = tg.createTask(getters::get);
                Asyncio.sleep(0);
                assertTrue(getters.toString().contains("getters[1]"), getters.toString());
                getters.putNowait(0);
            });
            assertEquals(0, getter[0].await());

            Queue<Integer> putters = new Queue<>(1);
            Task<?>[] putter = new Task[1];
            Asyncio.taskGroup(tg -> {
                putters.putNowait(1);
                putter[0] = tg.createTask(() -> putters.put(2));
                Asyncio.sleep(0);
                assertTrue(putters.toString().contains("putters[1]"), putters.toString());
                putters.getNowait();
            });
            assertTrue(putter[0].done());

            Queue<Integer> one = new Queue<>();
            one.putNowait(1);
            assertTrue(one.toString().contains("qsize=1"), one.toString());
        });
    }

    @Test // test_queues.py::QueueBasicTests::test_empty
    void queueBasicTests_testEmpty() {
        VirtualLoop.run(() -> {
            Queue<Integer> q = new Queue<>();
            assertTrue(q.empty());
            q.put(1);
            assertFalse(q.empty());
            assertEquals(1, q.get());
            assertTrue(q.empty());
        });
    }

    @Test // test_queues.py::QueueBasicTests::test_full
    void queueBasicTests_testFull() {
        VirtualLoop.run(() -> {
            assertFalse(new Queue<Integer>().full());
            Queue<Integer> q = new Queue<>(1);
            q.put(1);
            assertTrue(q.full());
        });
    }

    @Test // test_queues.py::QueueBasicTests::test_order
    void queueBasicTests_testOrder() {
        assertEquals(List.of(1, 3, 2), VirtualLoop.run(() -> putThenGet(new Queue<>())));
    }

    private static List<Integer> putThenGet(Queue<Integer> q) {
        for (int i : new int[] {1, 3, 2}) {
            q.put(i);
        }
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            items.add(q.get());
        }
        return items;
    }

    @Test // test_queues.py::QueueBasicTests::test_maxsize
    void queueBasicTests_testMaxsize() {
        VirtualLoop.run(() -> {
            Queue<Integer> q = new Queue<>(2);
            assertEquals(2, q.maxsize());
            List<Integer> haveBeenPut = new ArrayList<>();
            Task<Boolean> t = Asyncio.createTask(() -> {
                for (int i = 0; i < 3; i++) {
                    q.put(i);
                    haveBeenPut.add(i);
                }
                return true;
            });
            for (int i = 0; i < 2; i++) {
                Asyncio.sleep(0);
            }
            assertEquals(List.of(0, 1), haveBeenPut);
            assertEquals(0, q.get());
            Asyncio.sleep(0);
            assertEquals(List.of(0, 1, 2), haveBeenPut);
            assertEquals(1, q.get());
            assertEquals(2, q.get());
            assertTrue(t.done());
            assertTrue(t.result());
        });
    }

    // ----- QueueGetTests -----

    @Test // test_queues.py::QueueGetTests::test_blocking_get
    void queueGetTests_testBlockingGet() {
        VirtualLoop.run(() -> {
            Queue<Integer> q = new Queue<>();
            q.putNowait(1);
            assertEquals(1, q.get());
        });
    }

    @Test // test_queues.py::QueueGetTests::test_blocking_get_wait
    void queueGetTests_testBlockingGetWait() {
        VirtualLoop.run(() -> {
            Queue<Integer> q = new Queue<>();
            Event started = new Event();
            boolean[] finished = {false};
            Task<Integer> queueGetTask = Asyncio.createTask(() -> {
                started.set();
                Integer res = q.get();
                finished[0] = true;
                return res;
            });
            started.await();
            assertFalse(finished[0]);
            Asyncio.getRunningLoop().callLater(0.01, () -> q.putNowait(1));
            int res = queueGetTask.await();
            assertTrue(finished[0]);
            assertEquals(1, res);
        });
    }

    @Test // test_queues.py::QueueGetTests::test_nonblocking_get
    void queueGetTests_testNonblockingGet() {
        VirtualLoop.run(() -> {
            Queue<Integer> q = new Queue<>();
            q.putNowait(1);
            assertEquals(1, q.getNowait());
        });
    }

    @Test // test_queues.py::QueueGetTests::test_nonblocking_get_exception
    void queueGetTests_testNonblockingGetException() {
        VirtualLoop.run(() -> {
            assertThrows(QueueEmpty.class, new Queue<Integer>()::getNowait);
        });
    }

    @Test // test_queues.py::QueueGetTests::test_get_cancelled_race
    void queueGetTests_testGetCancelledRace() {
        VirtualLoop.run(() -> {
            Queue<String> q = new Queue<>();
            Task<String> t1 = Asyncio.createTask(q::get);
            Task<String> t2 = Asyncio.createTask(q::get);
            Asyncio.sleep(0);
            t1.cancel();
            Asyncio.sleep(0);
            assertTrue(t1.done());
            q.put("a");
            Asyncio.sleep(0);
            assertEquals("a", t2.await());
        });
    }

    @Test // test_queues.py::QueueGetTests::test_get_with_waiting_putters
    void queueGetTests_testGetWithWaitingPutters() {
        VirtualLoop.run(() -> {
            Queue<String> q = new Queue<>(1);
            Asyncio.createTask(() -> q.put("a"));
            Asyncio.createTask(() -> q.put("b"));
            assertEquals("a", q.get());
            assertEquals("b", q.get());
        });
    }

    @Test // test_queues.py::QueueGetTests::test_why_are_getters_waiting
    void queueGetTests_testWhyAreGettersWaiting() {
        VirtualLoop.run(() -> {
            int items = 5;
            Queue<Integer> q = new Queue<>(1);
            Asyncio.taskGroup(tg -> {
                tg.createTask(() -> {
                    for (int i = 0; i < items; i++) {
                        q.put(i);
                    }
                });
                tg.createTask(() -> {
                    for (int i = 0; i < items; i++) {
                        q.get();
                    }
                });
            });
        });
    }

    @Test // test_queues.py::QueueGetTests::test_cancelled_getters_not_being_held_in_self_getters
    void queueGetTests_testCancelledGettersNotBeingHeldInSelfGetters() {
        VirtualLoop.run(() -> {
            Queue<Integer> queue = new Queue<>(5);
            assertThrows(TimeoutError.class, () -> Asyncio.waitFor(queue::get, 0.1));
            assertFalse(queue.toString().contains("getters"), queue.toString());
        });
    }

    // ----- QueuePutTests -----

    @Test // test_queues.py::QueuePutTests::test_blocking_put
    void queuePutTests_testBlockingPut() {
        VirtualLoop.run(() -> {
            Queue<Integer> q = new Queue<>();
            q.put(1);
            assertEquals(1, q.get());
        });
    }

    @Test // test_queues.py::QueuePutTests::test_blocking_put_wait
    void queuePutTests_testBlockingPutWait() {
        VirtualLoop.run(() -> {
            Queue<Integer> q = new Queue<>(1);
            Event started = new Event();
            boolean[] finished = {false};
            Asyncio.getRunningLoop().callLater(0.01, q::getNowait);
            Task<Void> queuePutTask = Asyncio.createTask(() -> {
                started.set();
                q.put(1);
                q.put(2);
                finished[0] = true;
            });
            started.await();
            assertFalse(finished[0]);
            queuePutTask.await();
            assertTrue(finished[0]);
        });
    }

    @Test // test_queues.py::QueuePutTests::test_nonblocking_put
    void queuePutTests_testNonblockingPut() {
        VirtualLoop.run(() -> {
            Queue<Integer> q = new Queue<>();
            q.putNowait(1);
            assertEquals(1, q.getNowait());
        });
    }

    @Test // test_queues.py::QueuePutTests::test_get_cancel_drop_one_pending_reader
    void queuePutTests_testGetCancelDropOnePendingReader() {
        VirtualLoop.run(() -> {
            Queue<Integer> q = new Queue<>();
            Task<Integer> reader = Asyncio.createTask(q::get);
            Asyncio.sleep(0);
            q.putNowait(1);
            q.putNowait(2);
            reader.cancel();
            try {
                reader.await();
            } catch (CancelledError e) {
                reader = Asyncio.createTask(q::get);
                reader.await();
            }
            assertEquals(1, reader.result(), "if we get 2, 1 was dropped");
        });
    }

    @Test // test_queues.py::QueuePutTests::test_get_cancel_drop_many_pending_readers
    void queuePutTests_testGetCancelDropManyPendingReaders() {
        VirtualLoop.run(() -> {
            Queue<Integer> q = new Queue<>();
            List<Task<Integer>> readers = new ArrayList<>();
            Asyncio.taskGroup(tg -> {
                for (int i = 0; i < 3; i++) {
                    readers.add(tg.createTask(q::get));
                }
                Asyncio.sleep(0);
                q.putNowait(1);
                q.putNowait(2);
                readers.get(0).cancel();
                assertThrows(CancelledError.class, readers.get(0)::await);
                readers.get(2).await();
            });
            // the order in which concurrent readers receive the items is undefined
            assertEquals(Set.of(1, 2), Set.of(readers.get(1).result(), readers.get(2).result()));
        });
    }

    @Test // test_queues.py::QueuePutTests::test_put_cancel_drop
    void queuePutTests_testPutCancelDrop() {
        VirtualLoop.run(() -> {
            Queue<Integer> q = new Queue<>(1);
            q.putNowait(1);
            Task<Void> writer = Asyncio.createTask(() -> q.put(2));
            Asyncio.sleep(0);
            assertEquals(1, q.getNowait());
            writer.cancel();
            try {
                writer.await();
            } catch (CancelledError e) {
                writer = Asyncio.createTask(() -> q.put(2));
                writer.await();
            }
            assertEquals(2, q.getNowait());
            assertEquals(0, q.qsize());
        });
    }

    @Test // test_queues.py::QueuePutTests::test_nonblocking_put_exception
    void queuePutTests_testNonblockingPutException() {
        VirtualLoop.run(() -> {
            Queue<Integer> q = new Queue<>(1);
            q.putNowait(1);
            assertThrows(QueueFull.class, () -> q.putNowait(2));
        });
    }

    @Test // test_queues.py::QueuePutTests::test_put_cancelled
    void queuePutTests_testPutCancelled() {
        VirtualLoop.run(() -> {
            Queue<Integer> q = new Queue<>();
            Task<Boolean> t = Asyncio.createTask(() -> {
                q.put(1);
                return true;
            });
            assertEquals(1, q.get());
            assertTrue(t.done());
            assertTrue(t.result());
        });
    }

    @Test // test_queues.py::QueuePutTests::test_put_cancelled_race
    void queuePutTests_testPutCancelledRace() {
        VirtualLoop.run(() -> {
            Queue<String> q = new Queue<>(1);
            Task<Void> putA = Asyncio.createTask(() -> q.put("a"));
            Task<Void> putB = Asyncio.createTask(() -> q.put("b"));
            Task<Void> putC = Asyncio.createTask(() -> q.put("X"));
            Asyncio.sleep(0);
            assertTrue(putA.done());
            assertFalse(putB.done());
            putC.cancel();
            Asyncio.sleep(0);
            assertTrue(putC.done());
            assertEquals("a", q.getNowait());
            Asyncio.sleep(0);
            assertEquals("b", q.getNowait());
            putB.await();
        });
    }

    @Test // test_queues.py::QueuePutTests::test_put_with_waiting_getters
    void queuePutTests_testPutWithWaitingGetters() {
        VirtualLoop.run(() -> {
            Queue<String> q = new Queue<>();
            Task<String> t = Asyncio.createTask(q::get);
            Asyncio.sleep(0);
            q.put("a");
            assertEquals("a", t.await());
        });
    }

    @Test // test_queues.py::QueuePutTests::test_why_are_putters_waiting
    void queuePutTests_testWhyArePuttersWaiting() {
        VirtualLoop.run(() -> {
            Queue<Integer> queue = new Queue<>(2);
            Asyncio.taskGroup(tg -> {
                tg.createTask(() -> {
                    Asyncio.sleep(0);
                    int num = queue.qsize();
                    for (int i = 0; i < num; i++) {
                        queue.getNowait();
                    }
                });
                for (int i = 0; i < 4; i++) {
                    int item = i;
                    tg.createTask(() -> queue.put(item));
                }
            });
        });
    }

    @Test // test_queues.py::QueuePutTests::test_cancelled_puts_not_being_held_in_self_putters
    void queuePutTests_testCancelledPutsNotBeingHeldInSelfPutters() {
        VirtualLoop.run(() -> {
            Queue<Integer> queue = new Queue<>(1);
            queue.putNowait(1);
            Task<Void> putTask = Asyncio.createTask(() -> queue.put(1));
            Asyncio.sleep(0);
            assertTrue(queue.toString().contains("putters[1]"), queue.toString());
            putTask.cancel();
            assertThrows(CancelledError.class, putTask::await);
            assertFalse(queue.toString().contains("putters"), queue.toString());
        });
    }

    @Test // test_queues.py::QueuePutTests::test_cancelled_put_silence_value_error_exception
    void queuePutTests_testCancelledPutSilenceValueErrorException() {
        VirtualLoop.run(() -> {
            Queue<Integer> queue = new Queue<>(1);
            queue.putNowait(1);
            Task<Void> putTask = Asyncio.createTask(() -> queue.put(1));
            Asyncio.sleep(0);
            queue.getNowait(); // wakes (and unlists) the putter before it is cancelled
            putTask.cancel();
            assertThrows(CancelledError.class, putTask::await);
        });
    }

    // ----- LifoQueueTests, PriorityQueueTests -----

    @Test // test_queues.py::LifoQueueTests::test_order
    void lifoQueueTests_testOrder() {
        assertEquals(List.of(2, 3, 1), VirtualLoop.run(() -> putThenGet(new LifoQueue<>())));
    }

    @Test // test_queues.py::PriorityQueueTests::test_order
    void priorityQueueTests_testOrder() {
        assertEquals(List.of(1, 2, 3), VirtualLoop.run(() -> putThenGet(new PriorityQueue<>())));
    }

    // ----- _QueueJoinTestMixin: QueueJoinTests, LifoQueueJoinTests, PriorityQueueJoinTests -----

    /** asyncio raises ValueError; jasyncio documents IllegalStateException (mapping.md, Exceptions). */
    @ParameterizedTest // test_queues.py::{Queue,LifoQueue,PriorityQueue}JoinTests::test_task_done_underflow
    @EnumSource(Kind.class)
    void queueJoinTests_testTaskDoneUnderflow(Kind kind) {
        VirtualLoop.run(() -> {
            assertThrows(IllegalStateException.class, kind.make(0)::taskDone);
        });
    }

    @ParameterizedTest // test_queues.py::{Queue,LifoQueue,PriorityQueue}JoinTests::test_task_done
    @EnumSource(Kind.class)
    void queueJoinTests_testTaskDone(Kind kind) {
        VirtualLoop.run(() -> {
            Queue<Integer> q = kind.make(0);
            for (int i = 0; i < 100; i++) {
                q.putNowait(i);
            }
            int[] accumulator = {0};
            boolean[] running = {true};
            Asyncio.taskGroup(tg -> {
                for (int w = 0; w < 2; w++) {
                    tg.createTask(() -> {
                        while (running[0]) {
                            accumulator[0] += q.get();
                            q.taskDone();
                        }
                    });
                }
                q.join();
                assertEquals(4950, accumulator[0]);
                running[0] = false;
                for (int w = 0; w < 2; w++) {
                    q.putNowait(0);
                }
            });
        });
    }

    @ParameterizedTest // test_queues.py::{Queue,LifoQueue,PriorityQueue}JoinTests::test_join_empty_queue
    @EnumSource(Kind.class)
    void queueJoinTests_testJoinEmptyQueue(Kind kind) {
        VirtualLoop.run(() -> {
            Queue<Integer> q = kind.make(0);
            q.join();
            q.join();
        });
    }

    /** {@code _format()} is private; its text is part of toString, and tasks=2 comes from two puts. */
    @ParameterizedTest // test_queues.py::{Queue,LifoQueue,PriorityQueue}JoinTests::test_format
    @EnumSource(Kind.class)
    void queueJoinTests_testFormat(Kind kind) {
        VirtualLoop.run(() -> {
            Queue<Integer> q = kind.make(0);
            assertTrue(q.toString().contains("maxsize=0"), q.toString());
            assertFalse(q.toString().contains("tasks="), q.toString());
            q.putNowait(1);
            q.putNowait(2);
            assertTrue(q.toString().contains("tasks=2"), q.toString());
        });
    }

    // ----- _QueueShutdownTestMixin: QueueShutdownTests, LifoQueueShutdownTests, PriorityQueueShutdownTests -----

    /** CPython's assertRaisesShutdown: every put and get fails with QueueShutDown. */
    private static void assertPutAndGetRaiseShutdown(Queue<String> q) {
        assertThrows(QueueShutDown.class, () -> q.put("data"));
        assertThrows(QueueShutDown.class, () -> q.putNowait("data"));
        assertThrows(QueueShutDown.class, q::get);
        assertThrows(QueueShutDown.class, q::getNowait);
    }

    @ParameterizedTest // test_queues.py::{Queue,LifoQueue,PriorityQueue}ShutdownTests::test_format
    @EnumSource(Kind.class)
    void queueShutdownTests_testFormat(Kind kind) {
        VirtualLoop.run(() -> {
            Queue<String> q = kind.make(0);
            q.shutdown();
            assertTrue(q.toString().contains("maxsize=0"), q.toString());
            assertTrue(q.toString().endsWith(" shutdown>"), q.toString());
        });
    }

    @ParameterizedTest // test_queues.py::{Queue,LifoQueue,PriorityQueue}ShutdownTests::test_shutdown_empty
    @EnumSource(Kind.class)
    void queueShutdownTests_testShutdownEmpty(Kind kind) {
        VirtualLoop.run(() -> {
            Queue<String> q = kind.make(0);
            Task<String> getTask = Asyncio.createTask(q::get);
            Asyncio.sleep(0);
            q.shutdown(false);
            assertEquals(0, q.qsize());
            q.join();
            Asyncio.sleep(0);
            assertTrue(getTask.done());
            assertThrows(QueueShutDown.class, getTask::await);
            assertPutAndGetRaiseShutdown(q);
        });
    }

    @ParameterizedTest // test_queues.py::{Queue,LifoQueue,PriorityQueue}ShutdownTests::test_shutdown_nonempty
    @EnumSource(Kind.class)
    void queueShutdownTests_testShutdownNonempty(Kind kind) {
        VirtualLoop.run(() -> {
            Queue<String> q = kind.make(1);
            q.putNowait("data");
            Task<Void> joinTask = Asyncio.createTask(q::join);
            Task<Void> putTask = Asyncio.createTask(() -> q.put("data2"));
            Asyncio.sleep(0);
            assertFalse(putTask.done());
            q.shutdown(false);
            assertEquals(1, q.qsize());
            Asyncio.sleep(0);
            assertTrue(putTask.done());
            assertThrows(QueueShutDown.class, putTask::await);
            assertEquals("data", q.get());
            Asyncio.sleep(0);
            assertFalse(joinTask.done());
            assertPutAndGetRaiseShutdown(q);
            q.taskDone();
            Asyncio.sleep(0);
            assertTrue(joinTask.done());
            joinTask.await();
            assertThrows(IllegalStateException.class, q::taskDone);
        });
    }

    @ParameterizedTest // test_queues.py::{Queue,LifoQueue,PriorityQueue}ShutdownTests::test_shutdown_immediate
    @EnumSource(Kind.class)
    void queueShutdownTests_testShutdownImmediate(Kind kind) {
        VirtualLoop.run(() -> {
            Queue<String> q = kind.make(0);
            q.putNowait("data");
            Task<Void> joinTask = Asyncio.createTask(q::join);
            q.shutdown(true);
            assertEquals(0, q.qsize());
            Asyncio.sleep(0);
            assertTrue(joinTask.done());
            joinTask.await();
            assertPutAndGetRaiseShutdown(q);
            assertThrows(IllegalStateException.class, q::taskDone);
        });
    }

    @ParameterizedTest // test_queues.py::{Queue,LifoQueue,PriorityQueue}ShutdownTests::test_shutdown_immediate_with_unfinished
    @EnumSource(Kind.class)
    void queueShutdownTests_testShutdownImmediateWithUnfinished(Kind kind) {
        VirtualLoop.run(() -> {
            Queue<String> q = kind.make(0);
            q.putNowait("data");
            q.putNowait("data");
            Task<Void> joinTask = Asyncio.createTask(q::join);
            assertEquals("data", q.get());
            q.shutdown(true);
            assertEquals(0, q.qsize());
            Asyncio.sleep(0);
            assertFalse(joinTask.done());
            assertPutAndGetRaiseShutdown(q);
            q.taskDone();
            assertThrows(IllegalStateException.class, q::taskDone);
            Asyncio.sleep(0);
            assertTrue(joinTask.done());
            joinTask.await();
        });
    }
}
