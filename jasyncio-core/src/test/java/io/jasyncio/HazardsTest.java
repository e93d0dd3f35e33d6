package io.jasyncio;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** DESIGN §7: each hazard of the core, with a test that fails without its mitigation. */
class HazardsTest {

    private static boolean loopScheduler() {
        EventLoop loop = EventLoop.newEventLoop();
        try {
            return loop.schedulerName().equals("loop");
        } finally {
            loop.close();
        }
    }

    @Test
    void schedulerIsTheOneAskedFor() {
        String wanted = System.getProperty("jasyncio.scheduler");
        assumeTrue(wanted != null);
        EventLoop loop = EventLoop.newEventLoop();
        assertEquals(wanted, loop.schedulerName());
        loop.close();
    }

    // 1. The JDK's pollers must not inherit a loop as their scheduler.
    @Test
    void jdkPollersNeverRunOnALoop() throws Exception {
        // Forces the JDK's virtual-thread pollers (Linux's other mode uses platform threads).
        assertEquals("OK", runChild("-Djdk.pollerMode=2"));
        // Without the mitigation the same program shows the hazard: poller threads ran on the loop
        // and, once it closed, could only go on because the loop hands stray steps to a fallback.
        String unprotected = runChild("-Djdk.pollerMode=2", "-Djasyncio.internal.skipPollerInit=true");
        assertTrue(unprotected.startsWith("FAILED read=42 orphans="), unprotected);
    }

    private static String runChild(String... props) throws Exception {
        String[] args = Arrays.copyOf(props, props.length + 1);
        args[props.length] = "--add-opens=java.base/java.lang=ALL-UNNAMED";
        return ChildJvm.lastLine(ChildJvm.run(PollerHazardMain.class, args));
    }

