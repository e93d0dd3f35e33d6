package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.currentTask;
import static io.jasyncio.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link EventLoop#setEagerTasks}: asyncio 3.12's eager_task_factory. */
class EagerTaskTest {

    private static <T> T runEager(Coroutine<T> main) {
        EventLoop loop = Loops.newLoop();
        loop.setEagerTasks(true);
        try {
            return loop.runUntilComplete(main);
        } finally {
            loop.close();
        }
    }

    @Test
    void theChildRunsUntilItsFirstSuspensionBeforeCreateTaskReturns() {
        Steps steps = new Steps();
        runEager(() -> {
            Task<?> parent = currentTask();
            Asyncio.getRunningLoop().callSoon(() -> steps.expect(4));
            steps.expect(1);
            Task<String> child = createTask(() -> {
                steps.expect(2);
                assertNotSame(parent, currentTask());
                sleep(0);
                steps.expect(5);
                return "child";
            });
            steps.expect(3);
            assertSame(parent, currentTask());
            assertFalse(child.done());
            assertEquals("child", child.await());
            return null;
        });
        steps.finish(6);
    }

    @Test
    void aChildThatNeverSuspendsIsDoneOnReturn() {
        runEager(() -> {
            Task<Integer> t = createTask(() -> 42);
            assertTrue(t.done());
            assertEquals(42, t.result());
            Task<Object> failed = createTask(() -> {
                throw new IOException("at once");
            });
            assertTrue(failed.done());
            assertInstanceOf(IOException.class, failed.exception());
            assertFalse(Asyncio.allTasks().contains(t));
            return null;
        });
    }

    @Test
    void nestedEagerStarts() {
        List<String> order = new ArrayList<>();
        runEager(() -> {
            Task<Void> child = createTask(() -> {
                order.add("child start");
                Task<Void> grandchild = createTask(() -> {
                    order.add("grandchild start");
                    sleep(1);
                    order.add("grandchild end");
                });
                order.add("child after create");
                grandchild.await();
                order.add("child end");
            });
            order.add("parent after create");
            child.await();
            return null;
        });
        assertEquals(List.of("child start", "grandchild start", "child after create", "parent after create",
                "grandchild end", "child end"), order);
    }

    @Test
    void fromAPlainCallbackTheFirstStepRunsInline() {
        List<String> order = new ArrayList<>();
        runEager(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Future<Task<String>> made = loop.createFuture();
            loop.callSoon(() -> {
                order.add("callback");
                Task<String> t = loop.createTask(() -> {
                    order.add("task step 1");
                    return sleep(1, "t");
                });
                order.add("callback after create");
                made.setResult(t);
            });
            assertEquals("t", made.await().await());
            return null;
        });
        assertEquals(List.of("callback", "task step 1", "callback after create"), order);
    }

    @Test
    void nestedEagerStartFromACallbackCompletesBeforeTheCallbackGoesOn() {
        List<String> order = new ArrayList<>();
        runEager(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Future<Void> made = loop.createFuture();
            loop.callSoon(() -> {
                loop.createTask(() -> {
                    order.add("task starts");
                    createTask(() -> {
                        order.add("child starts");
                        sleep(1);
                    });
                    order.add("task after child");
                    sleep(1);
                });
                order.add("callback goes on");
                made.setResult(null);
            });
            made.await();
            return null;
        });
        assertEquals(List.of("task starts", "child starts", "task after child", "callback goes on"), order);
    }

    /**
     * Under the portable scheduler a suspending task runs the iteration's callbacks itself; an eager
     * start in one of them waits for the baton on that task's thread while the loop's platform
     * thread waits for it too. A spurious wake-up of the platform thread (allowed by
     * LockSupport.park, forced here by a thread unparking it non-stop) when the eager step had just
     * handed the baton back made both threads run the loop (a hang in jasyncio-http's tests).
     */
    @Test
    void eagerStartsInCallbacksThatATaskRunsForTheLoopSurviveSpuriousWakeUps() throws Exception {
        EventLoop loop = Loops.newLoop();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread hammer = Thread.ofPlatform().daemon().start(() -> {
            List<Thread> loopThreads = List.of();
            for (int n = 0; !stop.get(); n++) {
                if (n % 4096 == 0) { // every loop's platform thread: spurious wake-ups harm none
                    loopThreads = Thread.getAllStackTraces().keySet().stream()
                            .filter(t -> t.getName().startsWith("jasyncio-loop-")).toList();
                }
                loopThreads.forEach(java.util.concurrent.locks.LockSupport::unpark);
                Thread.onSpinWait();
            }
        });
        int[] ran = {0};
        try {
            loop.runUntilComplete(() -> {
                boolean[] done = {false};
                // Its step comes before the callbacks in each batch; when it suspends, its thread runs
                // them for the loop (portable scheduler).
                Task<?> spinner = createTask(() -> {
                    while (!done[0]) {
                        sleep(0);
                    }
                });
                sleep(0);
                for (int i = 0; i < 2000; i++) {
                    for (int k = 0; k < 4; k++) {
                        loop.callSoon(() -> Task.create(loop, () -> ran[0]++, null, new Context(), true));
                    }
                    sleep(0);
                }
                done[0] = true;
                spinner.await();
                return null;
            });
        } finally {
            stop.set(true);
            hammer.join();
            loop.close();
        }
        assertEquals(8000, ran[0]);
    }

    @Test
    void timeoutsWorkInsideEagerTasks() {
        runEager(() -> {
            double start = Asyncio.getRunningLoop().time();
            Task<String> t = createTask(() -> {
                try {
                    Asyncio.timeout(1, () -> sleep(5));
                    return "no";
                } catch (TimeoutError e) {
                    return "timed out";
                }
            });
            assertEquals("timed out", t.await());
            assertEquals(1.0, Asyncio.getRunningLoop().time() - start, 1e-6);
            assertEquals("fast", Asyncio.waitFor(() -> "fast", 1));
            return null;
        });
    }

    @Test
    void taskGroupWithEagerChildren() {
        runEager(() -> {
            List<Task<Integer>> ok = new ArrayList<>();
            Asyncio.taskGroup(tg -> {
                ok.add(tg.createTask(() -> 1));
                ok.add(tg.createTask(() -> sleep(1, 2)));
                assertTrue(ok.get(0).done(), "finished eagerly");
            });
            assertEquals(2, ok.get(1).result());

            List<Task<?>> others = new ArrayList<>();
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> Asyncio.taskGroup(tg -> {
                others.add(tg.createTask(() -> sleep(10)));
                tg.createTask(() -> {
                    throw new IOException("eager failure");
                });
                sleep(10);
            }));
            assertInstanceOf(IOException.class, eg.exceptions().get(0));
            assertTrue(others.get(0).cancelled());
            assertEquals(0, currentTask().cancelling());
            return null;
        });
    }

    @Test
    void gatherOverEagerTasks() {
        List<Object> r = runEager(() -> Asyncio.gather(() -> 1, () -> sleep(1, 2), () -> 3).await());
        assertEquals(List.of(1, 2, 3), r);
    }

    @Test
    void cancellingAnEagerTaskAfterItsFirstStep() {
        runEager(() -> {
            Task<String> t = createTask(() -> sleep(10, "x"));
            assertTrue(t.cancel());
            assertThrows(CancelledError.class, t::await);
            assertTrue(t.cancelled());
            return null;
        });
    }
}
