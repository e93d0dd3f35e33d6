package io.jasyncio.conformance;

import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.testkit.VirtualLoop;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CPython's {@code Lib/test/test_asyncio/test_tasks.py}, its first cancellation tests. CPython runs
 * {@code BaseTaskTests} for several pairings of its C and Python task and future; jasyncio has one
 * {@link Task}, so each method is ported once. The white-box checks of {@code _fut_waiter} and
 * {@code _must_cancel} are left out; the observable outcome of each test is kept.
 */
class TasksConformanceTest {

    /** CPython's ending: awaiting the task raises CancelledError, it is done and cancelled, cancel() is false. */
    private static void assertEndsCancelled(Task<?> t) {
        assertThrows(CancelledError.class, t::await);
        assertTrue(t.done());
        assertTrue(t.cancelled());
        assertFalse(t.cancel());
    }

    /** A task that awaits {@code f}, then returns 12. */
    private static Task<Integer> awaiting(Future<Void> f) {
        return Asyncio.createTask(() -> {
            f.await();
            return 12;
        });
    }

    @Test // test_tasks.py::*TaskTests::test_task_basics
    void taskTests_testTaskBasics() {
        assertEquals(1042, VirtualLoop.run(() -> inner1() + inner2()));
    }

    private static int inner1() {
        return 42;
    }

    private static int inner2() {
        return 1000;
    }

    @Test // test_tasks.py::*TaskTests::test_cancelling
    void taskTests_testCancelling() {
        VirtualLoop.run(() -> {
            Task<Void> t = Asyncio.createTask(() -> Asyncio.sleep(10));
            assertEquals(0, t.cancelling());
            assertFalse(t.toString().contains(" cancelling "), t.toString());
            assertTrue(t.cancel());
            assertTrue(t.cancelling() > 0);
            assertTrue(t.toString().contains(" cancelling "), t.toString());
            assertTrue(t.cancel()); // CPython: a second cancel() still returns True
            assertThrows(CancelledError.class, t::await);
        });
    }

    @Test // test_tasks.py::*TaskTests::test_uncancel
    void taskTests_testUncancel() {
        VirtualLoop.run(() -> {
            Task<Void> t = Asyncio.createTask(() -> {
                try {
                    Asyncio.sleep(10);
                } catch (CancelledError e) {
                    Asyncio.currentTask().uncancel();
                    Asyncio.sleep(10);
                }
            });
            Asyncio.sleep(0.01);
            assertTrue(t.cancel()); // the first sleep
            assertTrue(t.toString().contains(" cancelling "), t.toString());
            Asyncio.sleep(0.01);
            assertFalse(t.toString().contains(" cancelling "), t.toString()); // after uncancel()
            assertTrue(t.cancel()); // the second sleep
            assertThrows(CancelledError.class, t::await);
        });
    }

    @Test // test_tasks.py::*TaskTests::test_cancel
    void taskTests_testCancel() {
        VirtualLoop.run(() -> {
            Task<Integer> t = Asyncio.createTask(() -> Asyncio.sleep(10.0, 12));
            Asyncio.getRunningLoop().callSoon(t::cancel);
            assertEndsCancelled(t);
        });
    }

    @Test // test_tasks.py::*TaskTests::test_cancel_yield
    void taskTests_testCancelYield() {
        VirtualLoop.run(() -> {
            Task<Integer> t = Asyncio.createTask(() -> {
                Asyncio.sleep(0);
                Asyncio.sleep(0);
                return 12;
            });
            Asyncio.sleep(0); // start the coroutine
            t.cancel();
            assertEndsCancelled(t);
        });
    }

    @Test // test_tasks.py::*TaskTests::test_cancel_inner_future
    void taskTests_testCancelInnerFuture() {
        VirtualLoop.run(() -> {
            Future<Void> f = Asyncio.getRunningLoop().createFuture();
            Task<Integer> t = awaiting(f);
            Asyncio.sleep(0); // start the task
            f.cancel();
            assertThrows(CancelledError.class, t::await);
            assertTrue(f.cancelled());
            assertTrue(t.cancelled());
        });
    }

