package io.jasyncio;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Context variables across tasks, callbacks and runners, under both schedulers (the pom runs every
 * test twice), pinned against CPython's test_asyncio/test_tasks.py (BaseTaskTests::test_context_*),
 * test_runners.py and test_asyncio/test_context.py.
 */
class TaskContextTest {
    private static final ContextVar<String> CVAR = new ContextVar<>("cvar", "nope");

    // test_tasks.py::BaseTaskTests::test_context_1: a task gets a copy; neither side sees the other's writes.
    @Test
    void aTaskRunsInACopyOfItsCreatorsContext() {
        List<String> seen = new ArrayList<>();
        Loops.run(() -> {
            seen.add(CVAR.get());
            CVAR.set("before");
            Task<Void> sub = Asyncio.createTask(() -> {
                Asyncio.sleep(0.01);
                seen.add("sub sees " + CVAR.get());
                CVAR.set("something else");
            });
            CVAR.set("yes");
            sub.await();
            seen.add("main sees " + CVAR.get());
        });
        assertEquals(List.of("nope", "sub sees before", "main sees yes"), seen);
    }

    // test_tasks.py::BaseTaskTests::test_context_2: a done callback's write does not reach the task,
    // and the task's context survives every await.
    @Test
    void aDoneCallbackRunsInTheContextCapturedWhenItWasAdded() {
        List<String> seen = new ArrayList<>();
        Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            for (int j = 0; j < 2; j++) {
                Future<Void> fut = loop.createFuture();
                String expected = "yes" + j;
                CVAR.set(expected);
                fut.addDoneCallback(f -> {
                    seen.add("callback sees " + CVAR.get());
                    CVAR.set("something else"); // must not pollute the task's context
                });
                CVAR.set("changed after add");
                loop.callSoon(() -> fut.setResult(null));
                fut.await();
                Asyncio.sleep(0);
                assertEquals("changed after add", CVAR.get());
                for (int i = 0; i < 3; i++) {
                    CVAR.set("yes" + i + "-" + j);
                    Asyncio.sleep(0.001);
                    assertEquals("yes" + i + "-" + j, CVAR.get());
                }
            }
        });
        assertEquals(List.of("callback sees yes0", "callback sees yes1"), seen);
    }

    // test_tasks.py::BaseTaskTests::test_context_3: a thousand tasks, each keeps its own value across awaits.
    @Test
    void manyTasksEachKeepTheirOwnValue() {
        ContextVar<Integer> v = new ContextVar<>("v", -1);
        Loops.run(() -> {
            List<Task<Void>> tasks = new ArrayList<>();
            for (int n = 0; n < 1000; n++) {
                int num = n % 11;
                tasks.add(Asyncio.createTask(() -> {
                    for (int i = 0; i < 10; i++) {
                        v.set(num + i);
                        Asyncio.sleep(0.001 * ((num * 7 + i) % 13));
                        assertEquals(num + i, v.get());
                    }
                }));
            }
            Asyncio.gather(tasks).await();
            assertEquals(-1, v.get());
        });
    }

    // test_tasks.py::BaseTaskTests::test_context_4/5/6 and test_get_context: context= runs the task in
    // that very context.
    @Test
    void createTaskWithAContextWritesIntoIt() {
        ContextVar<Integer> v = new ContextVar<>("v");
        List<Object> ret = Loops.run(() -> {
            List<Object> r = new ArrayList<>();
            Context ctx = Context.copyContext();
            r.add(ctx.get(v));
            Task<Void> t1 = Asyncio.createTask(() -> {
                Asyncio.sleep(0);
                v.set(1);
            }, null, ctx);
            assertSame(ctx, t1.getContext());
            t1.await();
            r.add(ctx.get(v));
            Task<Void> t2 = Asyncio.getRunningLoop().createTask(() -> {
                Asyncio.sleep(0);
                v.set(2);
            }, "t2", ctx);
            t2.await();
            r.add(ctx.get(v));
            List<Task<Integer>> t3 = new ArrayList<>();
            Asyncio.taskGroup(tg -> {
                t3.add(tg.createTask(() -> v.get(), null, ctx));
            });
            r.add(t3.get(0).result());
            return r;
        });
        assertEquals(java.util.Arrays.asList(null, 1, 2, 2), ret);
    }

    // test_asyncio/test_context.py / issue 8: nothing leaks between callbacks, on the loop thread or
    // (portable scheduler) on a task's thread that runs the batch after its step.
    @Test
    void callbacksRunInTheirOwnCapturedContextAndLeakNothing() {
        List<String> seen = new ArrayList<>();
        Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            CVAR.set("task");
            loop.callSoon(() -> {
                seen.add("a sees " + CVAR.get());
                CVAR.set("written by a");
            });
            loop.callSoon(() -> seen.add("b sees " + CVAR.get()));
            Context empty = new Context();
            loop.callSoon(() -> {
                seen.add("c sees " + CVAR.get());
                CVAR.set("written by c");
            }, empty);
            Asyncio.sleep(0); // under the portable scheduler this task's thread runs the callbacks
            seen.add("task sees " + CVAR.get());
            assertEquals("written by c", empty.get(CVAR));
            Future<Void> done = loop.createFuture();
            loop.callLater(0.01, () -> {
                seen.add("timer sees " + CVAR.get());
                CVAR.set("written by timer");
                done.setResult(null);
            });
            CVAR.set("task again");
            done.await();
            seen.add("task sees " + CVAR.get());
        });
        assertEquals(List.of("a sees task", "b sees task", "c sees nope", "task sees task", "timer sees task",
                "task sees task again"), seen);
    }

    @Test
    void callbacksScheduledFromAnEmptyContextDoNotShareOne() {
        List<String> seen = new ArrayList<>();
        EventLoop loop = Loops.newLoop();
        try {
            loop.callSoon(() -> CVAR.set("first"));
            loop.callSoon(() -> seen.add(CVAR.get()));
            loop.callSoon(loop::stop);
            loop.runForever();
        } finally {
            loop.close();
        }
        assertEquals(List.of("nope"), seen);
    }

    // asyncio's add_reader handle keeps the context it copied: a value the callback sets is there at
    // its next run (even when it was added from an empty context), and nowhere else.
    @Test
    void aReaderCallbackKeepsItsOwnContextAcrossRuns() throws Exception {
        List<String> seen = new ArrayList<>();
        Pipe pipe = Pipe.open();
        try (Pipe.SourceChannel source = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
            source.configureBlocking(false);
            EventLoop loop = EventLoop.newEventLoop();
            try {
                loop.runUntilComplete(() -> {
                    Future<Void> done = loop.createFuture();
                    ByteBuffer buf = ByteBuffer.allocate(16);
                    loop.callSoon(() -> loop.addReader(source, () -> {
                        buf.clear();
                        try {
                            source.read(buf);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                        seen.add(CVAR.get());
                        CVAR.set("set by the reader");
                        try {
                            if (seen.size() == 1) {
                                sink.write(ByteBuffer.wrap(new byte[] {2})); // the second run, after this one
                            } else {
                                loop.removeReader(source);
                                done.setResult(null);
                            }
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }), new Context());
                    sink.write(ByteBuffer.wrap(new byte[] {1}));
                    Asyncio.waitFor(done, 10);
                    seen.add("task sees " + CVAR.get());
                    return null;
                });
            } finally {
                loop.close();
            }
        }
        assertEquals(List.of("nope", "set by the reader", "task sees nope"), seen);
    }

    @Test
    void callSoonThreadsafeCapturesTheCallingThreadsContext() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Future<Void> done = loop.createFuture();
            Asyncio.toThread(() -> {
                new Context().run(() -> {
                    CVAR.set("from a plain thread");
                    loop.callSoonThreadsafe(() -> {
                        seen.complete(CVAR.get());
                        done.setResult(null);
                    });
                });
                return null;
            });
            done.await();
        });
        assertEquals("from a plain thread", seen.get(10, TimeUnit.SECONDS));
    }

    // asyncio.to_thread runs the function in a copy of the caller's context (test_threads.py::test_to_thread_contextvars).
    @Test
    void toThreadRunsInACopyOfTheCallersContext() {
        List<String> seen = Loops.run(() -> {
            List<String> r = new ArrayList<>();
            CVAR.set("parrot");
            r.add(Asyncio.toThread(() -> {
                String v = CVAR.get();
                CVAR.set("changed in the thread");
                return v;
            }));
            r.add(CVAR.get());
            return r;
        });
        assertEquals(List.of("parrot", "parrot"), seen);
    }

    // test_runners.py::RunnerTests::test_run_keeps_context
    @Test
    void aRunnerKeepsOneContextAcrossRuns() {
        ContextVar<Integer> v = new ContextVar<>("v", -1);
        try (Runner runner = new Runner()) {
            assertEquals(-1, runner.run(() -> {
                int old = v.get();
                Asyncio.sleep(0);
                v.set(1);
                return old;
            }));
            assertEquals(1, runner.run(() -> {
                int old = v.get();
                Asyncio.sleep(0);
                v.set(2);
                return old;
            }));
            assertEquals(2, runner.run(() -> Context.copyContext()).get(v));
            Context other = new Context();
            assertEquals(-1, runner.run(() -> v.get(), other), "Runner.run(coro, context=)");
        }
        assertEquals(-1, v.get(), "the caller's context is untouched");
    }

    @Test
    void asyncioRunSeesACopyOfTheCallersValues() {
        new Context().run(() -> {
            CVAR.set("caller");
            assertEquals("caller", Asyncio.run(() -> {
                String v = CVAR.get();
                CVAR.set("inside");
                return v;
            }));
            assertEquals("caller", CVAR.get());
        });
    }

    // test_eager_task_factory.py::EagerTaskFactoryLoopTests::test_eager_task_factory_with_context (the eager
    // first step runs in the new task's own copy).
    @Test
    void anEagerTaskRunsItsFirstStepInItsOwnContext() {
        List<String> seen = Loops.run(() -> {
            Asyncio.getRunningLoop().setEagerTasks(true);
            List<String> r = new ArrayList<>();
            CVAR.set("parent");
            Task<Void> child = Asyncio.createTask(() -> {
                r.add("child sees " + CVAR.get());
                CVAR.set("child");
            });
            assertTrue(child.done(), "ran eagerly");
            r.add("parent sees " + CVAR.get());
            return r;
        });
        assertEquals(List.of("child sees parent", "parent sees parent"), seen);
    }

    @Test
    void contextRunInsideATaskMaySuspend() {
        Loops.run(() -> {
            Context ctx = new Context();
            CVAR.set("task");
            ctx.run(() -> {
                CVAR.set("in ctx");
                Asyncio.sleep(0.01);
                assertEquals("in ctx", CVAR.get());
            });
            assertEquals("task", CVAR.get());
            assertEquals("in ctx", ctx.get(CVAR));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Asyncio.currentTask().getContext().run(() -> 1));
            assertTrue(e.getMessage().startsWith("cannot enter context"), e.getMessage());
        });
    }

    @Test
    void contextArgumentsAreChecked() {
        Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            NullPointerException e = assertThrows(NullPointerException.class, () -> loop.callSoon(() -> {}, null));
            assertEquals("context must not be null", e.getMessage());
            assertThrows(NullPointerException.class, () -> loop.callLater(1, () -> {}, null));
            assertThrows(NullPointerException.class, () -> loop.createTask(() -> 1, null, null));
            assertThrows(NullPointerException.class, () -> loop.createFuture().addDoneCallback(f -> {}, null));
        });
    }

    // Issue 16: a task started from an empty context makes its own only when something needs it;
    // these pin that nobody can tell (one context per task, every write kept, from inside or out).
    @Test
    void aTaskFromAnEmptyContextHasOneContextThatKeepsItsWrites() {
        Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Future<Void> go = loop.createFuture();
            Task<Void> t = loop.createTask(() -> {
                go.await();
                CVAR.set("set by the task");
            });
            Context before = t.getContext();
            assertSame(before, t.getContext());
            assertEquals(0, before.size());
            go.setResult(null);
            t.await();
            assertSame(before, t.getContext());
            assertEquals("set by the task", before.get(CVAR));
        });
    }

    @Test
    void aWriteIntoAParkedTasksContextFromOutsideIsSeenByTheTask() {
        Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Future<Void> go = loop.createFuture();
            Task<String> t = loop.createTask(() -> {
                go.await();
                return CVAR.get();
            });
            Asyncio.sleep(0); // parked in go.await(), its context not made yet
            t.getContext().run(() -> CVAR.set("from outside"));
            go.setResult(null);
            assertEquals("from outside", t.await());
        });
    }

    @Test
    void afterContextRunATaskWritesIntoItsOwnContext() {
        Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Future<Void> go = loop.createFuture();
            Context other = new Context();
            Task<Void> t = loop.createTask(() -> {
                other.run(() -> {
                    go.await();
                });
                CVAR.set("after run");
            });
            Asyncio.sleep(0); // parked inside other.run
            Context own = t.getContext(); // asked for while another context is entered
            go.setResult(null);
            t.await();
            assertSame(own, t.getContext());
            assertEquals("after run", own.get(CVAR));
            assertFalse(other.contains(CVAR));
        });
    }

    @Test
    void aTaskThatNeverSetsAVariableStillCannotReEnterItsOwnContext() {
        Loops.run(() -> {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Asyncio.currentTask().getContext().run(() -> 1));
            assertTrue(e.getMessage().startsWith("cannot enter context"), e.getMessage());
            assertEquals("nope", CVAR.get());
        });
    }
}