    // 2. close() with many parked tasks: every task unwinds, nothing throws elsewhere, nothing stays reachable.
    @Test
    void closeWithTenThousandParkedTasksLeavesNothingBehind() throws Exception {
        List<Throwable> stray = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> stray.add(e));
        try {
            EventLoop loop = Loops.newLoop();
            int n = 10_000;
            List<Thread> threads = new ArrayList<>(n);
            List<WeakReference<Task<?>>> refs = new ArrayList<>();
            int[] unwound = new int[1];
            loop.runUntilComplete(() -> {
                Future<Void> never = Asyncio.getRunningLoop().createFuture();
                for (int i = 0; i < n; i++) {
                    Task<Void> t = Asyncio.createTask(() -> {
                        threads.add(Thread.currentThread());
                        try {
                            never.await();
                        } finally {
                            unwound[0]++;
                        }
                    });
                    if (i % 100 == 0) {
                        refs.add(new WeakReference<>(t));
                    }
                }
                Asyncio.sleep(0);
                return null;
            });
            assertEquals(n, loop.allTasks().size());
            loop.close();
            assertEquals(n, unwound[0], "every task ran its finally block");
            assertEquals(0, loop.allTasks().size());
            for (Thread t : threads) {
                assertTrue(t.join(Duration.ofSeconds(10)), "task thread ended");
            }
            threads.clear();
            for (int i = 0; i < 50 && refs.stream().anyMatch(r -> r.get() != null); i++) {
                System.gc();
            }
            assertTrue(refs.stream().allMatch(r -> r.get() == null), "tasks are unreachable after close");
            assertEquals(List.of(), stray, "no exception in any other thread");
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    @Test
    void closeLetsAwaitsInCleanupFailFast() {
        EventLoop loop = Loops.newLoop();
        List<String> log = new ArrayList<>();
        loop.runUntilComplete(() -> {
            Asyncio.createTask(() -> {
                try {
                    Asyncio.sleep(3600);
                } finally {
                    try {
                        Asyncio.sleep(1);
                    } catch (CancelledError e) {
                        log.add("await during close: " + e.getMessage());
                    }
                }
            });
            Asyncio.sleep(0);
            return null;
        });
        loop.close();
        assertEquals(List.of("await during close: the event loop is closed"), log);
    }

    // 3. The watchdog names the task that blocks the loop, while it blocks.
    @Test
    void watchdogNamesATaskThatBlocksTheLoop() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            EventLoop loop = EventLoop.newEventLoop();
            loop.setDebug(true);
            loop.setSlowCallbackDuration(0.05);
            CompletableFuture<Map<String, Object>> blockedReport = new CompletableFuture<>();
            List<Map<String, Object>> reports = new CopyOnWriteArrayList<>();
            loop.setExceptionHandler((l, ctx) -> {
                reports.add(ctx);
                if (String.valueOf(ctx.get("message")).startsWith("Event loop blocked")) {
                    blockedReport.complete(ctx);
                }
            });
            loop.runUntilComplete(loop.createTask(() -> spinUntil(blockedReport), "spinner"));
            loop.close();
            Map<String, Object> ctx = blockedReport.join();
            assertTrue(((String) ctx.get("message")).contains("by task 'spinner'"), (String) ctx.get("message"));
            StackTraceElement[] stack = (StackTraceElement[]) ctx.get("stack");
            assertTrue(Arrays.stream(stack).anyMatch(e -> e.getMethodName().equals("spinUntil")), Arrays.toString(stack));
            assertTrue(reports.stream().anyMatch(r -> String.valueOf(r.get("message")).startsWith("Executing step of task 'spinner' took")),
                    "the slow step is also reported after the fact");
        });
    }

    /** Blocks the loop (no await, no park) until the watchdog has reported it. */
    private static void spinUntil(CompletableFuture<?> reported) {
        while (!reported.isDone()) {
            Thread.onSpinWait();
        }
    }

    // 5. Cancellation never interrupts: a blocking JDK read inside a task is not aborted.
    @Test
    void cancelDoesNotInterruptABlockingCall() throws Exception {
        assumeTrue(loopScheduler(), "with the portable scheduler a blocking call holds the loop");
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<String> log = new ArrayList<>();
            java.util.concurrent.CountDownLatch cancelRequested = new java.util.concurrent.CountDownLatch(1);
            Loops.run(() -> {
                Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
                Socket accepted = server.accept();
                Thread writer = Thread.ofPlatform().start(() -> {
                    try {
                        cancelRequested.await(30, TimeUnit.SECONDS); // answer only after the cancel
                        accepted.getOutputStream().write(7);
                    } catch (Exception ignored) {
                        // the reader's assertion reports it
                    }
                });
                Task<Void> reader = Asyncio.createTask(() -> {
                    InputStream in = client.getInputStream();
                    log.add("read " + in.read());
                    log.add("interrupted=" + Thread.currentThread().isInterrupted() + " open=" + !client.isClosed());
                    try {
                        Asyncio.sleep(0);
                    } catch (CancelledError e) {
                        log.add("cancelled at the next await");
                        throw e;
                    }
                });
                Asyncio.sleep(0); // the reader is now parked inside read()
                reader.cancel();
                cancelRequested.countDown();
                assertThrows(CancelledError.class, reader::await);
                writer.join();
                client.close();
                accepted.close();
            });
            assertEquals(List.of("read 7", "interrupted=false open=true", "cancelled at the next await"), log);
        }
    }

    // 7. contextvars: a task gets a copy of its creator's inheritable thread locals; ScopedValue is not inherited.
    private static final InheritableThreadLocal<String> REQUEST_ID = new InheritableThreadLocal<>();
    private static final ScopedValue<String> SCOPED = ScopedValue.newInstance();

    @Test
    void inheritableThreadLocalsAreCopiedAtTaskCreation() {
        List<String> seen = new ArrayList<>();
        Loops.run(() -> {
            REQUEST_ID.set("parent");
            Task<Void> child = Asyncio.createTask(() -> {
                seen.add("child sees " + REQUEST_ID.get());
                REQUEST_ID.set("child");
            });
            REQUEST_ID.set("parent-changed-later");
            child.await();
            seen.add("parent sees " + REQUEST_ID.get());
            ScopedValue.where(SCOPED, "bound").run(() -> {
                Task<Boolean> t = Asyncio.createTask(() -> SCOPED.isBound());
                seen.add("scoped value inherited: " + t.await());
            });
        });
        assertEquals(List.of("child sees parent", "parent sees parent-changed-later", "scoped value inherited: false"), seen);
    }

    @Test
    void aTaskCreatedByACallbackInheritsFromTheLoopThreadNotFromTheTaskWhoseThreadRanTheCallback() {
        // The portable scheduler runs a batch's callbacks on whichever task's thread holds the
        // baton; a task a callback creates must still copy the loop thread's inheritable thread
        // locals, as under the loop scheduler, not those of that borrowed task's thread.
        REQUEST_ID.set("the loop thread's");
        try {
            String seen = Loops.run(() -> {
                EventLoop loop = Asyncio.getRunningLoop();
                Future<String> childSaw = loop.createFuture();
                Future<Void> gate = loop.createFuture();
                Task<Void> borrowed = Asyncio.createTask(() -> {
                    REQUEST_ID.set("the borrowed task's");
                    gate.await(); // suspends: the callback queued behind this first step runs next
                });
                loop.callSoon(() -> loop.createTask(REQUEST_ID::get)
                        .addDoneCallback(f -> childSaw.setResult(f.result())));
                String saw = childSaw.await();
                gate.setResult(null);
                borrowed.await();
                return saw;
            });
            assertEquals("the loop thread's", seen);
        } finally {
            REQUEST_ID.remove();
        }
    }

    @Test
    void anEagerTaskStartedByACallbackOnABorrowedThreadInheritsFromTheLoopThreadAndRunsAtOnce() {
        REQUEST_ID.set("the loop thread's");
        try {
            List<String> seen = Loops.run(() -> {
                EventLoop loop = Asyncio.getRunningLoop();
                List<String> log = new ArrayList<>();
                Future<Void> gate = loop.createFuture();
                Task<Void> borrowed = Asyncio.createTask(() -> {
                    REQUEST_ID.set("the borrowed task's");
                    gate.await();
                });
                loop.callSoon(() -> {
                    loop.setEagerTasks(true);
                    loop.createTask(() -> {
                        log.add("eager child sees " + REQUEST_ID.get());
                    });
                    loop.setEagerTasks(false);
                    log.add("callback goes on");
                });
                Asyncio.sleep(0);
                gate.setResult(null);
                borrowed.await();
                return log;
            });
            assertEquals(List.of("eager child sees the loop thread's", "callback goes on"), seen);
        } finally {
            REQUEST_ID.remove();
        }
    }

    // 8. A task's frames live on the loop thread's stack: it has an explicit, generous size.
    @Test
    void deepRecursionInATaskFits() {
        assumeTrue(loopScheduler(), "portable tasks run on the JDK's carrier threads");
        int depth = 200_000; // about 10+ MB of frames: overflows a default 1 MB (or 8 MB) thread stack
        assertEquals(depth, Loops.run(() -> recurse(depth)));
    }

    private static int recurse(int n) {
        return n == 0 ? 0 : 1 + recurse(n - 1);
    }

    // 9. While callbacks are ready, the selector is polled at most every ~100 µs, not on every iteration.
    @Test
    void selectorIsNotPolledOnEveryIteration() throws Exception {
        Pipe pipe = Pipe.open();
        EventLoop loop = Loops.newLoop();
        int chain = 100_000;
        int[] left = {chain};
        loop.addReader(pipe.source(), () -> { }); // a watched channel: polling has something to do
        Runnable[] step = new Runnable[1];
        step[0] = () -> {
            if (--left[0] == 0) {
                loop.stop();
            } else {
                loop.callSoon(step[0]); // one ready callback per iteration, like call_soon_chain
            }
        };
        loop.callSoon(step[0]);
        loop.runForever();
        long polls = loop.selectorPolls();
        loop.removeReader(pipe.source());
        loop.close();
        pipe.source().close();
        pipe.sink().close();
        assertTrue(polls < chain / 10, "polled " + polls + " times for " + chain + " iterations");
    }
}
