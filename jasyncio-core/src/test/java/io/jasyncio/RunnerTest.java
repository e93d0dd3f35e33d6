package io.jasyncio;

import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.testkit.Sigints;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class RunnerTest {

    @Test
    void runReturnsTheResultAndClosesTheLoop() {
        EventLoop[] seen = new EventLoop[1];
        int r = Asyncio.run(() -> {
            seen[0] = Asyncio.getRunningLoop();
            return 42;
        });
        assertEquals(42, r);
        assertTrue(seen[0].isClosed());
        assertThrows(IllegalStateException.class, Asyncio::getRunningLoop, "no loop after run");
    }

    @Test
    void runRethrowsTheMainException() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Asyncio.run(() -> {
            throw new IllegalArgumentException("main failed");
        }));
        assertEquals("main failed", e.getMessage());
    }

    @Test
    void runInsideARunningLoopIsAnError() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Asyncio.run(() -> Asyncio.run(() -> 1)));
        assertEquals("Asyncio.run() cannot be called from a running event loop", e.getMessage());
        try (Runner runner = new Runner()) {
            IllegalStateException r = assertThrows(IllegalStateException.class, () -> Asyncio.run(() -> runner.run(() -> 1)));
            assertEquals("Runner.run() cannot be called from a running event loop", r.getMessage());
        }
    }

    @Test
    void runWorksFromAVirtualThread() throws Exception {
        int[] r = new int[1];
        Thread t = Thread.ofVirtual().start(() -> r[0] = Asyncio.run(() -> Asyncio.sleep(0.01, 7)));
        t.join();
        assertEquals(7, r[0]);
    }

    @Test
    void leftoverTasksAreCancelledAndTheirCleanupMayAwait() {
        List<String> log = new ArrayList<>();
        List<Map<String, Object>> reports = new ArrayList<>();
        Asyncio.run(() -> {
            Asyncio.getRunningLoop().setExceptionHandler((l, ctx) -> reports.add(ctx));
            Asyncio.createTask(() -> {
                try {
                    Asyncio.sleep(3600);
                } finally {
                    log.add("cleanup started");
                    Asyncio.sleep(0.01); // SEMANTICS 20: cleanup that awaits still runs
                    log.add("cleanup finished");
                }
            });
            Asyncio.createTask(() -> {
                try {
                    Asyncio.sleep(3600);
                } catch (CancelledError e) {
                    throw new IllegalStateException("cleanup failed");
                }
            });
            Asyncio.sleep(0);
            log.add("main done");
        });
        assertEquals(List.of("main done", "cleanup started", "cleanup finished"), log);
        assertEquals(1, reports.size());
        assertEquals("unhandled exception during Asyncio.run() shutdown", reports.get(0).get("message"));
        assertEquals("cleanup failed", ((Throwable) reports.get(0).get("exception")).getMessage());
    }

    @Test
    void runShutsTheDefaultExecutorDownAndWaits() {
        Thread[] worker = new Thread[1];
        Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            loop.runInExecutor(null, () -> {
                worker[0] = Thread.currentThread();
                return null;
            }).await();
        });
        assertNotNull(worker[0]);
        assertFalse(worker[0].isAlive(), "the executor was shut down and waited for");
    }

    @Test
    void runnerRunsSeveralCoroutinesOnOneLoop() {
        try (Runner runner = new Runner()) {
            EventLoop loop = runner.getLoop();
            EventLoop[] a = new EventLoop[1];
            int first = runner.run(() -> {
                a[0] = Asyncio.getRunningLoop();
                return 1;
            });
            int second = runner.run(() -> {
                assertSame(a[0], Asyncio.getRunningLoop());
                return 2;
            });
            assertEquals(1, first);
            assertEquals(2, second);
            assertSame(loop, a[0]);
            assertFalse(loop.isClosed());
        }
    }

    @Test
    void runnerCloseCleansUpLikeRun() {
        Runner runner = new Runner();
        EventLoop loop = runner.getLoop();
        List<String> log = new ArrayList<>();
        runner.run(() -> {
            Asyncio.createTask(() -> {
                try {
                    Asyncio.sleep(3600);
                } finally {
                    log.add("cancelled at close");
                }
            });
            Asyncio.sleep(0);
        });
        assertEquals(List.of(), log, "a background task outlives run()");
        runner.close();
        runner.close();
        assertEquals(List.of("cancelled at close"), log);
        assertTrue(loop.isClosed());
        assertThrows(IllegalStateException.class, () -> runner.run(() -> 1));
    }

    @Test
    void debugFlagReachesTheLoop() {
        assertTrue(Asyncio.run(() -> Asyncio.getRunningLoop().getDebug(), true));
        assertFalse(Asyncio.run(() -> Asyncio.getRunningLoop().getDebug(), false));
    }

    @Test
    void sigintCancelsTheMainTaskAndRaisesKeyboardInterrupt() {
        List<String> log = new ArrayList<>();
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> runSigintScenario(log));
        assertEquals(List.of("main cancelled"), log);
    }

    private static void runSigintScenario(List<String> log) {
        try (Runner runner = new Runner()) {
            KeyboardInterrupt e = assertThrows(KeyboardInterrupt.class, () -> runner.run(() -> {
                try {
                    Sigints.deliverToTheInstalledHandler();
                    Asyncio.sleep(3600);
                } catch (CancelledError c) {
                    log.add("main cancelled");
                    throw c;
                }
            }));
            assertNotNull(e.getMessage());
        }
    }

    /** asyncio's Runner installs its SIGINT handler only while SIGINT has the default one. */
    @Test
    void aLoopsOwnSigintHandlerTakesCtrlCOverFromTheRunner() {
        try (Runner runner = new Runner()) {
            String r = runner.run(() -> {
                Future<String> got = Asyncio.getRunningLoop().createFuture();
                Asyncio.getRunningLoop().addSignalHandler("SIGINT", () -> got.setResult("the loop's handler"));
                Sigints.deliverToTheInstalledHandler();
                return Asyncio.waitFor(got, 30);
            });
            assertEquals("the loop's handler", r, "the main task was not cancelled");
            assertTrue(io.jasyncio.testkit.InstalledSignalHandlers.isJasyncio("INT"), "the loop's handler stays");
        }
        String after = io.jasyncio.testkit.InstalledSignalHandlers.describe("INT");
        assertTrue(after.startsWith("java.lang.Terminator"), "closing the loop put the JVM's back: " + after);
    }

    @Test
    void customExecutorIsUsedWhenGiven() {
        var pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "custom-pool"));
        try {
            String name = Asyncio.run(() -> Asyncio.getRunningLoop()
                    .runInExecutor(pool, () -> Thread.currentThread().getName()).await());
            assertEquals("custom-pool", name);
        } finally {
            pool.shutdownNow();
        }
    }
}