    @Test // test_tasks.py::*TaskTests::test_cancel_both_task_and_inner_future
    void taskTests_testCancelBothTaskAndInnerFuture() {
        VirtualLoop.run(() -> {
            Future<Void> f = Asyncio.getRunningLoop().createFuture();
            Task<Integer> t = awaiting(f);
            Asyncio.sleep(0);
            f.cancel();
            t.cancel();
            assertThrows(CancelledError.class, t::await);
            assertTrue(t.done());
            assertTrue(f.cancelled());
            assertTrue(t.cancelled());
        });
    }

    @Test // test_tasks.py::*TaskTests::test_cancel_task_catching
    void taskTests_testCancelTaskCatching() {
        VirtualLoop.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Future<Void> fut1 = loop.createFuture();
            Future<Void> fut2 = loop.createFuture();
            Task<Integer> t = Asyncio.createTask(() -> {
                fut1.await();
                try {
                    fut2.await();
                } catch (CancelledError e) {
                    return 42;
                }
                return 0;
            });
            Asyncio.sleep(0);
            fut1.setResult(null);
            Asyncio.sleep(0);
            t.cancel();
            assertTrue(fut2.cancelled());
            assertEquals(42, t.await());
            assertFalse(t.cancelled());
        });
    }

    @Test // test_tasks.py::*TaskTests::test_cancel_task_ignoring
    void taskTests_testCancelTaskIgnoring() {
        VirtualLoop.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Future<Void> fut1 = loop.createFuture();
            Future<Void> fut2 = loop.createFuture();
            Future<Integer> fut3 = loop.createFuture();
            Task<Integer> t = Asyncio.createTask(() -> {
                fut1.await();
                try {
                    fut2.await();
                } catch (CancelledError ignored) {
                    // the task goes on
                }
                return fut3.await();
            });
            Asyncio.sleep(0);
            fut1.setResult(null);
            Asyncio.sleep(0);
            t.cancel();
            assertTrue(fut2.cancelled());
            Asyncio.sleep(0);
            fut3.setResult(42);
            assertEquals(42, t.await());
            assertFalse(fut3.cancelled());
            assertFalse(t.cancelled());
        });
    }

    @Test // test_tasks.py::*TaskTests::test_cancel_current_task
    void taskTests_testCancelCurrentTask() {
        VirtualLoop.run(() -> {
            List<Task<?>> self = new ArrayList<>();
            Task<Integer> t = Asyncio.createTask(() -> {
                self.get(0).cancel();
                Asyncio.sleep(100); // cancelled at once
                return 12;
            });
            self.add(t);
            assertFalse(t.cancelled());
            assertEndsCancelled(t);
        });
    }

    /** The coroutine ends right after its task is cancelled (SEMANTICS 3). */
    @Test // test_tasks.py::*TaskTests::test_cancel_at_end
    void taskTests_testCancelAtEnd() {
        VirtualLoop.run(() -> {
            List<Task<?>> self = new ArrayList<>();
            Task<Integer> t = Asyncio.createTask(() -> {
                self.get(0).cancel();
                return 12;
            });
            self.add(t);
            assertFalse(t.cancelled());
            assertEndsCancelled(t);
        });
    }

    /** bpo-34872: a task cancelled while running cancels the next task it blocks on. */
    @Test // test_tasks.py::*TaskTests::test_cancel_awaited_task
    void taskTests_testCancelAwaitedTask() {
        VirtualLoop.run(() -> {
            Future<Void> fut = Asyncio.getRunningLoop().createFuture();
            List<Task<?>> tasks = new ArrayList<>();
            Task<Void> task = Asyncio.createTask(() -> {
                Task<Void> nested = Asyncio.createTask(() -> fut.await());
                tasks.add(nested);
                Asyncio.sleep(0);
                tasks.get(0).cancel();
                nested.await();
            });
            tasks.add(0, task);
            assertThrows(CancelledError.class, task::await);
            assertTrue(task.cancelled());
            assertTrue(tasks.get(1).cancelled());
            assertTrue(fut.cancelled());
        });
    }
}
