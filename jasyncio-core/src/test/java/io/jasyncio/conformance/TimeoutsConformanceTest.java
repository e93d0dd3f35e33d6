package io.jasyncio.conformance;

import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.ExceptionGroup;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.Timeout;
import io.jasyncio.TimeoutError;
import io.jasyncio.testkit.VirtualLoop;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * CPython's {@code Lib/test/test_asyncio/test_timeouts.py}, ported test by test. {@code async with
 * asyncio.timeout(d) as cm:} is {@code Timeout cm = Asyncio.timeout(d); cm.run(() -> ...)};
 * asyncio's {@code None} (no deadline) is {@code Double.POSITIVE_INFINITY}. Java has explicit
 * causes but no implicit {@code __context__}: of CPython's exception-chain assertions, the
 * {@code __cause__} ones are ported.
 */
class TimeoutsConformanceTest {

    private static final double NONE = Double.POSITIVE_INFINITY;

    @Test // test_timeouts.py::TimeoutTests::test_timeout_basic
    void timeoutTests_testTimeoutBasic() {
        VirtualLoop.run(() -> {
            Timeout cm = Asyncio.timeout(0.01);
            assertThrows(TimeoutError.class, () -> cm.run(() -> Asyncio.sleep(10)));
            assertTrue(cm.expired());
        });
    }

    @Test // test_timeouts.py::TimeoutTests::test_timeout_at_basic
    void timeoutTests_testTimeoutAtBasic() {
        VirtualLoop.run(() -> {
            double deadline = Asyncio.getRunningLoop().time() + 0.01;
            Timeout cm = Asyncio.timeoutAt(deadline);
            assertThrows(TimeoutError.class, () -> cm.run(() -> Asyncio.sleep(10)));
            assertTrue(cm.expired());
            assertEquals(deadline, cm.when());
        });
    }

    @Test // test_timeouts.py::TimeoutTests::test_nested_timeouts
    void timeoutTests_testNestedTimeouts() {
        VirtualLoop.run(() -> {
            boolean[] cancelled = {false};
            double deadline = Asyncio.getRunningLoop().time() + 0.01;
            Timeout cm1 = Asyncio.timeoutAt(deadline);
            Timeout cm2 = Asyncio.timeoutAt(deadline);
            // only the outermost block raises TimeoutError
            assertThrows(TimeoutError.class, () -> cm1.run(() -> {
                try {
                    cm2.run(() -> Asyncio.sleep(10));
                } catch (CancelledError e) {
                    cancelled[0] = true;
                    throw e;
                }
            }));
            assertTrue(cancelled[0]);
            assertTrue(cm1.expired());
            assertTrue(cm2.expired());
        });
    }

    @Test // test_timeouts.py::TimeoutTests::test_waiter_cancelled
    void timeoutTests_testWaiterCancelled() {
        VirtualLoop.run(() -> {
            boolean[] cancelled = {false};
            assertThrows(TimeoutError.class, () -> Asyncio.timeout(0.01, () -> {
                try {
                    Asyncio.sleep(10);
                } catch (CancelledError e) {
                    cancelled[0] = true;
                    throw e;
                }
            }));
            assertTrue(cancelled[0]);
        });
    }

    @Test // test_timeouts.py::TimeoutTests::test_timeout_not_called
    void timeoutTests_testTimeoutNotCalled() {
        VirtualLoop.run(() -> {
            Timeout cm = Asyncio.timeout(10);
            cm.run(() -> Asyncio.sleep(0.01));
            double t1 = Asyncio.getRunningLoop().time();
            assertFalse(cm.expired());
            assertTrue(cm.when() > t1);
        });
    }

    @Test // test_timeouts.py::TimeoutTests::test_timeout_disabled
    void timeoutTests_testTimeoutDisabled() {
        VirtualLoop.run(() -> {
            Timeout cm = Asyncio.timeout(NONE);
            cm.run(() -> Asyncio.sleep(0.01));
            assertFalse(cm.expired());
            assertNull(cm.when());
        });
    }

    @Test // test_timeouts.py::TimeoutTests::test_timeout_at_disabled
    void timeoutTests_testTimeoutAtDisabled() {
        VirtualLoop.run(() -> {
            Timeout cm = Asyncio.timeoutAt(NONE);
            cm.run(() -> Asyncio.sleep(0.01));
            assertFalse(cm.expired());
            assertNull(cm.when());
        });
    }

