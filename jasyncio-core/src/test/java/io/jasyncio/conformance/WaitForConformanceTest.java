package io.jasyncio.conformance;

import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.TimeoutError;
import io.jasyncio.testkit.VirtualLoop;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CPython's {@code Lib/test/test_asyncio/test_waitfor.py}, ported test by test. {@code SlowTask}
 * measures its 0.2 s on the loop's (virtual) clock instead of {@code time.monotonic()};
 * {@code timeout=None} is {@code Double.POSITIVE_INFINITY}; the {@code CancelledError} CPython
 * finds in {@code __context__} is the {@code TimeoutError}'s cause here.
 */
class WaitForConformanceTest {
    private static final double EPSILON = 0.0001;
    private static final double NONE = Double.POSITIVE_INFINITY;

    /** CPython's SlowTask: runs for TASK_TIMEOUT, ignoring cancel requests. */
    private static final class SlowTask {
        static final double TASK_TIMEOUT = 0.2;
        boolean exited;

        void run() {
            EventLoop loop = Asyncio.getRunningLoop();
            double exitAt = loop.time() + TASK_TIMEOUT;
            while (true) {
                double toSleep = exitAt - loop.time();
                // CPython's check, as is: it spun forever here while a timer could fire one ulp short
                // of its double deadline (conformance.md, findings; ClockRoundingTest)
                if (toSleep <= 0) {
                    break;
                }
                try {
                    Asyncio.sleep(toSleep);
                } catch (CancelledError ignored) {
                    // SlowTask ignores cancel requests on purpose
                }
            }
            exited = true;
        }
    }

    @Test // test_waitfor.py::AsyncioWaitForTest::test_asyncio_wait_for_cancelled
    void asyncioWaitForTest_testAsyncioWaitForCancelled() {
        VirtualLoop.run(() -> {
            SlowTask t = new SlowTask();
            Task<Void> waitForTask = Asyncio.createTask(() -> Asyncio.waitFor(t::run, SlowTask.TASK_TIMEOUT * 2));
            Asyncio.sleep(0);
            waitForTask.cancel();
            Asyncio.wait(List.of(waitForTask));
            assertTrue(t.exited);
        });
    }

    @Test // test_waitfor.py::AsyncioWaitForTest::test_asyncio_wait_for_timeout
    void asyncioWaitForTest_testAsyncioWaitForTimeout() {
        VirtualLoop.run(() -> {
            SlowTask t = new SlowTask();
            try {
                Asyncio.waitFor(t::run, SlowTask.TASK_TIMEOUT / 2);
            } catch (TimeoutError expected) {
                // the slow task outlives its timeout; what matters is that waitFor waited for it
            }
            assertTrue(t.exited);
        });
    }

    @Test // test_waitfor.py::AsyncioWaitForTest::test_wait_for_timeout_less_then_0_or_0_future_done
    void asyncioWaitForTest_testWaitForTimeoutLessThen0Or0FutureDone() {
        VirtualLoop.run(() -> {
            Future<String> fut = Asyncio.getRunningLoop().createFuture();
            fut.setResult("done");
            assertEquals("done", Asyncio.waitFor(fut, 0));
            assertTrue(fut.done());
        });
    }

    @Test // test_waitfor.py::AsyncioWaitForTest::test_wait_for_timeout_less_then_0_or_0_coroutine_do_not_started
    void asyncioWaitForTest_testWaitForTimeoutLessThen0Or0CoroutineDoNotStarted() {
        VirtualLoop.run(() -> {
            boolean[] fooStarted = {false};
            assertThrows(TimeoutError.class, () -> Asyncio.waitFor(() -> {
                fooStarted[0] = true;
            }, 0));
            assertFalse(fooStarted[0]);
        });
    }

    @Test // test_waitfor.py::AsyncioWaitForTest::test_wait_for_timeout_less_then_0_or_0 (both subtests)
    void asyncioWaitForTest_testWaitForTimeoutLessThen0Or0() {
        VirtualLoop.run(() -> {
            for (double timeout : new double[] {0, -1}) {
                boolean[] fooRunning = {false};
                Future<Void> started = Asyncio.getRunningLoop().createFuture();
                Task<String> fut = Asyncio.createTask(() -> {
                    fooRunning[0] = true;
                    started.setResult(null);
                    try {
                        Asyncio.sleep(10);
                    } finally {
                        fooRunning[0] = false;
                    }
                    return "done";
                });
                started.await();
                assertThrows(TimeoutError.class, () -> Asyncio.waitFor(fut, timeout), "timeout=" + timeout);
                assertTrue(fut.done());
                assertTrue(fut.cancelled(), "cancelled because of the timeout");
                assertFalse(fooRunning[0]);
            }
        });
    }

