package io.jasyncio.conformance;

import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Context;
import io.jasyncio.ContextVar;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.TaskFactory;
import io.jasyncio.testkit.VirtualLoop;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CPython's {@code Lib/test/test_asyncio/test_eager_task_factory.py}. CPython runs
 * {@code EagerTaskFactoryLoopTests} for its C and its Python task; jasyncio has one {@link Task},
 * so each method is ported once, on a loop whose factory is {@link TaskFactory#EAGER}
 * ({@code create_eager_task_factory(Task)}). The task-counting tests run for the eager and the
 * default factory, as CPython's {@code Eager*}/{@code NonEager*} classes do.
 */
class EagerTaskFactoryConformanceTest {

    /** CPython's run_coro on a loop whose task factory is the eager one. */
    private static <T> T runEager(Coroutine<T> main) {
        EventLoop loop = VirtualLoop.newLoop();
        loop.setTaskFactory(TaskFactory.EAGER);
        try {
            return loop.runUntilComplete(main);
        } finally {
            loop.close();
        }
    }

    @Test // test_eager_task_factory.py::{Py,C}EagerTaskFactoryLoopTests::test_eager_task_factory_set
    void eagerTaskFactoryLoopTests_testEagerTaskFactorySet() {
        runEager(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            assertSame(TaskFactory.EAGER, loop.getTaskFactory());
            Task<Void> t = loop.createTask(() -> {});
            assertInstanceOf(Task.class, t);
            t.await();
            return null;
        });
    }

    @Test // test_eager_task_factory.py::{Py,C}EagerTaskFactoryLoopTests::test_await_future_during_eager_step
    void eagerTaskFactoryLoopTests_testAwaitFutureDuringEagerStep() {
        assertEquals("my message", runEager(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Future<String> fut = loop.createFuture();
            Task<Void> t = loop.createTask(() -> fut.setResult("my message"));
            assertTrue(t.done(), "the eager step completed the task");
            return fut.await();
        }));
    }

    @Test // test_eager_task_factory.py::{Py,C}EagerTaskFactoryLoopTests::test_eager_completion
    void eagerTaskFactoryLoopTests_testEagerCompletion() {
        assertEquals("hello", runEager(() -> {
            Task<String> t = Asyncio.getRunningLoop().createTask(() -> "hello");
            assertTrue(t.done(), "the eager step completed the task");
            return t.await();
        }));
    }

    @Test // test_eager_task_factory.py::{Py,C}EagerTaskFactoryLoopTests::test_block_after_eager_step
    void eagerTaskFactoryLoopTests_testBlockAfterEagerStep() {
        assertEquals("finished after blocking", runEager(() -> {
            Task<String> t = Asyncio.getRunningLoop().createTask(() -> Asyncio.sleep(0.1, "finished after blocking"));
            assertFalse(t.done());
            String result = t.await();
            assertTrue(t.done());
            return result;
        }));
    }

    @Test // test_eager_task_factory.py::{Py,C}EagerTaskFactoryLoopTests::test_cancellation_after_eager_completion
    void eagerTaskFactoryLoopTests_testCancellationAfterEagerCompletion() {
        assertEquals("finished without blocking", runEager(() -> {
            Task<String> t = Asyncio.getRunningLoop().createTask(() -> "finished without blocking");
            t.cancel();
            String result = t.await();
            assertFalse(t.cancelled(), "a finished task cannot be cancelled");
            return result;
        }));
    }

    @Test // test_eager_task_factory.py::{Py,C}EagerTaskFactoryLoopTests::test_cancellation_after_eager_step_blocks
    void eagerTaskFactoryLoopTests_testCancellationAfterEagerStepBlocks() {
        CancelledError e = assertThrows(CancelledError.class, () -> runEager(() -> {
            Task<String> t = Asyncio.getRunningLoop().createTask(() -> Asyncio.sleep(0.1, "finished after blocking"));
            t.cancel("cancellation message");
            assertTrue(t.cancelling() > 0);
            return t.await();
        }));
        assertEquals("cancellation message", e.getMessage());
    }

    @Test // test_eager_task_factory.py::{Py,C}EagerTaskFactoryLoopTests::test_current_task
    void eagerTaskFactoryLoopTests_testCurrentTask() {
        runEager(() -> {
            List<Task<?>> captured = new ArrayList<>();
            Task<Void> t = Asyncio.getRunningLoop().createTask(() -> {
                captured.add(Asyncio.currentTask());
                Asyncio.sleep(0.1);
                assertSame(captured.get(0), Asyncio.currentTask(), "the same task before and after blocking");
            });
            assertSame(t, captured.get(0));
            t.await();
            return null;
        });
    }

    @Test // test_eager_task_factory.py::{Py,C}EagerTaskFactoryLoopTests::test_all_tasks_with_eager_completion
    void eagerTaskFactoryLoopTests_testAllTasksWithEagerCompletion() {
        runEager(() -> {
            List<Set<Task<?>>> captured = new ArrayList<>();
            Task<Void> t = Asyncio.getRunningLoop().createTask(() -> {
                captured.add(Asyncio.allTasks());
            });
            assertTrue(captured.get(0).contains(t));
            assertFalse(Asyncio.allTasks().contains(t));
            return null;
        });
    }

    @Test // test_eager_task_factory.py::{Py,C}EagerTaskFactoryLoopTests::test_all_tasks_with_blocking
    void eagerTaskFactoryLoopTests_testAllTasksWithBlocking() {
        runEager(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Future<Void> fut1 = loop.createFuture();
            Future<Void> fut2 = loop.createFuture();
            List<Set<Task<?>>> captured = new ArrayList<>();
            Task<Void> t = loop.createTask(() -> {
                captured.add(Asyncio.allTasks());
                fut1.await();
                fut2.setResult(null);
            });
            assertTrue(captured.get(0).contains(t));
            assertTrue(Asyncio.allTasks().contains(t));
            fut1.setResult(null);
            fut2.await();
            assertFalse(Asyncio.allTasks().contains(t));
            return null;
        });
    }

    @Test // test_eager_task_factory.py::{Py,C}EagerTaskFactoryLoopTests::test_context_vars
    void eagerTaskFactoryLoopTests_testContextVars() {
        runEager(() -> {
            ContextVar<Integer> cv = new ContextVar<>("cv", 0);
            boolean[] firstStepRan = {false};
            boolean[] secondStepRan = {false};
            cv.set(1);
            Task<Void> t = Asyncio.getRunningLoop().createTask(() -> {
                assertEquals(1, cv.get());
                cv.set(2);
                assertEquals(2, cv.get());
                firstStepRan[0] = true;
                Asyncio.sleep(0.1);
                assertEquals(2, cv.get());
                cv.set(3);
                assertEquals(3, cv.get());
                secondStepRan[0] = true;
            });
            assertTrue(firstStepRan[0]);
            assertFalse(secondStepRan[0]);
            assertEquals(1, cv.get());
            t.await();
            assertTrue(secondStepRan[0]);
            assertEquals(1, cv.get());
            return null;
        });
    }

    /** asyncio's {@code create_task(eager_start=False)} is {@code Task.create(..., false)}. */
    @Test // test_eager_task_factory.py::{Py,C}EagerTaskFactoryLoopTests::test_eager_start_false
    void eagerTaskFactoryLoopTests_testEagerStartFalse() {
        runEager(() -> {
            String[] name = {null};
            Task<Void> t = Task.create(Asyncio.getRunningLoop(), () -> {
                name[0] = Asyncio.currentTask().getName();
                return null;
            }, "example", Context.copyContext(), false);
            assertFalse(t.done());
            assertNull(name[0]);
            t.await();
            assertEquals("example", name[0]);
            return null;
        });
    }

    @Test // test_eager_task_factory.py::CEagerTaskFactoryLoopTests::test_name
    void eagerTaskFactoryLoopTests_testName() {
        runEager(() -> {
            String[] name = {null};
            Task<Void> task = Asyncio.getRunningLoop().createTask(() -> {
                name[0] = Asyncio.currentTask().getName();
            }, "test name");
            assertEquals("test name", name[0]);
            task.await();
            return null;
        });
    }

    // ----- BaseTaskCountingTests: {NonEager,Eager}{,Py,C}Tests -----

    /** CPython's AsyncTaskCounter: a factory counting the tasks it makes that do not start eagerly. */
    private static final class CountingFactory implements TaskFactory {
        private final boolean eager;
        int taskCount;

        CountingFactory(boolean eager) {
            this.eager = eager;
        }

        @Override
        public <T> Task<T> createTask(EventLoop loop, Coroutine<T> coroutine, String name, Context context) {
            if (!eager) {
                taskCount++;
            }
            return Task.create(loop, coroutine, name, context, eager);
        }
    }

    private static int countTasks(boolean eager, Coroutine<?> main) {
        EventLoop loop = VirtualLoop.newLoop();
        CountingFactory counter = new CountingFactory(eager);
        loop.setTaskFactory(counter);
        try {
            loop.runUntilComplete(main);
        } finally {
            loop.close();
        }
        return counter.taskCount;
    }

    private static int awaitableChain(int depth) {
        return depth == 0 ? 0 : 1 + awaitableChain(depth - 1);
    }

    private static void recursiveTaskgroups(int width, int depth) {
        if (depth == 0) {
            return;
        }
        Asyncio.taskGroup(tg -> {
            for (int i = 0; i < width; i++) {
                tg.createTask(() -> recursiveTaskgroups(width, depth - 1));
            }
        });
    }

    private static void recursiveGather(int width, int depth) {
        if (depth == 0) {
            return;
        }
        List<Coroutine<Void>> children = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            children.add(() -> {
                recursiveGather(width, depth - 1);
                return null;
            });
        }
        Asyncio.gather(children).await();
    }

    @ParameterizedTest(name = "eager={0}") // test_eager_task_factory.py::{NonEager,Eager}{,Py,C}Tests::test_awaitables_chain
    @ValueSource(booleans = {false, true})
    void taskCountingTests_testAwaitablesChain(boolean eager) {
        int[] depth = {-1};
        int count = countTasks(eager, () -> depth[0] = awaitableChain(100));
        assertEquals(100, depth[0]);
        assertEquals(eager ? 0 : 1, count);
    }

    @ParameterizedTest(name = "eager={0}") // test_eager_task_factory.py::{NonEager,Eager}{,Py,C}Tests::test_recursive_taskgroups
    @ValueSource(booleans = {false, true})
    void taskCountingTests_testRecursiveTaskgroups(boolean eager) {
        int count = countTasks(eager, () -> {
            recursiveTaskgroups(5, 4);
            return null;
        });
        assertEquals(eager ? 0 : 781, count); // 1 + 5 + 5^2 + 5^3 + 5^4
    }

    @ParameterizedTest(name = "eager={0}") // test_eager_task_factory.py::{NonEager,Eager}{,Py,C}Tests::test_recursive_gather
    @ValueSource(booleans = {false, true})
    void taskCountingTests_testRecursiveGather(boolean eager) {
        int count = countTasks(eager, () -> {
            recursiveGather(5, 4);
            return null;
        });
        assertEquals(eager ? 0 : 781, count);
    }

    @Test // test_eager_task_factory.py::DefaultTaskFactoryEagerStart::test_eager_start_true_with_default_factory
    void defaultTaskFactoryEagerStart_testEagerStartTrueWithDefaultFactory() {
        VirtualLoop.run(() -> {
            String[] name = {null};
            Task<Void> t = Task.create(Asyncio.getRunningLoop(), () -> {
                name[0] = Asyncio.currentTask().getName();
                return null;
            }, "example", Context.copyContext(), true);
            assertTrue(t.done());
            assertEquals("example", name[0]);
            t.await();
        });
    }
}
