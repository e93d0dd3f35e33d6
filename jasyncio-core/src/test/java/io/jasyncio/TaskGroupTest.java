package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.sleep;
import static io.jasyncio.Asyncio.taskGroup;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskGroupTest {

    private static double now() {
        return Asyncio.getRunningLoop().time();
    }

    @Test
    void waitsForEveryTask() {
        Loops.run(() -> {
            double start = now();
            List<Task<Integer>> tasks = new ArrayList<>();
            taskGroup(tg -> {
                tasks.add(tg.createTask(() -> sleep(1, 1)));
                tasks.add(tg.createTask(() -> sleep(2, 2), "second"));
            });
            assertEquals(2.0, now() - start, 1e-6);
            assertEquals(1, tasks.get(0).result());
            assertEquals(2, tasks.get(1).result());
            assertEquals("second", tasks.get(1).getName());
        });
    }

    @Test
    void aFailingChildCancelsTheOthersAndTheBody() {
        Steps steps = new Steps();
        Loops.run(() -> {
            List<Task<?>> tasks = new ArrayList<>();
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> taskGroup(tg -> {
                tasks.add(tg.createTask(() -> {
                    sleep(1);
                    throw new IOException("child failed");
                }));
                tasks.add(tg.createTask(() -> sleep(10)));
                try {
                    sleep(10);
                } catch (CancelledError e) {
                    steps.expect(1);
                    throw e;
                }
            }));
            steps.expect(2);
            assertEquals(1, eg.exceptions().size());
            assertEquals("child failed", eg.exceptions().get(0).getMessage());
            assertEquals("unhandled errors in a TaskGroup (1 sub-exception)", eg.getMessage());
            assertTrue(tasks.get(1).cancelled());
            Task<?> me = Asyncio.currentTask();
            assertEquals(0, me.cancelling(), "the group took its cancellation of the body back");
            sleep(0); // and the caller is not cancelled afterwards
        });
        steps.finish(3);
    }

    @Test
    void everyFailureIsCollected() {
        Loops.run(() -> {
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> taskGroup(tg -> {
                tg.createTask(() -> {
                    sleep(1);
                    throw new IllegalStateException("a");
                });
                tg.createTask(() -> {
                    try {
                        sleep(5);
                    } finally {
                        throw new IllegalArgumentException("b, during cancellation");
                    }
                });
            }));
            assertEquals(2, eg.exceptions().size());
            assertInstanceOf(IllegalStateException.class, eg.exceptions().get(0));
            assertInstanceOf(IllegalArgumentException.class, eg.exceptions().get(1));
        });
    }

    @Test
    void bodyExceptionGoesIntoTheGroup() {
        // SEMANTICS 18, first half
        Loops.run(() -> {
            List<Task<?>> tasks = new ArrayList<>();
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> taskGroup(tg -> {
                tasks.add(tg.createTask(() -> sleep(10)));
                sleep(1);
                throw new IOException("body failed");
            }));
            assertEquals(1, eg.exceptions().size());
            assertInstanceOf(IOException.class, eg.exceptions().get(0));
            assertTrue(tasks.get(0).cancelled(), "the body's failure cancels the tasks");
        });
    }

    @Test
    void bodyAndChildFailuresTogether() {
        Loops.run(() -> {
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> taskGroup(tg -> {
                tg.createTask(() -> {
                    throw new IllegalStateException("child");
                });
                sleep(0);
                sleep(0);
                throw new IOException("body, never reached");
            }));
            assertEquals(1, eg.exceptions().size(), "the body was cancelled before it could fail");
            ExceptionGroup eg2 = assertThrows(ExceptionGroup.class, () -> taskGroup(tg -> {
                tg.createTask(() -> {
                    sleep(1);
                    throw new IllegalStateException("child");
                });
                try {
                    sleep(5);
                } catch (CancelledError e) {
                    throw new IOException("body failed while cancelled");
                }
            }));
            assertEquals(List.of(IllegalStateException.class, IOException.class),
                    eg2.exceptions().stream().map(Object::getClass).toList());
        });
    }

    @Test
    void outsideCancellationPropagatesAsCancelledError() {
        Loops.run(() -> {
            List<Task<?>> children = new ArrayList<>();
            Task<Void> parent = createTask(() -> taskGroup(tg -> {
                children.add(tg.createTask(() -> sleep(10)));
                children.add(tg.createTask(() -> sleep(10)));
            }));
            sleep(1);
            parent.cancel();
            assertThrows(CancelledError.class, parent::await);
            assertTrue(parent.cancelled(), "not turned into an error");
            assertTrue(children.get(0).cancelled());
            assertTrue(children.get(1).cancelled());
        });
    }

    @Test
    void outsideCancellationWhileTheBodyRuns() {
        Loops.run(() -> {
            List<Task<?>> children = new ArrayList<>();
            Task<Void> parent = createTask(() -> taskGroup(tg -> {
                children.add(tg.createTask(() -> sleep(10)));
                sleep(10);
            }));
            sleep(1);
            parent.cancel();
            assertThrows(CancelledError.class, parent::await);
            assertTrue(parent.cancelled());
            assertTrue(children.get(0).cancelled());
        });
    }

    @Test
    void childFailingWhileCancelledFromOutsideGivesAnExceptionGroup() {
        // SEMANTICS 18, second half
        Loops.run(() -> {
            Task<Void> parent = createTask(() -> taskGroup(tg -> {
                tg.createTask(() -> {
                    try {
                        sleep(10);
                    } catch (CancelledError e) {
                        throw new IllegalStateException("failed in cleanup");
                    }
                });
            }));
            sleep(1);
            parent.cancel();
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, parent::await);
            assertInstanceOf(IllegalStateException.class, eg.exceptions().get(0));
        });
    }

    @Test
    void nestedGroupsWhereTheInnerFails() {
        // SEMANTICS 19
        Loops.run(() -> {
            List<Task<?>> outerTasks = new ArrayList<>();
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> taskGroup(outer -> {
                outerTasks.add(outer.createTask(() -> sleep(10)));
                outer.createTask(() -> taskGroup(inner -> {
                    inner.createTask(() -> {
                        sleep(1);
                        throw new IOException("deep");
                    });
                }));
            }));
            assertEquals(1, eg.exceptions().size());
            ExceptionGroup nested = assertInstanceOf(ExceptionGroup.class, eg.exceptions().get(0));
            assertInstanceOf(IOException.class, nested.exceptions().get(0));
            assertTrue(outerTasks.get(0).cancelled());
        });
    }

    @Test
    void innerGroupFailureCaughtInTheBodyKeepsTheOuterGoing() {
        Loops.run(() -> {
            String[] r = {null};
            taskGroup(outer -> {
                Task<String> sibling = outer.createTask(() -> sleep(3, "sibling done"));
                try {
                    taskGroup(inner -> inner.createTask(() -> {
                        throw new IOException("x");
                    }));
                } catch (ExceptionGroup e) {
                    r[0] = "caught " + e.exceptions().get(0).getMessage();
                }
                assertEquals("sibling done", sibling.await());
            });
            assertEquals("caught x", r[0]);
        });
    }

    @Test
    void noNewTaskAfterShutdownBegan() {
        Loops.run(() -> {
            IllegalStateException[] refused = {null};
            assertThrows(ExceptionGroup.class, () -> taskGroup(tg -> {
                tg.createTask(() -> {
                    throw new IOException("x");
                });
                try {
                    sleep(1);
                } catch (CancelledError e) {
                    refused[0] = assertThrows(IllegalStateException.class, () -> tg.createTask(() -> 1));
                    throw e;
                }
            }));
            assertTrue(refused[0].getMessage().contains("shutting down"), refused[0].getMessage());
            TaskGroup done = new TaskGroup();
            assertThrows(IllegalStateException.class, () -> done.createTask(() -> 1), "not entered");
            done.run(tg -> { });
            assertThrows(IllegalStateException.class, () -> done.createTask(() -> 1), "finished");
            assertThrows(IllegalStateException.class, () -> done.run(tg -> { }), "entered once");
        });
    }

    @Test
    void tasksMayBeAddedWhileTheGroupWaits() {
        Loops.run(() -> {
            List<Integer> results = new ArrayList<>();
            taskGroup(tg -> tg.createTask(() -> {
                sleep(1);
                tg.createTask(() -> results.add(sleep(1, 2)));
                results.add(1);
            }));
            assertEquals(List.of(1, 2), results);
        });
    }

    @Test
    void cancelEndsTheWholeGroupQuietly() {
        Steps steps = new Steps();
        Loops.run(() -> {
            double start = now();
            List<Task<?>> tasks = new ArrayList<>();
            taskGroup(tg -> {
                tasks.add(tg.createTask(() -> sleep(100)));
                tasks.add(tg.createTask(() -> {
                    sleep(1);
                    assertTrue(tg.cancel());
                    assertFalse(tg.cancel(), "once");
                }));
                try {
                    sleep(100);
                } catch (CancelledError e) {
                    steps.expect(1);
                    throw e;
                }
            });
            steps.expect(2);
            assertEquals(1.0, now() - start, 1e-6);
            assertTrue(tasks.get(0).cancelled());
            assertEquals(0, Asyncio.currentTask().cancelling());
            sleep(0);
        });
        steps.finish(3);
    }

    @Test
    void cancelFromTheBodyWithoutTasks() {
        Loops.run(() -> {
            taskGroup(tg -> tg.cancel());
            sleep(0); // the group's own cancel request is gone
            assertEquals(0, Asyncio.currentTask().cancelling());
        });
    }

    @Test
    void cancelTogetherWithAnOutsideCancellationStaysACancellation() {
        Loops.run(() -> {
            TaskGroup[] group = {null};
            Task<Void> parent = createTask(() -> taskGroup(tg -> {
                group[0] = tg;
                tg.createTask(() -> sleep(10));
                sleep(10);
            }));
            sleep(1);
            group[0].cancel();
            parent.cancel();
            assertThrows(CancelledError.class, parent::await);
            assertTrue(parent.cancelled());
        });
    }

    @Test
    void exceptionGroupTraceShowsEveryChild() {
        Loops.run(() -> {
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> taskGroup(tg -> {
                tg.createTask(() -> {
                    throw new IllegalStateException("first child");
                });
                tg.createTask(() -> {
                    throw new IOException("second child");
                });
            }));
            java.io.StringWriter w = new java.io.StringWriter();
            eg.printStackTrace(new java.io.PrintWriter(w));
            String trace = w.toString();
            assertTrue(trace.contains("unhandled errors in a TaskGroup (2 sub-exceptions)"), trace);
            assertTrue(trace.contains("1 of 2") && trace.contains("first child"), trace);
            assertTrue(trace.contains("2 of 2") && trace.contains("second child"), trace);
        });
    }

    @Test
    void timeoutAroundATaskGroupCancelsEveryTaskAndRaisesTimeoutError() {
        Loops.run(() -> {
            double start = now();
            List<Task<?>> tasks = new ArrayList<>();
            assertThrows(TimeoutError.class, () -> Asyncio.timeout(2, () -> taskGroup(tg -> {
                tasks.add(tg.createTask(() -> sleep(10)));
                tasks.add(tg.createTask(() -> sleep(20)));
            })));
            assertEquals(2.0, now() - start, 1e-6);
            assertTrue(tasks.get(0).cancelled());
            assertTrue(tasks.get(1).cancelled());
            assertEquals(0, Asyncio.currentTask().cancelling());
        });
    }

    @Test
    void timeoutsInsideChildrenStayInsideThem() {
        Loops.run(() -> {
            List<Task<String>> tasks = new ArrayList<>();
            taskGroup(tg -> {
                tasks.add(tg.createTask(() -> {
                    try {
                        return Asyncio.timeout(1, () -> sleep(5, "slow"));
                    } catch (TimeoutError e) {
                        return "gave up";
                    }
                }));
                tasks.add(tg.createTask(() -> sleep(2, "fine")));
            });
            assertEquals("gave up", tasks.get(0).result());
            assertEquals("fine", tasks.get(1).result());
        });
    }

    @Test
    void aKeyboardInterruptInAChildEndsTheGroupAsItself() {
        // Python's SystemExit/KeyboardInterrupt are re-raised bare, not inside an ExceptionGroup.
        Loops.run(() -> {
            List<Task<?>> tasks = new ArrayList<>();
            KeyboardInterrupt e = assertThrows(KeyboardInterrupt.class, () -> taskGroup(tg -> {
                tasks.add(tg.createTask(() -> sleep(10)));
                tg.createTask(() -> {
                    sleep(1);
                    throw new KeyboardInterrupt("ctrl-c");
                });
            }));
            assertEquals("ctrl-c", e.getMessage());
            assertTrue(tasks.get(0).cancelled());
        });
    }

    @Test
    void afterAnExceptionGroupTheOutsideCancellationIsStillPending() {
        // asyncio: the group un-cancels and re-cancels its caller, so the cancel request from outside
        // survives the ExceptionGroup and hits the caller's next await.
        Steps steps = new Steps();
        Loops.run(() -> {
            Task<String> parent = createTask(() -> {
                try {
                    taskGroup(tg -> tg.createTask(() -> {
                        try {
                            sleep(10);
                        } catch (CancelledError e) {
                            throw new IllegalStateException("cleanup failed");
                        }
                    }));
                } catch (ExceptionGroup e) {
                    steps.expect(1);
                    assertEquals(1, currentTaskCancelling());
                }
                try {
                    sleep(0);
                } catch (CancelledError e) {
                    steps.expect(2);
                    throw e;
                }
                return "not cancelled";
            });
            sleep(1);
            parent.cancel();
            assertThrows(CancelledError.class, parent::await);
            assertTrue(parent.cancelled());
        });
        steps.finish(3);
    }

    private static int currentTaskCancelling() {
        return Asyncio.currentTask().cancelling();
    }
}
