package io.jasyncio;

import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.testkit.InstalledSignalHandlers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code loop.addSignalHandler} / {@code removeSignalHandler} in this JVM: what a handler does,
 * replacing and removing it, what close() removes, and the errors (asyncio's
 * {@code test_unix_events.py::SelectorEventLoopSignalTests}). Signals are delivered by calling the
 * installed JDK handler on a new thread, except in the first test (a real SIGWINCH, harmless if
 * anything went wrong); SignalsInChildJvmTest sends real SIGTERM, SIGHUP, SIGINT, SIGUSR2.
 */
class LoopSignalsTest {

    /** Runs the loop until the future is done, bounded by 30 s of real time. */
    private static <T> T runUntil(EventLoop loop, Future<T> done) {
        return loop.runUntilComplete(() -> Asyncio.waitFor(done, 30));
    }

    @Test
    void aRealSignalRunsTheHandlerOnTheLoopInTheContextOfTheCaller() throws Exception {
        ContextVar<String> who = new ContextVar<>("who");
        ContextVar.Token<String> token = who.set("registrant");
        EventLoop loop = EventLoop.newEventLoop();
        try {
            Future<String> got = loop.createFuture();
            loop.addSignalHandler("SIGWINCH", () -> got.setResult(
                    (Asyncio.getRunningLoop() == loop ? "on the loop" : "elsewhere") + ", who=" + who.get()));
            assertTrue(InstalledSignalHandlers.isJasyncio("WINCH"));
            Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -s WINCH " + ProcessHandle.current().pid())
                    .inheritIO().start();
            assertTrue(kill.waitFor(30, TimeUnit.SECONDS));
            assertEquals("on the loop, who=registrant", runUntil(loop, got));
            assertTrue(loop.removeSignalHandler("SIGWINCH"));
        } finally {
            loop.close();
            who.reset(token);
        }
        assertEquals("SIG_DFL", InstalledSignalHandlers.describe("WINCH"));
    }

    @Test
    void numbersAndNamesWithOrWithoutSigNameTheSameSignal() {
        EventLoop loop = EventLoop.newEventLoop();
        try {
            int term = new sun.misc.Signal("TERM").getNumber();
            loop.addSignalHandler(term, () -> {});
            assertTrue(loop.removeSignalHandler("TERM"));
            loop.addSignalHandler("SIGTERM", () -> {});
            assertTrue(loop.removeSignalHandler(term));
            assertFalse(loop.removeSignalHandler("SIGTERM"));
        } finally {
            loop.close();
        }
    }

    @Test
    void removingTheLastHandlerPutsTheJvmsOwnBackAndReturnsFalseTheSecondTime() {
        String jvmTerm = InstalledSignalHandlers.describe("TERM");
        assertTrue(jvmTerm.startsWith("java.lang.Terminator"), jvmTerm);
        EventLoop loop = EventLoop.newEventLoop();
        try {
            assertFalse(loop.removeSignalHandler("SIGTERM"), "nothing to remove yet");
            loop.addSignalHandler("SIGTERM", () -> {});
            loop.addSignalHandler("SIGHUP", () -> {});
            assertTrue(InstalledSignalHandlers.isJasyncio("TERM"));
            assertTrue(loop.removeSignalHandler("SIGTERM"));
            assertEquals(jvmTerm, InstalledSignalHandlers.describe("TERM"), "the JVM's handler (exit + hooks) is back");
            assertTrue(InstalledSignalHandlers.isJasyncio("HUP"), "the other signal is still handled");
            assertFalse(loop.removeSignalHandler("SIGTERM"));
        } finally {
            loop.close();
        }
    }

