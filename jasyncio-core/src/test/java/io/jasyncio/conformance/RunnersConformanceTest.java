package io.jasyncio.conformance;

import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Context;
import io.jasyncio.ContextVar;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.KeyboardInterrupt;
import io.jasyncio.Runner;
import io.jasyncio.Task;
import io.jasyncio.testkit.Sigints;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * CPython's {@code Lib/test/test_asyncio/test_runners.py}, ported test by test. CPython's
 * {@code interrupt_self()} ({@code _thread.interrupt_main()}) is {@link Sigints}: the SIGINT
 * handler {@code Runner.run} installed is called from another thread, as the JVM's signal thread
 * would. ValueError is {@link IllegalArgumentException}, RuntimeError {@link IllegalStateException}.
 */
class RunnersConformanceTest {

    @Test // test_runners.py::RunTests::test_asyncio_run_return
    void runTests_testAsyncioRunReturn() {
        assertEquals(42, Asyncio.run(() -> {
            Asyncio.sleep(0);
            return 42;
        }));
    }

    @Test // test_runners.py::RunTests::test_asyncio_run_raises
    void runTests_testAsyncioRunRaises() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Asyncio.run(() -> {
            Asyncio.sleep(0);
            throw new IllegalArgumentException("spam");
        }));
        assertEquals("spam", e.getMessage());
    }

    /** The parts that patch asyncio's private debug-mode switch are not ported. */
    @Test // test_runners.py::RunTests::test_asyncio_run_debug
    void runTests_testAsyncioRunDebug() {
        Asyncio.run(() -> assertFalse(Asyncio.getRunningLoop().getDebug()), false);
        Asyncio.run(() -> assertTrue(Asyncio.getRunningLoop().getDebug()), true);
    }

    @Test // test_runners.py::RunTests::test_asyncio_run_from_running_loop
    void runTests_testAsyncioRunFromRunningLoop() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Asyncio.run(() -> Asyncio.run(() -> 1)));
        assertTrue(e.getMessage().contains("cannot be called from a running"), e.getMessage());
    }

    @Test // test_runners.py::RunTests::test_asyncio_run_cancels_hanging_tasks
    void runTests_testAsyncioRunCancelsHangingTasks() {
        List<Task<Void>> loTask = new ArrayList<>();
        assertEquals(123, Asyncio.run(() -> {
            loTask.add(Asyncio.createTask(() -> Asyncio.sleep(0.1)));
            return 123;
        }));
        assertTrue(loTask.get(0).done());
    }

    @Test // test_runners.py::RunTests::test_asyncio_run_reports_hanging_tasks_errors
    void runTests_testAsyncioRunReportsHangingTasksErrors() {
        List<Task<Void>> loTask = new ArrayList<>();
        List<Map<String, Object>> reports = new ArrayList<>();
        assertEquals(123, Asyncio.run(() -> {
            Asyncio.getRunningLoop().setExceptionHandler((loop, context) -> reports.add(context));
            loTask.add(Asyncio.createTask(() -> {
                try {
                    Asyncio.sleep(0.1);
                } catch (CancelledError e) {
                    throw new ArithmeticException("/ by zero");
                }
            }));
            return 123;
        }));
        assertTrue(loTask.get(0).done());
        assertEquals(1, reports.size(), reports.toString());
        Map<String, Object> context = reports.get(0);
        assertTrue(String.valueOf(context.get("message")).matches("(?s).*Asyncio.run.*shutdown.*"), context.toString());
        assertSame(loTask.get(0), context.get("task"));
        assertInstanceOf(ArithmeticException.class, context.get("exception"));
    }

    @Test // test_runners.py::RunnerTests::test_non_debug
    void runnerTests_testNonDebug() {
        try (Runner runner = new Runner(false)) {
            assertFalse(runner.getLoop().getDebug());
        }
    }

    @Test // test_runners.py::RunnerTests::test_debug
    void runnerTests_testDebug() {
        try (Runner runner = new Runner(true)) {
            assertTrue(runner.getLoop().getDebug());
        }
    }

    @Test // test_runners.py::RunnerTests::test_run
    void runnerTests_testRun() {
        EventLoop loop;
        Runner runner = new Runner();
        try (runner) {
            assertEquals("done", runner.run(() -> {
                Asyncio.sleep(0);
                return "done";
            }));
            loop = runner.getLoop();
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, runner::getLoop);
        assertTrue(e.getMessage().contains("Runner is closed"), e.getMessage());
        assertTrue(loop.isClosed());
    }

    @Test // test_runners.py::RunnerTests::test_explicit_close
    void runnerTests_testExplicitClose() {
        Runner runner = new Runner();
        EventLoop loop = runner.getLoop();
        runner.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, runner::getLoop);
        assertTrue(e.getMessage().contains("Runner is closed"), e.getMessage());
        assertTrue(loop.isClosed());
    }

    @Test // test_runners.py::RunnerTests::test_double_close
    void runnerTests_testDoubleClose() {
        Runner runner = new Runner();
        EventLoop loop = runner.getLoop();
        runner.close();
        assertTrue(loop.isClosed());
        runner.close(); // a no-op
        assertTrue(loop.isClosed());
    }

    @Test // test_runners.py::RunnerTests::test_second_with_block_raises
    void runnerTests_testSecondWithBlockRaises() {
        List<Integer> ret = new ArrayList<>();
        Runner runner = new Runner();
        try (runner) {
            runner.run(() -> {
                ret.add(1);
            });
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            try (runner) {
                runner.run(() -> {
                    ret.add(2);
                });
            }
        });
        assertTrue(e.getMessage().contains("Runner is closed"), e.getMessage());
        assertEquals(List.of(1), ret);
    }

    @Test // test_runners.py::RunnerTests::test_run_keeps_context
    void runnerTests_testRunKeepsContext() {
        ContextVar<Integer> cvar = new ContextVar<>("cvar", -1);
        try (Runner runner = new Runner()) {
            assertEquals(-1, runner.run(() -> setAfterSleep(cvar, 1)));
            assertEquals(1, runner.run(() -> setAfterSleep(cvar, 2)));
            assertEquals(2, runner.run(Context::copyContext).get(cvar));
        }
    }

    private static int setAfterSleep(ContextVar<Integer> cvar, int val) {
        int old = cvar.get();
        Asyncio.sleep(0);
        cvar.set(val);
        return old;
    }

    /** CPython also checks the refused coroutine warns that it was never awaited; a lambda cannot. */
    @Test // test_runners.py::RunnerTests::test_recursive_run
    void runnerTests_testRecursiveRun() {
        try (Runner runner = new Runner()) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> runner.run(() -> runner.run(() -> {})));
            assertTrue(e.getMessage().contains("Runner.run() cannot be called from a running event loop"), e.getMessage());
        }
    }

    /** The only case where the task is not suspended on a future or another task. */
    @Test // test_runners.py::RunnerTests::test_interrupt_call_soon
    void runnerTests_testInterruptCallSoon() {
        try (Runner runner = new Runner()) {
            runner.getLoop().callSoon(Sigints::deliverToTheInstalledHandler);
            assertThrows(KeyboardInterrupt.class, () -> runner.run(() -> {
                assertThrows(CancelledError.class, () -> {
                    while (true) {
                        Asyncio.sleep(0);
                    }
                });
                throw new CancelledError();
            }));
        }
    }

    /** Interrupting a wait on a future cancels both the future and the main task. */
    @Test // test_runners.py::RunnerTests::test_interrupt_wait
    void runnerTests_testInterruptWait() {
        try (Runner runner = new Runner()) {
            Future<Object> fut = runner.getLoop().createFuture();
            runner.getLoop().callSoon(Sigints::deliverToTheInstalledHandler);
            assertThrows(KeyboardInterrupt.class, () -> runner.run(() -> {
                assertThrows(CancelledError.class, fut::await);
                throw new CancelledError();
            }));
            assertTrue(fut.cancelled());
        }
    }

    /**
     * Interrupting a main task that was cancelled already does not raise KeyboardInterrupt. The
     * SIGINT reaches the main task through the loop, a step after the signal; whichever arrives
     * first (the cancel or the task's end) the run ends with CancelledError (RunnerSigint).
     */
    @Test // test_runners.py::RunnerTests::test_interrupt_cancelled_task
    void runnerTests_testInterruptCancelledTask() {
        try (Runner runner = new Runner()) {
            assertThrows(CancelledError.class, () -> runner.run(() -> {
                Task<?> main = Asyncio.currentTask();
                Asyncio.createTask(() -> {
                    Asyncio.sleep(0);
                    main.cancel();
                    Sigints.deliverToTheInstalledHandler();
                });
                Asyncio.sleep(10);
            }));
        }
    }

    /** gh-112559: the runner does not format the main task's result. */
    @Test // test_runners.py::RunnerTests::test_no_repr_is_call_on_the_task_result
    void runnerTests_testNoReprIsCallOnTheTaskResult() {
        final class MyResult {
            int reprCount;

            @Override
            public String toString() {
                reprCount++;
                return super.toString();
            }
        }
        MyResult result;
        try (Runner runner = new Runner()) {
            result = runner.run(MyResult::new);
        }
        assertEquals(0, result.reprCount);
    }
}
