package io.jasyncio;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real signals, sent with {@code kill} to a child JVM (SignalsChildMain) that handles them with
 * {@code loop.addSignalHandler}, {@code Runner} or {@code EventLoopGroup.runForever}: what the handlers print, and the exit code,
 * which says whether the JVM's own handler (exit 128 + N through the shutdown hooks) ran.
 */
class SignalsInChildJvmTest {

    @Test
    void eachSignalRunsItsHandlerOnTheLoopAndSigtermEndsMainWithExitCode0() throws Exception {
        // _JAVA_SR_SIGNUM moves HotSpot's suspend signal off SIGUSR2, which is then free to handle
        try (ChildJvmSession child = ChildJvmSession.start("_JAVA_SR_SIGNUM=40", List.of(), SignalsChildMain.class,
                "handlers")) {
            child.awaitLine("ready");
            for (String sig : List.of("HUP", "USR1", "WINCH", "INT", "USR2")) {
                child.signal(sig);
                assertEquals("got SIG" + sig + " on the loop: true", child.awaitLine("got SIG" + sig));
            }
            child.terminate();
            assertEquals("got SIGTERM, stopping", child.awaitLine("got SIGTERM"));
            assertEquals(0, child.exitCode(), child.output().toString());
            List<String> out = child.output();
            assertEquals(List.of("main returns", "hook ran"), out.subList(out.size() - 2, out.size()),
                    "main returned, then the hooks ran at the normal exit: " + out);
        }
    }

    @Test
    void afterRemovalAndCloseSigtermGetsTheJvmsDefaultExit143WithTheHooks() throws Exception {
        try (ChildJvmSession child = ChildJvmSession.start("", List.of(), SignalsChildMain.class, "restored")) {
            assertEquals("removed SIGHUP: true", child.awaitLine("removed"));
            child.awaitLine("ready");
            child.signal("TERM");
            assertEquals(128 + 15, child.exitCode(), child.output().toString());
            assertTrue(child.output().contains("hook ran"), child.output().toString());
            assertFalse(child.output().stream().anyMatch(l -> l.startsWith("loop handler")), child.output().toString());
        }
    }

    @Test
    void runnersFirstCtrlCCancelsTheMainTaskAndASecondExits130() throws Exception {
        try (ChildJvmSession child = ChildJvmSession.start("", List.of(), SignalsChildMain.class, "runner")) {
            child.awaitLine("ready");
            child.signal("INT");
            child.awaitLine("KeyboardInterrupt");
            child.awaitLine("ready again");
            child.signal("INT");
            child.awaitLine("cancelled, carrying on");
            child.signal("INT");
            assertEquals(128 + 2, child.exitCode(), child.output().toString());
            assertTrue(child.output().contains("hook ran"), child.output().toString());
        }
    }

    @Test
    void underXrsTheShutdownSignalsAreRefusedWithTheReason() throws Exception {
        try (ChildJvmSession child = ChildJvmSession.start("", List.of("-Xrs"), SignalsChildMain.class, "refused",
                "SIGTERM")) {
            String line = child.awaitLine("refused");
            assertTrue(line.contains("-Xrs"), line);
            assertEquals(0, child.exitCode(), child.output().toString());
        }
    }

    @Test
    void aShutdownSignalIgnoredSinceStartIsRefusedNotSilentlyNeverCalled() throws Exception {
        try (ChildJvmSession child = ChildJvmSession.start("trap '' HUP;", List.of(), SignalsChildMain.class,
                "refused", "SIGHUP")) {
            String line = child.awaitLine("refused");
            assertTrue(line.contains("this process ignores it"), line);
            assertEquals(0, child.exitCode(), child.output().toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT"})
    void oneSignalClosesTheWholeGroupWithEveryLoopsCleanupAndMainExits0(String sig) throws Exception {
        try (ChildJvmSession child = ChildJvmSession.start("", List.of(), SignalsChildMain.class, "group")) {
            child.awaitLine("ready");
            child.signal(sig);
            List<String> cleanups = List.of(child.awaitLine("loop "), child.awaitLine("loop "), child.awaitLine("loop "));
            assertEquals(Set.of("loop 0 cleaned up on its loop: true", "loop 1 cleaned up on its loop: true",
                    "loop 2 cleaned up on its loop: true"), Set.copyOf(cleanups), cleanups.toString());
            assertEquals("runForever returned, closed: true", child.awaitLine("runForever"));
            assertEquals(0, child.exitCode(), child.output().toString());
            List<String> out = child.output();
            assertEquals(List.of("main returns", "hook ran"), out.subList(out.size() - 2, out.size()), out.toString());
        }
    }

    @Test
    void aSecondSigtermDuringTheGroupsShutdownGetsTheJvmsExit143() throws Exception {
        try (ChildJvmSession child = ChildJvmSession.start("", List.of(), SignalsChildMain.class, "group-slow-cleanup")) {
            child.awaitLine("ready");
            child.signal("TERM");
            for (int i = 0; i < 3; i++) {
                child.awaitLine("loop "); // every loop's cleanup has started and now waits
            }
            child.signal("TERM");
            assertEquals(128 + 15, child.exitCode(), child.output().toString());
            assertTrue(child.output().contains("hook ran"), child.output().toString());
            assertFalse(child.output().stream().anyMatch(l -> l.startsWith("runForever returned")), child.output().toString());
        }
    }
}