    @Test
    void closeRemovesTheLoopsHandlersAndTheJvmsComeBack() {
        String jvmHup = InstalledSignalHandlers.describe("HUP");
        EventLoop loop = EventLoop.newEventLoop();
        loop.addSignalHandler("SIGHUP", () -> {});
        loop.addSignalHandler("SIGUSR1", () -> {});
        loop.close();
        assertEquals(jvmHup, InstalledSignalHandlers.describe("HUP"));
        assertEquals("SIG_DFL", InstalledSignalHandlers.describe("USR1"));
        assertFalse(loop.removeSignalHandler("SIGHUP"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> loop.addSignalHandler("SIGHUP", () -> {}));
        assertEquals("Event loop is closed", e.getMessage());
    }

    @Test
    void addingAgainReplacesTheLoopsHandler() {
        List<String> log = new ArrayList<>();
        EventLoop loop = EventLoop.newEventLoop();
        try {
            Future<Void> done = loop.createFuture();
            loop.addSignalHandler("SIGUSR1", () -> log.add("first"));
            loop.addSignalHandler("SIGUSR1", () -> {
                log.add("second");
                done.setResult(null);
            });
            InstalledSignalHandlers.deliver("USR1");
            runUntil(loop, done);
            assertEquals(List.of("second"), log);
        } finally {
            loop.close();
        }
    }

    @Test
    void everyLoopThatHandlesTheSignalGetsIt() {
        List<String> log = new CopyOnWriteArrayList<>();
        EventLoop a = EventLoop.newEventLoop();
        EventLoop b = EventLoop.newEventLoop();
        try {
            Future<Void> aDone = a.createFuture();
            Future<Void> bDone = b.createFuture();
            a.addSignalHandler("SIGUSR1", () -> {
                log.add("a");
                aDone.setResult(null);
            });
            b.addSignalHandler("SIGUSR1", () -> {
                log.add("b");
                bDone.setResult(null);
            });
            InstalledSignalHandlers.deliver("USR1");
            runUntil(a, aDone);
            runUntil(b, bDone);
            assertEquals(List.of("a", "b"), log);
            a.close();
            assertTrue(InstalledSignalHandlers.isJasyncio("USR1"), "b still handles it");
        } finally {
            a.close();
            b.close();
        }
        assertEquals("SIG_DFL", InstalledSignalHandlers.describe("USR1"));
    }

    @Test
    void aHandlersExceptionGoesToTheLoopsExceptionHandler() {
        List<Map<String, Object>> reports = new ArrayList<>();
        EventLoop loop = EventLoop.newEventLoop();
        try {
            Future<Void> after = loop.createFuture();
            loop.setExceptionHandler((l, ctx) -> {
                reports.add(ctx);
                after.setResult(null);
            });
            loop.addSignalHandler("SIGUSR1", () -> {
                throw new IllegalArgumentException("boom");
            });
            InstalledSignalHandlers.deliver("USR1");
            runUntil(loop, after);
            assertEquals(1, reports.size());
            assertEquals("boom", ((Throwable) reports.get(0).get("exception")).getMessage());
            assertTrue(((String) reports.get(0).get("message")).startsWith("Exception in callback"),
                    (String) reports.get(0).get("message"));
            assertTrue(InstalledSignalHandlers.isJasyncio("USR1"), "the handler stays after it raised");
        } finally {
            loop.close();
        }
    }

    @Test
    void aSignalArrivingWhileTheLoopIsStoppedIsHandledWhenItRuns() throws Exception {
        EventLoop loop = EventLoop.newEventLoop();
        try {
            Future<String> got = loop.createFuture();
            loop.addSignalHandler("SIGUSR1", () -> got.setResult("handled"));
            InstalledSignalHandlers.deliver("USR1").join();
            assertFalse(got.done());
            assertEquals("handled", runUntil(loop, got));
        } finally {
            loop.close();
        }
    }

    @Test
    void fromATaskOfTheRunningLoopItWorksFromAnotherThreadItIsRefused() throws Exception {
        EventLoop loop = EventLoop.newEventLoop();
        try {
            Future<Void> tried = loop.createFuture();
            List<String> log = new ArrayList<>();
            loop.runUntilComplete(() -> {
                Asyncio.getRunningLoop().addSignalHandler("SIGUSR1", () -> {});
                Thread other = Thread.ofPlatform().start(() -> {
                    try {
                        loop.addSignalHandler("SIGUSR1", () -> {});
                        log.add("allowed");
                    } catch (IllegalStateException e) {
                        log.add(e.getMessage());
                    }
                    try {
                        loop.removeSignalHandler("SIGUSR1");
                        log.add("allowed");
                    } catch (IllegalStateException e) {
                        log.add(e.getMessage());
                    }
                    loop.callSoonThreadsafe(() -> tried.setResult(null));
                });
                Asyncio.waitFor(tried, 30);
                other.join();
                assertTrue(Asyncio.getRunningLoop().removeSignalHandler("SIGUSR1"));
                return null;
            });
            assertEquals(2, log.size(), log.toString());
            assertTrue(log.get(0).startsWith("addSignalHandler called from thread"), log.get(0));
            assertTrue(log.get(0).endsWith("call it from the loop (a task or a callback), or use callSoonThreadsafe"),
                    log.get(0));
            assertTrue(log.get(1).startsWith("removeSignalHandler called from thread"), log.get(1));
        } finally {
            loop.close();
        }
    }

    @Test
    void invalidSignalsAreIllegalArgumentsAsAsyncioRaisesValueError() {
        EventLoop loop = EventLoop.newEventLoop();
        try {
            assertEquals("invalid signal number 0",
                    assertThrows(IllegalArgumentException.class, () -> loop.addSignalHandler(0, () -> {})).getMessage());
            assertEquals("invalid signal number 9999",
                    assertThrows(IllegalArgumentException.class, () -> loop.removeSignalHandler(9999)).getMessage());
            String m = assertThrows(IllegalArgumentException.class,
                    () -> loop.addSignalHandler("SIGFOO", () -> {})).getMessage();
            assertTrue(m.startsWith("invalid signal name SIGFOO (expected one of [SIGHUP, SIGINT"), m);
            assertThrows(IllegalArgumentException.class, () -> loop.addSignalHandler("sigterm", () -> {}));
            assertEquals("callback must not be null",
                    assertThrows(NullPointerException.class, () -> loop.addSignalHandler(0, null)).getMessage());
        } finally {
            loop.close();
        }
    }

    @Test
    void signalsTheJvmKeepsAreRefusedWithTheReasonAsAsyncioRaisesRuntimeError() {
        EventLoop loop = EventLoop.newEventLoop();
        try {
            assertRefused(loop, "SIGKILL", "no process can catch it");
            assertRefused(loop, "SIGSTOP", "no process can catch it");
            assertRefused(loop, "SIGQUIT", "thread dump");
            assertRefused(loop, "SIGSEGV", "fault handling");
            assertRefused(loop, "SIGFPE", "fault handling");
            assertRefused(loop, "SIGILL", "fault handling");
            assertRefused(loop, "SIGBUS", "memory-mapped file");
            assertRefused(loop, "SIGPIPE", "closed pipe");
            assertRefused(loop, "SIGXFSZ", "file size limit");
            if (System.getenv("_JAVA_SR_SIGNUM") == null) {
                assertRefused(loop, "SIGUSR2", "_JAVA_SR_SIGNUM");
            }
            assertFalse(loop.removeSignalHandler("SIGKILL"), "asyncio: nothing to remove is False");
            for (String jvms : List.of("BUS", "PIPE", "XFSZ", "USR2")) {
                assertFalse(InstalledSignalHandlers.isJasyncio(jvms), jvms + " keeps the JVM's handler");
            }
        } finally {
            loop.close();
        }
    }

    private static void assertRefused(EventLoop loop, String name, String reason) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.addSignalHandler(name, () -> {}));
        int number = new sun.misc.Signal(name.substring(3)).getNumber();
        assertTrue(e.getMessage().startsWith("sig " + number + " (" + name + ") cannot be caught in the JVM: "),
                e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void aSignalAfterCloseIsNotDeliveredToTheClosedLoop() {
        EventLoop kept = EventLoop.newEventLoop();
        EventLoop closed = EventLoop.newEventLoop();
        List<String> log = new CopyOnWriteArrayList<>();
        try {
            Future<Void> done = kept.createFuture();
            closed.addSignalHandler("SIGUSR1", () -> log.add("closed loop"));
            kept.addSignalHandler("SIGUSR1", () -> {
                log.add("kept loop");
                done.setResult(null);
            });
            closed.close();
            InstalledSignalHandlers.deliver("USR1");
            runUntil(kept, done);
            assertEquals(List.of("kept loop"), log);
        } finally {
            kept.close();
            closed.close();
        }
    }
}