    @Test // test_timeouts.py::TimeoutTests::test_timeout_zero
    void timeoutTests_testTimeoutZero() {
        timeoutThenSleep(0, 10);
    }

    @Test // test_timeouts.py::TimeoutTests::test_timeout_zero_sleep_zero
    void timeoutTests_testTimeoutZeroSleepZero() {
        timeoutThenSleep(0, 0);
    }

    @Test // test_timeouts.py::TimeoutTests::test_timeout_in_the_past_sleep_zero
    void timeoutTests_testTimeoutInThePastSleepZero() {
        timeoutThenSleep(-11, 0);
    }

    /** A block under {@code timeout(delay)} sleeping {@code sleep}: TimeoutError, when() ≤ now. */
    private static void timeoutThenSleep(double delay, double sleep) {
        VirtualLoop.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            double t0 = loop.time();
            Timeout cm = Asyncio.timeout(delay);
            assertThrows(TimeoutError.class, () -> cm.run(() -> Asyncio.sleep(sleep)));
            double t1 = loop.time();
            assertTrue(cm.expired());
            assertTrue(cm.when() <= t1, cm.when() + " <= " + t1);
            if (delay >= 0) {
                assertTrue(t0 <= cm.when(), t0 + " <= " + cm.when());
            } else {
                assertTrue(cm.when() <= t0, cm.when() + " <= " + t0);
            }
        });
    }

    @Test // test_timeouts.py::TimeoutTests::test_foreign_exception_passed
    void timeoutTests_testForeignExceptionPassed() {
        VirtualLoop.run(() -> {
            Timeout cm = Asyncio.timeout(0.01);
            assertThrows(IllegalArgumentException.class, () -> cm.run(() -> {
                throw new IllegalArgumentException("KeyError");
            }));
            assertFalse(cm.expired());
        });
    }

    @Test // test_timeouts.py::TimeoutTests::test_timeout_exception_context (the __cause__ part)
    void timeoutTests_testTimeoutExceptionContext() {
        VirtualLoop.run(() -> {
            TimeoutError e = assertThrows(TimeoutError.class, () -> Asyncio.timeout(0.01, () -> {
                try {
                    throw new ArithmeticException("/ by zero");
                } finally {
                    Asyncio.sleep(1);
                }
            }));
            assertInstanceOf(CancelledError.class, e.getCause());
        });
    }

    @Test // test_timeouts.py::TimeoutTests::test_foreign_exception_on_timeout
    void timeoutTests_testForeignExceptionOnTimeout() {
        VirtualLoop.run(() -> {
            ArithmeticException e = assertThrows(ArithmeticException.class, () -> Asyncio.timeout(0.01, () -> {
                try {
                    Asyncio.sleep(1);
                } finally {
                    crash();
                }
            }));
            assertNull(e.getCause());
        });
    }

    private static void crash() {
        throw new ArithmeticException("/ by zero");
    }

    @Test // test_timeouts.py::TimeoutTests::test_foreign_exception_on_timeout_2
    void timeoutTests_testForeignExceptionOnTimeout2() {
        VirtualLoop.run(() -> {
            ArithmeticException e = assertThrows(ArithmeticException.class, () -> Asyncio.timeout(0.01, () -> {
                try {
                    try {
                        throw new IllegalArgumentException("ValueError");
                    } finally {
                        Asyncio.sleep(1);
                    }
                } finally {
                    try {
                        throw new IllegalStateException("KeyError");
                    } finally {
                        crash();
                    }
                }
            }));
            assertNull(e.getCause());
        });
    }

    @Test // test_timeouts.py::TimeoutTests::test_foreign_cancel_doesnt_timeout_if_not_expired
    void timeoutTests_testForeignCancelDoesntTimeoutIfNotExpired() {
        VirtualLoop.run(() -> {
            Timeout cm = Asyncio.timeout(10);
            Task<Void> task = Asyncio.createTask(() -> {
                cm.run(() -> {
                    Asyncio.currentTask().cancel();
                    Asyncio.sleep(10);
                });
            });
            assertThrows(CancelledError.class, task::await);
            assertFalse(cm.expired());
        });
    }

    @Test // test_timeouts.py::TimeoutTests::test_outer_task_is_not_cancelled
    void timeoutTests_testOuterTaskIsNotCancelled() {
        VirtualLoop.run(() -> {
            Task<Void> task = Asyncio.createTask(() -> {
                assertThrows(TimeoutError.class, () -> Asyncio.timeout(0.001, () -> Asyncio.sleep(10)));
            });
            task.await();
            assertFalse(task.cancelled());
            assertTrue(task.done());
        });
    }

    @Test // test_timeouts.py::TimeoutTests::test_reschedule
    void timeoutTests_testReschedule() {
        VirtualLoop.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Future<Timeout> fut = loop.createFuture();
            double deadline1 = loop.time() + 10;
            double deadline2 = deadline1 + 20;
            Task<Void> task = Asyncio.createTask(() -> {
                Timeout t = Asyncio.timeoutAt(deadline1);
                t.run(() -> {
                    fut.setResult(t);
                    Asyncio.sleep(50);
                });
            });
            Timeout cm = fut.await();
            assertEquals(deadline1, cm.when());
            cm.reschedule(deadline2);
            assertEquals(deadline2, cm.when());
            cm.reschedule((Double) null);
            assertNull(cm.when());
            task.cancel();
            assertThrows(CancelledError.class, task::await);
            assertFalse(cm.expired());
        });
    }

    @Test // test_timeouts.py::TimeoutTests::test_repr_active
    void timeoutTests_testReprActive() {
        VirtualLoop.run(() -> {
            Timeout cm = Asyncio.timeout(10);
            cm.run(() -> {
                assertTrue(cm.toString().matches("<Timeout \\[active\\] when=\\d+\\.\\d*>"), cm.toString());
            });
        });
    }

    @Test // test_timeouts.py::TimeoutTests::test_repr_expired
    void timeoutTests_testReprExpired() {
        VirtualLoop.run(() -> {
            Timeout cm = Asyncio.timeout(0.01);
            assertThrows(TimeoutError.class, () -> cm.run(() -> Asyncio.sleep(10)));
            assertEquals("<Timeout [expired]>", cm.toString());
        });
    }

    @Test // test_timeouts.py::TimeoutTests::test_repr_finished
    void timeoutTests_testReprFinished() {
        VirtualLoop.run(() -> {
            Timeout cm = Asyncio.timeout(10);
            cm.run(() -> Asyncio.sleep(0));
            assertEquals("<Timeout [finished]>", cm.toString());
        });
    }

    /** asyncio prints {@code when=None}, and so does jasyncio's Python-style repr. */
    @Test // test_timeouts.py::TimeoutTests::test_repr_disabled
    void timeoutTests_testReprDisabled() {
        VirtualLoop.run(() -> {
            Timeout cm = Asyncio.timeout(NONE);
            cm.run(() -> {
                assertEquals("<Timeout [active] when=None>", cm.toString());
            });
        });
    }

    @Test // test_timeouts.py::TimeoutTests::test_nested_timeout_in_finally
    void timeoutTests_testNestedTimeoutInFinally() {
        VirtualLoop.run(() -> {
            TimeoutError[] e2 = {null};
            TimeoutError e1 = assertThrows(TimeoutError.class, () -> Asyncio.timeout(0.01, () -> {
                try {
                    Asyncio.sleep(1);
                } finally {
                    e2[0] = assertThrows(TimeoutError.class, () -> Asyncio.timeout(0.01, () -> Asyncio.sleep(10)));
                }
            }));
            assertInstanceOf(CancelledError.class, e1.getCause());
            assertNull(e1.getCause().getCause());
            assertInstanceOf(CancelledError.class, e2[0].getCause());
            assertNotSame(e1.getCause(), e2[0].getCause());
        });
    }

    @Test // test_timeouts.py::TimeoutTests::test_timeout_after_cancellation
    void timeoutTests_testTimeoutAfterCancellation() {
        VirtualLoop.run(() -> {
            try {
                Asyncio.currentTask().cancel();
                Asyncio.sleep(1);
            } catch (CancelledError e) {
                // the work is cancelled; the cleanup below runs under its own timeout
            } finally {
                assertThrows(TimeoutError.class, () -> Asyncio.timeout(0.0, () -> Asyncio.sleep(1)));
            }
        });
    }

    @Test // test_timeouts.py::TimeoutTests::test_cancel_in_timeout_after_cancellation
    void timeoutTests_testCancelInTimeoutAfterCancellation() {
        VirtualLoop.run(() -> {
            try {
                Asyncio.currentTask().cancel();
                Asyncio.sleep(1);
            } catch (CancelledError e) {
                // the work is cancelled; the cleanup below is cancelled again
            } finally {
                assertThrows(CancelledError.class, () -> Asyncio.timeout(1.0, () -> {
                    Asyncio.currentTask().cancel();
                    Asyncio.sleep(2);
                }));
            }
        });
    }

    @Test // test_timeouts.py::TimeoutTests::test_timeout_already_entered
    void timeoutTests_testTimeoutAlreadyEntered() {
        VirtualLoop.run(() -> {
            Timeout cm = Asyncio.timeout(0.01);
            cm.run(() -> {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> cm.run(() -> {}));
                assertTrue(e.getMessage().contains("has already been entered"), e.getMessage());
            });
        });
    }

    @Test // test_timeouts.py::TimeoutTests::test_timeout_double_enter
    void timeoutTests_testTimeoutDoubleEnter() {
        VirtualLoop.run(() -> {
            Timeout cm = Asyncio.timeout(0.01);
            cm.run(() -> {});
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> cm.run(() -> {}));
            assertTrue(e.getMessage().contains("has already been entered"), e.getMessage());
        });
    }

    @Test // test_timeouts.py::TimeoutTests::test_timeout_finished
    void timeoutTests_testTimeoutFinished() {
        VirtualLoop.run(() -> {
            Timeout cm = Asyncio.timeout(0.01);
            cm.run(() -> {});
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> cm.reschedule(0.02));
            assertTrue(e.getMessage().contains("finished"), e.getMessage());
        });
    }

    @Test // test_timeouts.py::TimeoutTests::test_timeout_expired
    void timeoutTests_testTimeoutExpired() {
        VirtualLoop.run(() -> {
            Timeout cm = Asyncio.timeout(0.01);
            assertThrows(TimeoutError.class, () -> cm.run(() -> Asyncio.sleep(1)));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> cm.reschedule(0.02));
            assertTrue(e.getMessage().contains("expired"), e.getMessage());
        });
    }

    @Test // test_timeouts.py::TimeoutTests::test_timeout_expiring
    void timeoutTests_testTimeoutExpiring() {
        VirtualLoop.run(() -> {
            Timeout cm = Asyncio.timeout(0.01);
            cm.run(() -> {
                assertThrows(CancelledError.class, () -> Asyncio.sleep(1));
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> cm.reschedule(0.02));
                assertTrue(e.getMessage().contains("expiring"), e.getMessage());
            });
        });
    }

    @Test // test_timeouts.py::TimeoutTests::test_timeout_not_entered
    void timeoutTests_testTimeoutNotEntered() {
        VirtualLoop.run(() -> {
            Timeout cm = Asyncio.timeout(0.01);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> cm.reschedule(0.02));
            assertTrue(e.getMessage().contains("has not been entered"), e.getMessage());
        });
    }

    /** CPython awaits {@code cm.__aenter__()} outside any task; here the block runs in a loop callback. */
    @Test // test_timeouts.py::TimeoutTests::test_timeout_without_task
    void timeoutTests_testTimeoutWithoutTask() {
        VirtualLoop.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Timeout cm = Asyncio.timeout(0.01);
            Future<Throwable> raised = loop.createFuture();
            loop.callSoon(() -> {
                try {
                    cm.run(() -> {});
                    raised.setResult(null);
                } catch (Throwable e) {
                    raised.setResult(e);
                }
            });
            Throwable e = raised.await();
            assertInstanceOf(IllegalStateException.class, e);
            assertTrue(e.getMessage().contains("task"), e.getMessage());
            IllegalStateException notEntered = assertThrows(IllegalStateException.class, () -> cm.reschedule(0.02));
            assertTrue(notEntered.getMessage().contains("has not been entered"), notEntered.getMessage());
        });
    }

    @Test // test_timeouts.py::TimeoutTests::test_timeout_taskgroup (the __cause__ part)
    void timeoutTests_testTimeoutTaskgroup() {
        VirtualLoop.run(() -> {
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> Asyncio.timeout(0.01, () -> {
                Asyncio.taskGroup(tg -> {
                    tg.createTask(() -> {
                        try {
                            Asyncio.sleep(2); // interrupted after 0.01 s
                        } finally {
                            crash(); // crash in cleanup
                        }
                    });
                    try {
                        throw new IllegalArgumentException("ValueError");
                    } finally {
                        Asyncio.sleep(1);
                    }
                });
            }));
            assertNull(eg.getCause());
            assertEquals(1, eg.exceptions().size(), eg.toString());
            assertInstanceOf(ArithmeticException.class, eg.exceptions().get(0));
        });
    }
}