    @Test // test_waitfor.py::AsyncioWaitForTest::test_wait_for
    void asyncioWaitForTest_testWaitFor() {
        VirtualLoop.run(() -> {
            boolean[] fooRunning = {false};
            Task<String> fut = Asyncio.createTask(() -> {
                fooRunning[0] = true;
                try {
                    Asyncio.sleep(300);
                } finally {
                    fooRunning[0] = false;
                }
                return "done";
            });
            assertThrows(TimeoutError.class, () -> Asyncio.waitFor(fut, 0.1));
            assertTrue(fut.done());
            assertTrue(fut.cancelled());
            assertFalse(fooRunning[0]);
        });
    }

    @Test // test_waitfor.py::AsyncioWaitForTest::test_wait_for_blocking
    void asyncioWaitForTest_testWaitForBlocking() {
        VirtualLoop.run(() -> {
            assertEquals("done", Asyncio.waitFor(() -> "done", NONE));
        });
    }

    @Test // test_waitfor.py::AsyncioWaitForTest::test_wait_for_race_condition
    void asyncioWaitForTest_testWaitForRaceCondition() {
        VirtualLoop.run(() -> {
            Future<String> fut = Asyncio.getRunningLoop().createFuture();
            Asyncio.getRunningLoop().callSoon(() -> fut.setResult("ok"));
            assertEquals("ok", Asyncio.waitFor(fut, 0.2));
        });
    }

    @Test // test_waitfor.py::AsyncioWaitForTest::test_wait_for_cancellation_race_condition
    void asyncioWaitForTest_testWaitForCancellationRaceCondition() {
        VirtualLoop.run(() -> {
            int result = Asyncio.waitFor(() -> {
                assertThrows(CancelledError.class, () -> Asyncio.sleep(1));
                return 1;
            }, .01);
            assertEquals(1, result);
        });
    }

    @Test // test_waitfor.py::AsyncioWaitForTest::test_wait_for_waits_for_task_cancellation
    void asyncioWaitForTest_testWaitForWaitsForTaskCancellation() {
        VirtualLoop.run(() -> {
            boolean[] taskDone = {false};
            Task<Void> innerTask = Asyncio.createTask(() -> slowToCancel(taskDone));
            TimeoutError e = assertThrows(TimeoutError.class, () -> Asyncio.waitFor(innerTask, EPSILON));
            assertTrue(taskDone[0]);
            assertInstanceOf(CancelledError.class, e.getCause());
        });
    }

    /** Sleeps; once cancelled, sleeps EPSILON more before re-raising; marks itself done either way. */
    private static void slowToCancel(boolean[] taskDone) {
        try {
            Asyncio.sleep(10);
        } catch (CancelledError e) {
            Asyncio.sleep(EPSILON);
            throw e;
        } finally {
            taskDone[0] = true;
        }
    }

    @Test // test_waitfor.py::AsyncioWaitForTest::test_wait_for_waits_for_task_cancellation_w_timeout_0
    void asyncioWaitForTest_testWaitForWaitsForTaskCancellationWTimeout0() {
        VirtualLoop.run(() -> {
            boolean[] taskDone = {false};
            TimeoutError e = assertThrows(TimeoutError.class, () -> {
                Task<Void> innerTask = Asyncio.createTask(() -> slowToCancel(taskDone));
                Asyncio.sleep(EPSILON);
                Asyncio.waitFor(innerTask, 0);
            });
            assertTrue(taskDone[0]);
            assertInstanceOf(CancelledError.class, e.getCause());
        });
    }

    /** CPython's local FooException. */
    static final class FooException extends RuntimeException {
        FooException() {
            super("FooException");
        }
    }

