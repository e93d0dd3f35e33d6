package io.jasyncio;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventLoopTest {

    @Test
    void callbacksRunInSchedulingOrder() {
        EventLoop loop = Loops.newLoop();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            loop.callSoon(() -> order.add(n));
        }
        loop.callSoon(loop::stop);
        loop.runForever();
        loop.close();
        assertEquals(List.of(0, 1, 2, 3, 4), order);
    }

    @Test
    void callbackScheduledDuringAnIterationRunsInTheNextOne() {
        EventLoop loop = Loops.newLoop();
        List<String> order = new ArrayList<>();
        loop.callSoon(() -> {
            order.add("a");
            loop.callSoon(() -> order.add("c"));
        });
        loop.callSoon(() -> {
            order.add("b");
            loop.stop();
        });
        loop.runForever();
        assertEquals(List.of("a", "b"), order, "stop() ends the loop after the current iteration");
        loop.callSoon(loop::stop);
        loop.runForever();
        assertEquals(List.of("a", "b", "c"), order);
        loop.close();
    }

    @Test
    void timersRunByDeadlineThenSchedulingOrder() {
        EventLoop loop = Loops.newLoop();
        List<String> order = new ArrayList<>();
        double now = loop.time();
        loop.callAt(now + 2, () -> order.add("t2"));
        loop.callLater(1, () -> order.add("t1-first"));
        // Same deadline as the line above: callLater(1) again (callAt(now + 1) may differ by a
        // nanosecond, since seconds are doubles — as in asyncio).
        loop.callLater(1, () -> order.add("t1-second"));
        loop.callLater(0, () -> order.add("t0"));
        loop.callLater(3, loop::stop);
        loop.runForever();
        assertEquals(List.of("t0", "t1-first", "t1-second", "t2"), order);
        assertEquals(now + 3, loop.time(), 1e-6, "the virtual clock jumped to the last timer");
        loop.close();
    }

    @Test
    void cancelledHandlesDoNotRun() {
        EventLoop loop = Loops.newLoop();
        List<String> order = new ArrayList<>();
        Handle h = loop.callSoon(() -> order.add("soon"));
        TimerHandle t = loop.callLater(1, () -> order.add("later"));
        h.cancel();
        t.cancel();
        assertTrue(h.cancelled());
        assertTrue(t.cancelled());
        loop.callLater(2, loop::stop);
        loop.runForever();
        assertEquals(List.of(), order);
        loop.close();
    }

    @Test
    void manyCancelledTimersAreDroppedFromTheHeap() {
        EventLoop loop = Loops.newLoop();
        List<Integer> ran = new ArrayList<>();
        loop.callSoon(() -> {
            for (int i = 0; i < 1000; i++) {
                int n = i;
                TimerHandle t = loop.callLater(10 + i, () -> ran.add(n));
                if (i % 10 != 0) {
                    t.cancel();
                }
            }
            loop.callLater(2000, loop::stop);
        });
        loop.runForever();
        loop.close();
        assertEquals(100, ran.size());
        assertEquals(0, ran.get(0));
        assertEquals(990, ran.get(99));
    }

    @Test
    void timeIsMonotonicSeconds() {
        EventLoop loop = EventLoop.newEventLoop();
        double a = loop.time();
        double b = loop.time();
        assertTrue(b >= a);
        TimerHandle h = loop.callAt(a + 5, () -> { });
        assertEquals(a + 5, h.when(), 1e-6);
        loop.close();
    }

    @Test
    void callSoonThreadsafeWakesASleepingLoop() throws Exception {
        EventLoop loop = EventLoop.newEventLoop();
        List<String> got = new ArrayList<>();
        Thread other = Thread.ofPlatform().unstarted(() -> loop.callSoonThreadsafe(() -> {
            got.add("from another thread");
            loop.stop();
        }));
        loop.callSoon(other::start); // the loop then waits in the selector with nothing scheduled
        loop.runForever();
        other.join();
        loop.close();
        assertEquals(List.of("from another thread"), got);
    }

    @Test
    void callbackErrorsGoToTheExceptionHandler() {
        EventLoop loop = Loops.newLoop();
        List<Map<String, Object>> reports = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
        RuntimeException boom = new RuntimeException("boom");
        Handle h = loop.callSoon(() -> {
            throw boom;
        });
        loop.callSoon(loop::stop);
        loop.runForever();
        loop.close();
        assertEquals(1, reports.size());
        Map<String, Object> ctx = reports.get(0);
        assertSame(boom, ctx.get("exception"));
        assertSame(h, ctx.get("handle"));
        assertTrue(((String) ctx.get("message")).startsWith("Exception in callback"));
    }

    @Test
    void aFailingExceptionHandlerFallsBackToTheDefault() {
        EventLoop loop = Loops.newLoop();
        loop.setExceptionHandler((l, ctx) -> {
            throw new IllegalStateException("handler bug");
        });
        assertNotNull(loop.getExceptionHandler());
        loop.callSoon(() -> {
            throw new RuntimeException("boom");
        });
        loop.callSoon(loop::stop);
        assertDoesNotThrow(loop::runForever);
        loop.setExceptionHandler(null);
        assertNull(loop.getExceptionHandler());
        loop.close();
    }

    @Test
    void runUntilCompleteReturnsTheResult() {
        EventLoop loop = Loops.newLoop();
        assertEquals(42, loop.runUntilComplete(() -> 42));
        loop.close();
    }

    @Test
    void runUntilCompleteFailsWhenStoppedEarly() {
        EventLoop loop = Loops.newLoop();
        Future<Integer> never = loop.createFuture();
        loop.callSoon(loop::stop);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(never));
        assertEquals("Event loop stopped before Future completed.", e.getMessage());
        loop.close();
    }

    @Test
    void runningTwiceOrClosingWhileRunningIsAnError() {
        EventLoop loop = Loops.newLoop();
        Throwable[] seen = new Throwable[2];
        loop.callSoon(() -> {
            seen[0] = assertThrows(IllegalStateException.class, loop::runForever);
            seen[1] = assertThrows(IllegalStateException.class, loop::close);
            loop.stop();
        });
        loop.runForever();
        loop.close();
        assertEquals("This event loop is already running", seen[0].getMessage());
        assertEquals("Cannot close a running event loop", seen[1].getMessage());
    }

    @Test
    void closedLoopRejectsWork() {
        EventLoop loop = EventLoop.newEventLoop();
        loop.close();
        loop.close(); // idempotent
        assertTrue(loop.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.callSoon(() -> { }));
        assertEquals("Event loop is closed", e.getMessage());
        assertThrows(IllegalStateException.class, () -> loop.createTask(() -> 1));
        assertThrows(IllegalStateException.class, loop::runForever);
    }

    @Test
    void isRunningIsTrueOnlyWhileRunning() {
        EventLoop loop = Loops.newLoop();
        assertFalse(loop.isRunning());
        boolean[] inside = new boolean[1];
        loop.callSoon(() -> {
            inside[0] = loop.isRunning();
            loop.stop();
        });
        loop.runForever();
        assertTrue(inside[0]);
        assertFalse(loop.isRunning());
        loop.close();
    }

    @Test
    void debugModeRejectsCallsFromOtherThreads() throws Exception {
        EventLoop loop = EventLoop.newEventLoop();
        loop.setDebug(true);
        assertTrue(loop.getDebug());
        Throwable[] seen = new Throwable[1];
        loop.callSoon(() -> {
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    loop.callSoon(() -> { });
                } catch (Throwable e) {
                    seen[0] = e;
                }
                loop.callSoonThreadsafe(loop::stop);
            });
        });
        loop.runForever();
        loop.close();
        assertInstanceOf(IllegalStateException.class, seen[0]);
        assertTrue(seen[0].getMessage().startsWith("Non-thread-safe operation"));
    }

    @Test
    void runInExecutorUsesPlatformThreads() {
        boolean virtual = Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            return loop.runInExecutor(null, () -> Thread.currentThread().isVirtual()).await();
        });
        assertFalse(virtual, "a virtual thread started from a task would inherit the loop (DESIGN §7 hazard 6)");
    }

    @Test
    void runInExecutorPassesErrorsBack() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            return loop.runInExecutor(null, () -> {
                throw new IllegalArgumentException("from the executor");
            }).await();
        }));
        assertEquals("from the executor", e.getMessage());
    }

    @Test
    void shutdownDefaultExecutorRejectsLaterCalls() {
        Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            assertEquals(1, loop.runInExecutor(null, () -> 1).await());
            loop.shutdownDefaultExecutor();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runInExecutor(null, () -> 2));
            assertEquals("Executor shutdown has been called", e.getMessage());
        });
    }

    @Test
    void debugModeReportsASlowCallbackWithItsHandle() {
        EventLoop loop = EventLoop.newEventLoop();
        loop.setDebug(true);
        loop.setSlowCallbackDuration(0.02);
        assertEquals(0.02, loop.getSlowCallbackDuration());
        assertThrows(IllegalArgumentException.class, () -> loop.setSlowCallbackDuration(0));
        java.util.concurrent.CompletableFuture<Map<String, Object>> blocked = new java.util.concurrent.CompletableFuture<>();
        List<Map<String, Object>> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
        loop.setExceptionHandler((l, ctx) -> {
            reports.add(ctx);
            if (String.valueOf(ctx.get("message")).startsWith("Event loop blocked")) {
                blocked.complete(ctx);
            }
        });
        Handle slow = loop.callSoon(() -> {
            while (!blocked.isDone()) {
                Thread.onSpinWait(); // blocks the loop until the watchdog has noticed
            }
        });
        loop.callSoon(loop::stop);
        loop.runForever();
        loop.close();
        assertTrue(((String) blocked.join().get("message")).contains("by a callback"));
        Map<String, Object> after = reports.stream()
                .filter(r -> String.valueOf(r.get("message")).startsWith("Executing Handle("))
                .findFirst().orElseThrow(() -> new AssertionError("no slow-callback report in " + reports));
        assertSame(slow, after.get("handle"));
        assertTrue(((String) after.get("message")).matches("Executing Handle\\(.*\\) took \\d+\\.\\d{3} seconds"),
                (String) after.get("message"));
    }

    @Test
    void closingWithPendingCallbacksAndUnstartedTasksDropsAndCancelsThem() {
        EventLoop loop = Loops.newLoop();
        boolean[] ran = new boolean[2];
        loop.callSoon(() -> ran[0] = true);
        Task<Integer> never = loop.createTask(() -> {
            ran[1] = true;
            return 1;
        });
        loop.close();
        assertArrayEquals(new boolean[] {false, false}, ran, "nothing runs after close");
        assertTrue(never.cancelled(), "a task that never started is cancelled by close");
        assertTrue(loop.allTasks().isEmpty());
    }

    @Test
    void debugSwitchedOnMidRunStartsTheWatchdog() {
        EventLoop loop = EventLoop.newEventLoop();
        java.util.concurrent.CompletableFuture<Map<String, Object>> blocked = new java.util.concurrent.CompletableFuture<>();
        loop.setExceptionHandler((l, ctx) -> {
            if (String.valueOf(ctx.get("message")).startsWith("Event loop blocked")) {
                blocked.complete(ctx);
            }
        });
        loop.callSoon(() -> {
            loop.setSlowCallbackDuration(0.02);
            loop.setDebug(true);
        });
        loop.callSoon(() -> {
            while (!blocked.isDone()) {
                Thread.onSpinWait(); // blocks the loop until the watchdog has noticed
            }
        });
        loop.callSoon(loop::stop);
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), loop::runForever);
        loop.close();
        assertTrue(((String) blocked.join().get("message")).contains("by a callback"));
    }
}
