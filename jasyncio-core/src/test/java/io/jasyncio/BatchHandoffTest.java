package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Callbacks that land in a batch right after a task suspends (under the portable scheduler that
 * task's thread runs them): they create tasks, stop the loop, offload work, toggle debug mode.
 * The order must be the loop's under both schedulers.
 */
class BatchHandoffTest {

    @Test
    void aCallbackAfterASuspensionCreatesTasksInLoopOrder() {
        List<String> log = new ArrayList<>();
        Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Task<Void> other = createTask(() -> {
                log.add("other 1");
                sleep(0);
                log.add("other 2");
            });
            sleep(0); // other's first step runs
            loop.callSoon(() -> {
                log.add("callback");
                loop.createTask(() -> {
                    log.add("child");
                    return null;
                });
                loop.callSoon(() -> log.add("callback 2"));
            });
            sleep(0); // other 2, then the callback, then main in this batch; child next
            log.add("main");
            sleep(0);
            other.await();
        });
        assertEquals(List.of("other 1", "other 2", "callback", "main", "child", "callback 2"), log);
    }

    @Test
    void anEagerTaskCreatedByACallbackAfterASuspensionRunsInline() {
        List<String> log = new ArrayList<>();
        EventLoop loop = Loops.newLoop();
        loop.setEagerTasks(true);
        try {
            loop.runUntilComplete(() -> {
                loop.callSoon(() -> {
                    log.add("callback");
                    Task<Void> child = loop.createTask(() -> {
                        log.add("child 1");
                        Task<Void> grandchild = createTask(() -> {
                            log.add("grandchild 1");
                            sleep(0);
                            log.add("grandchild 2");
                        });
                        log.add("child 2");
                        grandchild.await();
                        log.add("child 3");
                    });
                    log.add("callback after create: child done=" + child.done());
                });
                sleep(0);
                log.add("main");
                sleep(0);
                sleep(0);
                log.add("main end");
                return null;
            });
        } finally {
            loop.close();
        }
        assertEquals(List.of("callback", "child 1", "grandchild 1", "child 2", "callback after create: child done=false",
                "main", "grandchild 2", "child 3", "main end"), log);
    }

    @Test
    void aCallbackAfterASuspensionStopsTheLoopAtTheEndOfTheIteration() {
        List<String> log = new ArrayList<>();
        EventLoop loop = Loops.newLoop();
        try {
            Task<Void> ticker = loop.createTask(() -> {
                for (int i = 0; i < 4; i++) {
                    log.add("tick " + i);
                    if (i == 1) {
                        Asyncio.getRunningLoop().callSoon(() -> {
                            log.add("stop");
                            Asyncio.getRunningLoop().stop();
                        });
                    }
                    sleep(0);
                }
            });
            loop.callSoon(() -> log.add("first"));
            loop.runForever();
            log.add("stopped");
            loop.runUntilComplete(ticker); // picks up where it stopped
        } finally {
            loop.close();
        }
        assertEquals(List.of("tick 0", "first", "tick 1", "stop", "tick 2", "stopped", "tick 3"), log);
    }

    @Test
    void aCallbackAfterASuspensionOffloadsToTheExecutor() {
        Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            List<Future<String>> offloaded = new ArrayList<>();
            loop.callSoon(() -> offloaded.add(loop.runInExecutor(null, () -> Thread.currentThread().isVirtual() + "")));
            sleep(0);
            assertEquals(1, offloaded.size());
            assertEquals("false", offloaded.get(0).await());
        });
    }

    @Test
    void debugModeSwitchedOnAndOffMidRun() {
        List<Map<String, Object>> reports = new ArrayList<>();
        List<String> log = new ArrayList<>();
        Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
            Task<Void> other = createTask(() -> {
                for (int i = 0; i < 3; i++) {
                    log.add("other " + i);
                    sleep(0);
                }
            });
            sleep(0);
            loop.callSoon(() -> {
                log.add("debug on");
                loop.setDebug(true);
            });
            log.add("main 1");
            sleep(0);
            log.add("main 2");
            loop.callSoon(() -> {
                log.add("debug off");
                loop.setDebug(false);
            });
            sleep(0);
            log.add("main 3");
            other.await();
            assertFalse(loop.getDebug());
        });
        assertEquals(List.of("other 0", "main 1", "other 1", "debug on", "main 2", "other 2", "debug off", "main 3"), log);
        assertEquals(List.of(), reports);
    }

    @Test
    void aCallbackAfterASuspensionIsNotInsideThatTask() {
        List<String> log = new ArrayList<>();
        Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Future<String> never = loop.createFuture();
            io.jasyncio.locks.Lock lock = new io.jasyncio.locks.Lock();
            lock.acquire();
            loop.callSoon(() -> {
                log.add("current task: " + Asyncio.currentTask());
                log.add("loop: " + (Asyncio.getRunningLoop() == loop));
                try {
                    never.await();
                    log.add("await suspended the callback");
                } catch (IllegalStateException e) {
                    log.add("await refused");
                }
                try {
                    lock.acquire();
                    log.add("acquire suspended the callback");
                } catch (IllegalStateException e) {
                    log.add("acquire refused");
                }
            });
            sleep(0);
            log.add("main resumed");
            lock.release();
        });
        assertEquals(List.of("current task: null", "loop: true", "await refused", "acquire refused", "main resumed"), log);
    }

    /**
     * The portable scheduler's task threads start the next iteration themselves when it has work
     * ready (no hand-back to the loop's thread): due timers and callbacks from other threads still
     * join the iterations that a busy task keeps going, as the loop's own iterations add them.
     */
    @Test
    void iterationsStartedByATaskRunTimersAndThreadsafeCallbacks() {
        List<String> log = new ArrayList<>();
        Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Task<Void> busy = createTask(() -> {
                log.add("busy");
                while (!log.contains("threadsafe")) { // every iteration has this task ready
                    sleep(0);
                }
                log.add("busy saw threadsafe");
            });
            loop.callLater(0, () -> log.add("timer"));
            loop.callSoon(() -> log.add("soon"));
            sleep(0);
            log.add("main 1");
            loop.runInExecutor(null, () -> {
                loop.callSoonThreadsafe(() -> log.add("threadsafe"));
                return null;
            }).await();
            log.add("main 2");
            busy.await();
        });
        assertEquals(List.of("busy", "soon", "main 1", "timer", "threadsafe"), log.subList(0, 5));
        assertEquals(java.util.Set.of("main 2", "busy saw threadsafe"), java.util.Set.copyOf(log.subList(5, log.size())));
    }
}
