package io.jasyncio.conformance;

import static io.jasyncio.conformance.ConformanceLoop.errorTypes;
import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Context;
import io.jasyncio.ContextVar;
import io.jasyncio.EventLoop;
import io.jasyncio.ExceptionGroup;
import io.jasyncio.Future;
import io.jasyncio.KeyboardInterrupt;
import io.jasyncio.Task;
import io.jasyncio.TaskGroup;
import io.jasyncio.TimeoutError;
import io.jasyncio.locks.Event;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CPython's {@code Lib/test/test_asyncio/test_taskgroups.py}. CPython runs its
 * {@code BaseTestTaskGroup} twice, as {@code TestTaskGroup} (lazy tasks) and
 * {@code TestEagerTaskTaskGroup} (eager tasks); each test here is parameterized the same way
 * ({@code eager} false, then true). {@code async with TaskGroup() as g:} is
 * {@code Asyncio.taskGroup(g -> ...)}; {@code except* E} is a catch of {@link ExceptionGroup}
 * followed by {@code split(E)}. ZeroDivisionError is {@link ArithmeticException}, ValueError
 * {@link IllegalArgumentException}, RuntimeError {@link IllegalStateException}.
 */
class TaskGroupsConformanceTest {

    /** CPython's MyExc(Exception). */
    static final class MyExc extends RuntimeException {
        MyExc() {
            super("MyExc");
        }
    }

    /** CPython's MyBaseExc(BaseException): neither an Exception nor a cancellation. */
    static final class MyBaseExc extends Error {
        MyBaseExc() {
            super("MyBaseExc");
        }
    }

    private static void divideByZero() {
        throw new ArithmeticException("/ by zero");
    }