    @Test // test_waitfor.py::AsyncioWaitForTest::test_wait_for_reraises_exception_during_cancellation
    void asyncioWaitForTest_testWaitForReraisesExceptionDuringCancellation() {
        VirtualLoop.run(() -> {
            assertThrows(FooException.class, () -> {
                Task<Void> innerTask = Asyncio.createTask(() -> {
                    try {
                        Asyncio.sleep(0.2);
                    } finally {
                        throw new FooException();
                    }
                });
                Asyncio.waitFor(innerTask, EPSILON);
            });
        });
    }

    @Test // test_waitfor.py::AsyncioWaitForTest::test_cancel_blocking_wait_for
    void asyncioWaitForTest_testCancelBlockingWaitFor() {
        cancelWaitFor(NONE);
    }

    @Test // test_waitfor.py::AsyncioWaitForTest::test_cancel_wait_for
    void asyncioWaitForTest_testCancelWaitFor() {
        cancelWaitFor(60.0);
    }

    /** CPython's _test_cancel_wait_for: cancelling the wait cancels the task (bpo-23219). */
    private static void cancelWaitFor(double timeout) {
        VirtualLoop.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Task<Void> task = Asyncio.createTask(() -> {
                loop.<Void>createFuture().await(); // never completed
            });
            Task<Void> wait = Asyncio.createTask(() -> Asyncio.waitFor(task, timeout));
            loop.callSoon(wait::cancel);
            assertThrows(CancelledError.class, wait::await);
            assertTrue(task.cancelled());
        });
    }

    @Test // test_waitfor.py::AsyncioWaitForTest::test_wait_for_cancel_suppressed (GH-86296)
    void asyncioWaitForTest_testWaitForCancelSuppressed() {
        VirtualLoop.run(() -> {
            int res = Asyncio.waitFor(() -> {
                try {
                    Asyncio.sleep(10);
                } catch (CancelledError e) {
                    return 42;
                }
                return 0;
            }, 0.1);
            assertEquals(42, res);
        });
    }

    @Test // test_waitfor.py::AsyncioWaitForTest::test_wait_for_issue86296
    void asyncioWaitForTest_testWaitForIssue86296() {
        VirtualLoop.run(() -> {
            Task<String> innerTask = Asyncio.createTask(() -> "done");
            boolean[] reachedEnd = {false};
            Task<Void> task = Asyncio.createTask(() -> {
                Asyncio.waitFor(innerTask, 100);
                Asyncio.sleep(1);
                reachedEnd[0] = true;
            });
            assertFalse(task.done());
            Asyncio.sleep(0);
            task.cancel();
            assertThrows(CancelledError.class, task::await);
            assertTrue(innerTask.done());
            assertEquals("done", innerTask.await());
            assertFalse(reachedEnd[0]);
        });
    }

    private static String sleepThenDone(double delay) {
        Asyncio.sleep(delay);
        return "done";
    }

    @Test // test_waitfor.py::WaitForShieldTests::test_zero_timeout
    void waitForShieldTests_testZeroTimeout() {
        VirtualLoop.run(() -> {
            Task<String> task = Asyncio.createTask(() -> sleepThenDone(0.01));
            Future<String> shieldedTask = Asyncio.shield(task);
            assertThrows(TimeoutError.class, () -> Asyncio.waitFor(shieldedTask, 0));
            assertFalse(task.done());
            assertFalse(task.cancelled());
            assertTrue(shieldedTask.cancelled());
            Asyncio.sleep(0.1);
            assertTrue(task.done());
        });
    }

    @Test // test_waitfor.py::WaitForShieldTests::test_none_timeout
    void waitForShieldTests_testNoneTimeout() {
        VirtualLoop.run(() -> {
            Task<String> task = Asyncio.createTask(() -> sleepThenDone(0.1));
            Asyncio.waitFor(Asyncio.shield(task), NONE);
            assertTrue(task.done());
            assertEquals("done", task.await());
        });
    }

    @Test // test_waitfor.py::WaitForShieldTests::test_shielded_timeout
    void waitForShieldTests_testShieldedTimeout() {
        VirtualLoop.run(() -> {
            Task<String> task = Asyncio.createTask(() -> sleepThenDone(0.1));
            assertThrows(TimeoutError.class, () -> Asyncio.waitFor(Asyncio.shield(task), 0.01));
            assertFalse(task.done());
            assertFalse(task.cancelled());
            assertEquals("done", task.await());
        });
    }
}