    private static int value(double delay, int result) {
        Asyncio.sleep(delay);
        return result;
    }

    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_taskgroup_01
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testTaskgroup01(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            List<Task<Integer>> t = new ArrayList<>();
            Asyncio.taskGroup(g -> {
                t.add(g.createTask(() -> value(0.1, 42)));
                t.add(g.createTask(() -> value(0.2, 11)));
            });
            assertEquals(42, t.get(0).result());
            assertEquals(11, t.get(1).result());
        });
    }

    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_taskgroup_02
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testTaskgroup02(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            List<Task<Integer>> t = new ArrayList<>();
            Asyncio.taskGroup(g -> {
                t.add(g.createTask(() -> value(0.1, 42)));
                Asyncio.sleep(0.15);
                t.add(g.createTask(() -> value(0.2, 11)));
            });
            assertEquals(42, t.get(0).result());
            assertEquals(11, t.get(1).result());
        });
    }

    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_taskgroup_03
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testTaskgroup03(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            List<Task<Integer>> t = new ArrayList<>();
            Asyncio.taskGroup(g -> {
                t.add(g.createTask(() -> value(1, 42)));
                Asyncio.sleep(0.15);
                t.get(0).cancel(); // an explicit cancel of one child: the rest goes on
                t.add(g.createTask(() -> value(0.2, 11)));
            });
            assertTrue(t.get(0).cancelled());
            assertEquals(11, t.get(1).result());
        });
    }

    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_taskgroup_04
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testTaskgroup04(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            int[] num = {0};
            boolean[] t2Cancel = {false};
            List<Task<Void>> t2 = new ArrayList<>();
            Task<Void> runner = Asyncio.createTask(() -> {
                Asyncio.taskGroup(g -> {
                    g.createTask(() -> {
                        Asyncio.sleep(0.1);
                        divideByZero();
                    });
                    t2.add(g.createTask(() -> {
                        try {
                            Asyncio.sleep(1);
                        } catch (CancelledError e) {
                            t2Cancel[0] = true;
                            throw e;
                        }
                        num[0]++;
                    }));
                });
                num[0] += 10;
            });
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, runner::await);
            assertEquals(Set.of(ArithmeticException.class), errorTypes(eg.exceptions()));
            assertEquals(0, num[0]);
            assertTrue(t2Cancel[0]);
            assertTrue(t2.get(0).cancelled());
        });
    }

    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_cancel_children_on_child_error
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testCancelChildrenOnChildError(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            int[] num = {0};
            boolean[] t2Cancel = {false};
            boolean[] runnerCancel = {false};
            Task<Void> runner = Asyncio.createTask(() -> {
                Asyncio.taskGroup(g -> {
                    for (int i = 0; i < 3; i++) {
                        g.createTask(() -> {
                            Asyncio.sleep(0.1);
                            divideByZero();
                        });
                    }
                    g.createTask(() -> {
                        try {
                            Asyncio.sleep(5);
                        } catch (CancelledError e) {
                            t2Cancel[0] = true;
                            throw e;
                        }
                        num[0]++;
                    });
                    try {
                        Asyncio.sleep(10);
                    } catch (CancelledError e) {
                        runnerCancel[0] = true;
                        throw e;
                    }
                });
                num[0] += 10;
            });
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, runner::await);
            assertEquals(Set.of(ArithmeticException.class), errorTypes(eg.exceptions()));
            assertEquals(0, num[0]);
            assertTrue(t2Cancel[0]);
            assertTrue(runnerCancel[0]);
        });
    }

    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_cancellation
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testCancellation(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            int[] num = {0};
            Task<Void> r = Asyncio.createTask(() -> {
                Asyncio.taskGroup(g -> {
                    for (int i = 0; i < 5; i++) {
                        g.createTask(() -> {
                            try {
                                Asyncio.sleep(5);
                            } catch (CancelledError e) {
                                num[0]++;
                                throw e;
                            }
                        });
                    }
                });
            });
            Asyncio.sleep(0.1);
            assertFalse(r.done());
            r.cancel();
            assertThrows(CancelledError.class, r::await);
            assertEquals(5, num[0]);
        });
    }

    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_taskgroup_07
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testTaskgroup07(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            int[] num = {0};
            Task<Void> r = Asyncio.createTask(() -> {
                Asyncio.taskGroup(g -> {
                    for (int i = 0; i < 5; i++) {
                        g.createTask(() -> {
                            try {
                                Asyncio.sleep(5);
                            } catch (CancelledError e) {
                                num[0]++;
                                throw e;
                            }
                        });
                    }
                    try {
                        Asyncio.sleep(10);
                    } catch (CancelledError e) {
                        num[0] += 10;
                        throw e;
                    }
                });
            });
            Asyncio.sleep(0.1);
            assertFalse(r.done());
            r.cancel();
            assertThrows(CancelledError.class, r::await);
            assertEquals(15, num[0]);
        });
    }

    /** Children that fail in cleanup while the group is cancelled from outside (SEMANTICS 18). */
    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_taskgroup_08
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testTaskgroup08(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            Task<Void> r = Asyncio.createTask(() -> {
                Asyncio.taskGroup(g -> {
                    for (int i = 0; i < 5; i++) {
                        g.createTask(TaskGroupsConformanceTest::sleepThenCrash);
                    }
                    Asyncio.sleep(10);
                });
            });
            Asyncio.sleep(0.1);
            assertFalse(r.done());
            r.cancel();
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, r::await);
            assertEquals(Set.of(ArithmeticException.class), errorTypes(eg.exceptions()));
        });
    }

    private static void sleepThenCrash() {
        try {
            Asyncio.sleep(10);
        } finally {
            divideByZero();
        }
    }

    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_taskgroup_09
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testTaskgroup09(boolean eager) {
        bodyFailsWithChildrenRunning(eager, 0.1);
    }

    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_taskgroup_10
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testTaskgroup10(boolean eager) {
        bodyFailsWithChildrenRunning(eager, -1);
    }

    /** The body raises (after sleeping {@code sleep}, if ≥ 0): both children are cancelled. */
    private static void bodyFailsWithChildrenRunning(boolean eager, double sleep) {
        ConformanceLoop.run(eager, () -> {
            List<Task<Integer>> t = new ArrayList<>();
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> Asyncio.taskGroup(g -> {
                t.add(g.createTask(() -> value(1, 42)));
                t.add(g.createTask(() -> value(2, 11)));
                if (sleep >= 0) {
                    Asyncio.sleep(sleep);
                }
                divideByZero();
            }));
            assertEquals(Set.of(ArithmeticException.class), errorTypes(eg.exceptions()));
            assertTrue(t.get(0).cancelled());
            assertTrue(t.get(1).cancelled());
        });
    }

    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_taskgroup_11
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testTaskgroup11(boolean eager) {
        nestedGroupCrashesInCleanup(eager, false);
    }

    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_taskgroup_12
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testTaskgroup12(boolean eager) {
        nestedGroupCrashesInCleanup(eager, true);
    }

    /** An inner group's children crash in cleanup when the runner is cancelled: a nested group. */
    private static void nestedGroupCrashesInCleanup(boolean eager, boolean outerChild) {
        ConformanceLoop.run(eager, () -> {
            Task<Void> r = Asyncio.createTask(() -> {
                Asyncio.taskGroup(g1 -> {
                    if (outerChild) {
                        g1.createTask(() -> Asyncio.sleep(10));
                    }
                    Asyncio.taskGroup(g2 -> {
                        for (int i = 0; i < 5; i++) {
                            g2.createTask(TaskGroupsConformanceTest::sleepThenCrash);
                        }
                        Asyncio.sleep(10);
                    });
                });
            });
            Asyncio.sleep(0.1);
            assertFalse(r.done());
            r.cancel();
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, r::await);
            assertEquals(Set.of(ExceptionGroup.class), errorTypes(eg.exceptions()));
            ExceptionGroup inner = (ExceptionGroup) eg.exceptions().get(0);
            assertEquals(Set.of(ArithmeticException.class), errorTypes(inner.exceptions()));
        });
    }

    private static void crashAfter(double t) {
        Asyncio.sleep(t);
        throw new IllegalArgumentException(String.valueOf(t));
    }

    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_taskgroup_13
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testTaskgroup13(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            Task<Void> r = Asyncio.createTask(() -> {
                Asyncio.taskGroup(g1 -> {
                    g1.createTask(() -> crashAfter(0.1));
                    Asyncio.taskGroup(g2 -> g2.createTask(() -> crashAfter(10)));
                });
            });
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, r::await);
            assertEquals(Set.of(IllegalArgumentException.class), errorTypes(eg.exceptions()));
        });
    }

    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_taskgroup_14
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testTaskgroup14(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            Task<Void> r = Asyncio.createTask(() -> {
                Asyncio.taskGroup(g1 -> {
                    g1.createTask(() -> crashAfter(10));
                    Asyncio.taskGroup(g2 -> g2.createTask(() -> crashAfter(0.1)));
                });
            });
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, r::await);
            assertEquals(Set.of(ExceptionGroup.class), errorTypes(eg.exceptions()));
            ExceptionGroup inner = (ExceptionGroup) eg.exceptions().get(0);
            assertEquals(Set.of(IllegalArgumentException.class), errorTypes(inner.exceptions()));
        });
    }

    /** A body that, once cancelled, sleeps 0.5 s before re-raising; a child crashes at 0.3 s. */
    private static void crashWhileBodyCleansUp() {
        Asyncio.taskGroup(g1 -> {
            g1.createTask(() -> {
                Asyncio.sleep(0.3);
                divideByZero();
            });
            try {
                Asyncio.sleep(10);
            } catch (CancelledError e) {
                Asyncio.sleep(0.5);
                throw e;
            }
        });
    }

    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_taskgroup_15
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testTaskgroup15(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            Task<Void> r = Asyncio.createTask(TaskGroupsConformanceTest::crashWhileBodyCleansUp);
            Asyncio.sleep(0.1);
            assertFalse(r.done());
            r.cancel();
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, r::await);
            assertEquals(Set.of(ArithmeticException.class), errorTypes(eg.exceptions()));
        });
    }

    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_taskgroup_16
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testTaskgroup16(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            Task<Void> r = Asyncio.createTask(() -> {
                Asyncio.createTask(TaskGroupsConformanceTest::crashWhileBodyCleansUp).await();
            });
            Asyncio.sleep(0.1);
            assertFalse(r.done());
            r.cancel();
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, r::await);
            assertEquals(Set.of(ArithmeticException.class), errorTypes(eg.exceptions()));
        });
    }

    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_taskgroup_17
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testTaskgroup17(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            int[] num = {0};
            Task<Void> r = Asyncio.createTask(() -> {
                Asyncio.taskGroup(g -> {
                    try {
                        Asyncio.sleep(10);
                    } catch (CancelledError e) {
                        num[0] += 10;
                        throw e;
                    }
                });
            });
            Asyncio.sleep(0.1);
            assertFalse(r.done());
            r.cancel();
            assertThrows(CancelledError.class, r::await);
            assertEquals(10, num[0]);
        });
    }

    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_taskgroup_18
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testTaskgroup18(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            int[] num = {0};
            Task<Void> r = Asyncio.createTask(() -> {
                Asyncio.taskGroup(g -> {
                    try {
                        Asyncio.sleep(10);
                    } catch (CancelledError e) {
                        num[0] += 10;
                        throw new MyExc(); // not a good idea, but supported
                    }
                });
            });
            Asyncio.sleep(0.1);
            assertFalse(r.done());
            r.cancel();
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, r::await);
            assertEquals(Set.of(MyExc.class), errorTypes(eg.exceptions()));
            assertEquals(10, num[0]);
        });
    }

    /** A group whose child crashes at 0.1 s while the body sleeps and raises {@code raised} in finally. */
    private static void crashSoonThenBodyRaises(Throwable raised, double crashAfter, Throwable childError) {
        Asyncio.taskGroup(g -> {
            g.createTask(() -> {
                Asyncio.sleep(crashAfter);
                throwIt(childError);
            });
            try {
                Asyncio.sleep(10);
            } finally {
                throwIt(raised);
            }
        });
    }

    private static void throwIt(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        throw (RuntimeException) t;
    }

    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_taskgroup_19
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testTaskgroup19(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            Task<Void> r = Asyncio.createTask(
                    () -> crashSoonThenBodyRaises(new MyExc(), 0.1, new ArithmeticException("/ by zero")));
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, r::await);
            assertEquals(Set.of(MyExc.class, ArithmeticException.class), errorTypes(eg.exceptions()));
        });
    }

    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_taskgroup_20
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testTaskgroup20(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            assertThrows(KeyboardInterrupt.class, () -> crashSoonThenBodyRaises(
                    new KeyboardInterrupt("KeyboardInterrupt"), 0.1, new ArithmeticException("/ by zero")));
        });
    }

    /** BaseExceptionGroup is our ExceptionGroup: it holds any Throwable but a cancellation. */
    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_taskgroup_20a
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testTaskgroup20a(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> crashSoonThenBodyRaises(
                    new MyBaseExc(), 0.1, new ArithmeticException("/ by zero")));
            assertEquals(Set.of(MyBaseExc.class, ArithmeticException.class), errorTypes(eg.exceptions()));
        });
    }

    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_taskgroup_21a
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testTaskgroup21a(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> crashSoonThenBodyRaises(
                    new UnsupportedOperationException("TypeError"), 0.1, new MyBaseExc()));
            assertEquals(Set.of(MyBaseExc.class, UnsupportedOperationException.class), errorTypes(eg.exceptions()));
        });
    }

    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_taskgroup_22
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testTaskgroup22(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            Task<Void> r = Asyncio.createTask(() -> {
                Asyncio.taskGroup(g -> {
                    g.createTask(() -> value(1, 42));
                    g.createTask(() -> value(2, 11));
                });
            });
            Asyncio.sleep(0.05);
            r.cancel();
            assertThrows(CancelledError.class, r::await);
        });
    }

    /** {@code len(g._tasks)}: the group's unfinished tasks, counted here by the jobs themselves. */
    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_taskgroup_23
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testTaskgroup23(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            int[] running = {0};
            Asyncio.taskGroup(g -> {
                for (int count = 0; count < 10; count++) {
                    Asyncio.sleep(0.1);
                    running[0]++;
                    g.createTask(() -> {
                        try {
                            Asyncio.sleep(0.3);
                        } finally {
                            running[0]--;
                        }
                    });
                    if (count == 5) {
                        assertTrue(running[0] < 5, "running: " + running[0]);
                    }
                }
                Asyncio.sleep(1.35);
                assertEquals(0, running[0]);
            });
        });
    }

    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_taskgroup_24
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testTaskgroup24(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            Asyncio.taskGroup(g -> {
                g.createTask(() -> {
                    Asyncio.sleep(0.1);
                    g.createTask(() -> Asyncio.sleep(0.1));
                    g.createTask(() -> Asyncio.sleep(0.2));
                });
            });
        });
    }

    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_taskgroup_25
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testTaskgroup25(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            int[] nhydras = {0};
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> Asyncio.taskGroup(g -> {
                g.createTask(() -> hydra(g, nhydras));
                g.createTask(() -> {
                    while (nhydras[0] < 10) {
                        Asyncio.sleep(0.015);
                    }
                    divideByZero();
                });
            }));
            assertEquals(Set.of(ArithmeticException.class), errorTypes(eg.exceptions()));
            assertTrue(nhydras[0] >= 10);
        });
    }

    private static void hydra(TaskGroup g, int[] nhydras) {
        nhydras[0]++;
        Asyncio.sleep(0.01);
        g.createTask(() -> hydra(g, nhydras));
        g.createTask(() -> hydra(g, nhydras));
    }

    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_taskgroup_task_name
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testTaskgroupTaskName(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            Asyncio.taskGroup(g -> {
                Task<Void> t = g.createTask(() -> Asyncio.sleep(0), "yolo");
                assertEquals("yolo", t.getName());
            });
        });
    }

    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_taskgroup_task_context
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testTaskgroupTaskContext(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            ContextVar<Integer> cvar = new ContextVar<>("cvar");
            Asyncio.taskGroup(g -> {
                Context ctx = Context.copyContext();
                assertNull(ctx.get(cvar));
                g.createTask(() -> {
                    Asyncio.sleep(0);
                    cvar.set(1);
                }, null, ctx).await();
                assertEquals(1, ctx.get(cvar));
                g.createTask(() -> {
                    Asyncio.sleep(0);
                    cvar.set(2);
                }, null, ctx).await();
                assertEquals(2, ctx.get(cvar));
            });
        });
    }

    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_taskgroup_no_create_task_after_failure
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testTaskgroupNoCreateTaskAfterFailure(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            VoidCrash coro1 = () -> {
                Asyncio.sleep(0.001);
                divideByZero();
            };
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> Asyncio.taskGroup(g -> {
                g.createTask(coro1::run);
                g.createTask(() -> {
                    try {
                        Asyncio.sleep(1);
                    } catch (CancelledError e) {
                        assertThrows(IllegalStateException.class, () -> g.createTask(coro1::run));
                    }
                });
            }));
            assertEquals(Set.of(ArithmeticException.class), errorTypes(eg.exceptions()));
        });
    }

    /** A body without checked exceptions, reusable as a task body. */
    @FunctionalInterface
    private interface VoidCrash {
        void run();
    }

    /** CPython's async context manager that raises in its exit is a try/finally here (gh-95289). */
    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_taskgroup_context_manager_exit_raises
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testTaskgroupContextManagerExitRaises(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            Asyncio.createTask(() -> {
                Task<?> task = Asyncio.currentTask();
                ExceptionGroup err = assertThrows(ExceptionGroup.class, () -> Asyncio.taskGroup(tg -> {
                    try {
                        tg.createTask(() -> {
                            throw new MyExc();
                        });
                        Asyncio.sleep(1);
                    } finally {
                        throw new MyExc();
                    }
                }));
                assertEquals(0, task.cancelling());
                assertEquals(2, err.split(MyExc.class).matching().exceptions().size());
            }).await();
        });
    }

    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_taskgroup_already_entered
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testTaskgroupAlreadyEntered(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            TaskGroup tg = new TaskGroup();
            tg.run(g -> {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> tg.run(g2 -> {}));
                assertTrue(e.getMessage().contains("has already been entered"), e.getMessage());
            });
        });
    }

    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_taskgroup_double_enter
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testTaskgroupDoubleEnter(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            TaskGroup tg = new TaskGroup();
            tg.run(g -> {});
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> tg.run(g -> {}));
            assertTrue(e.getMessage().contains("has already been entered"), e.getMessage());
        });
    }

    /** CPython also checks the refused coroutine is closed; a Java lambda has nothing to close. */
    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_taskgroup_finished
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testTaskgroupFinished(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            TaskGroup tg = new TaskGroup();
            tg.run(g -> {});
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> tg.createTask(() -> Asyncio.sleep(0)));
            assertTrue(e.getMessage().contains("is finished"), e.getMessage());
        });
    }

    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_taskgroup_not_entered
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testTaskgroupNotEntered(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            TaskGroup tg = new TaskGroup();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> tg.createTask(() -> Asyncio.sleep(0)));
            assertTrue(e.getMessage().contains("has not been entered"), e.getMessage());
        });
    }

    /** CPython awaits {@code tg.__aenter__()} outside any task; here the group runs in a loop callback. */
    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_taskgroup_without_parent_task
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testTaskgroupWithoutParentTask(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            EventLoop loop = Asyncio.getRunningLoop();
            TaskGroup tg = new TaskGroup();
            Future<Throwable> raised = loop.createFuture();
            loop.callSoon(() -> {
                try {
                    tg.run(g -> {});
                    raised.setResult(null);
                } catch (Throwable e) {
                    raised.setResult(e);
                }
            });
            Throwable e = raised.await();
            assertInstanceOf(IllegalStateException.class, e);
            assertTrue(e.getMessage().contains("parent task"), e.getMessage());
            IllegalStateException notEntered = assertThrows(IllegalStateException.class, () -> tg.createTask(() -> Asyncio.sleep(0)));
            assertTrue(notEntered.getMessage().contains("has not been entered"), notEntered.getMessage());
        });
    }

    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_coro_closed_when_tg_closed
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testCoroClosedWhenTgClosed(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            TaskGroup[] tg = {null};
            Asyncio.taskGroup(g -> tg[0] = g);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> tg[0].createTask(() -> Asyncio.sleep(0)));
            assertTrue(e.getMessage().contains("is finished"), e.getMessage());
        });
    }

    private static void raiseAfter(double t, RuntimeException e) {
        Asyncio.sleep(t);
        throw e;
    }

    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_cancelling_level_preserved
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testCancellingLevelPreserved(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> Asyncio.taskGroup(
                    tg -> tg.createTask(() -> raiseAfter(0.0, new IllegalStateException("RuntimeError")))));
            assertEquals(Set.of(IllegalStateException.class), errorTypes(eg.exceptions()));
            assertEquals(0, Asyncio.currentTask().cancelling());
        });
    }

    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_nested_groups_both_cancelled
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testNestedGroupsBothCancelled(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            ExceptionGroup outer = assertThrows(ExceptionGroup.class, () -> Asyncio.taskGroup(outerTg -> {
                ExceptionGroup inner = assertThrows(ExceptionGroup.class, () -> Asyncio.taskGroup(innerTg -> {
                    innerTg.createTask(() -> raiseAfter(0, new IllegalStateException("RuntimeError")));
                    outerTg.createTask(() -> raiseAfter(0, new IllegalArgumentException("ValueError")));
                }));
                assertEquals(Set.of(IllegalStateException.class), errorTypes(inner.exceptions()));
                assertEquals(1, Asyncio.currentTask().cancelling());
            }));
            assertEquals(Set.of(IllegalArgumentException.class), errorTypes(outer.exceptions()));
            assertEquals(0, Asyncio.currentTask().cancelling());
        });
    }

    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_error_and_cancel
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testErrorAndCancel(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            Event event = new Event();
            Task<Void> t = Asyncio.createTask(() -> {
                ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> Asyncio.taskGroup(tg -> {
                    tg.createTask(() -> {
                        event.set();
                        Asyncio.sleep(0);
                        throw new IllegalStateException("RuntimeError");
                    });
                    Asyncio.sleep(1);
                    fail("Sleep in group should have been cancelled");
                }));
                assertEquals(Set.of(IllegalStateException.class), errorTypes(eg.exceptions()));
                assertEquals(1, Asyncio.currentTask().cancelling());
                Asyncio.sleep(1);
                fail("Sleep after group should have been cancelled");
            });
            event.await();
            assertEquals(0, t.cancelling());
            t.cancel();
            assertEquals(1, t.cancelling());
            assertThrows(CancelledError.class, t::await);
            assertTrue(t.cancelled());
        });
    }

    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_name
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testName(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            String[] name = {null};
            Asyncio.taskGroup(tg -> tg.createTask(() -> {
                name[0] = Asyncio.currentTask().getName();
            }, "example name"));
            assertEquals("example name", name[0]);
        });
    }

    /** gh-128550: a task created while the group is being cancelled by a failure is cancelled too. */
    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_cancels_task_if_created_during_creation
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testCancelsTaskIfCreatedDuringCreation(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            boolean[] ran = {false};
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> Asyncio.taskGroup(tg -> {
                tg.createTask(() -> {
                    tg.createTask(() -> {
                        throw new MyExc();
                    });
                    assertThrows(CancelledError.class, () -> {
                        Asyncio.sleep(0); // eager tasks are cancelled here
                        Asyncio.sleep(0); // lazy tasks here
                    });
                    ran[0] = true;
                });
            }));
            assertTrue(ran[0]);
            assertEquals(Set.of(MyExc.class), errorTypes(eg.exceptions()));
        });
    }

    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_cancellation_does_not_leak_out_of_tg
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testCancellationDoesNotLeakOutOfTg(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> Asyncio.taskGroup(tg -> tg.createTask(() -> {
                throw new MyExc();
            })));
            assertEquals(Set.of(MyExc.class), errorTypes(eg.exceptions()));
            // a cancellation leaking out of the group would hit this sleep
            Asyncio.sleep(0);
        });
    }

    /** The cause survives the group (the refcycle half of this test is CPython's GC, not ported). */
    @ParameterizedTest(name = "eager={0}") // test_taskgroups.py::{TestTaskGroup,TestEagerTaskTaskGroup}::test_exception_refcycles_propagate_cancellation_error
    @ValueSource(booleans = {false, true})
    void testTaskGroup_testExceptionRefcyclesPropagateCancellationError(boolean eager) {
        ConformanceLoop.run(eager, () -> {
            TimeoutError e = assertThrows(TimeoutError.class, () -> Asyncio.timeout(-1, () -> {
                new TaskGroup().run(tg -> Asyncio.sleep(0));
            }));
            assertInstanceOf(CancelledError.class, e.getCause());
        });
    }
}
