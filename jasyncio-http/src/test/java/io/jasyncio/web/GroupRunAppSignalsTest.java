package io.jasyncio.web;

import static io.jasyncio.web.RunAppSignalsTest.awaitLine;
import static io.jasyncio.web.RunAppSignalsTest.get;
import static io.jasyncio.web.RunAppSignalsTest.kill;
import static io.jasyncio.web.RunAppSignalsTest.startChild;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.EventLoopGroup;
import io.jasyncio.GroupServer;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code WebRunner.runApp} over an EventLoopGroup of 2 loops in a child JVM ({@link GroupRunAppMain})
 * given real signals while a request is in flight on each loop: as aiohttp's {@code run_app}, the
 * first SIGTERM shuts every loop down gracefully (both requests complete, the JVM exits 0); a
 * second signal cuts a shutdown that would otherwise wait 10 minutes short.
 */
class GroupRunAppSignalsTest {

    @Test
    void sigtermLetsTheRequestsInFlightOnBothLoopsFinishAndExits0() throws Exception {
        int port = freePort();
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process child = startChild(lines, GroupRunAppMain.class, Integer.toString(port), "graceful");
        try {
            assertEquals("======== Running on http://127.0.0.1:" + port + " ========", awaitLine(lines, "========"));
            List<CompletableFuture<String>> slow = slowOnBothLoops(port, lines);
            kill(child, "TERM");
            Set<String> shutDown = new HashSet<>();
            shutDown.add(awaitLine(lines, "shutdown began on "));
            shutDown.add(awaitLine(lines, "shutdown began on "));
            assertEquals(Set.of("shutdown began on loop0", "shutdown began on loop1"), shutDown);
            Set<String> bodies = new HashSet<>();
            for (CompletableFuture<String> f : slow) {
                String response = f.get(60, TimeUnit.SECONDS);
                assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
                bodies.add(response.substring(response.indexOf("\r\n\r\n") + 4));
            }
            assertEquals(Set.of("finished on loop0 after the shutdown began",
                    "finished on loop1 after the shutdown began"), bodies);
            awaitLine(lines, "runApp returned");
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child exited");
            assertEquals(0, child.exitValue());
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void aSecondSignalCutsTheGracefulShutdownShort() throws Exception {
        int port = freePort();
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process child = startChild(lines, GroupRunAppMain.class, Integer.toString(port), "stuck");
        try {
            awaitLine(lines, "========");
            slowOnBothLoops(port, lines);
            kill(child, "TERM");
            awaitLine(lines, "shutdown began on ");
            awaitLine(lines, "shutdown began on ");
            kill(child, "INT"); // the requests never finish: only this ends the 10-minute shutdown in time
            awaitLine(lines, "runApp returned");
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child exited");
            assertEquals(0, child.exitValue());
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void argumentsAreCheckedAndAFailedStartRemovesTheSignalHandlers() throws Exception {
        try (EventLoopGroup group = new EventLoopGroup(2)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> WebRunner.runApp(null, Application::new, "127.0.0.1", 0));
            assertEquals("group is null", e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> WebRunner.runApp(group, null, "127.0.0.1", 0, null, null));
            assertEquals("runnerFactory is null", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> WebRunner.runApp(group,
                    () -> new AppRunner(new Application()), "127.0.0.1", 0, null, null, null));
            assertEquals("balancing is null", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> WebRunner.runApp(group,
                    () -> new AppRunner(new Application()), "127.0.0.1", 70000, null, GroupServer.Balancing.AUTO, null));
            assertEquals("port out of range: 70000", e.getMessage());
            // the handlers runApp added before GroupSite.start failed are gone again
            assertFalse(group.submit(group.loops().getFirst(),
                    () -> group.loops().getFirst().removeSignalHandler("SIGTERM")).get(60, TimeUnit.SECONDS));
        }
    }

    /** Two slow requests, each on its own connection: one acceptor hands them to loop0 and loop1. */
    private static List<CompletableFuture<String>> slowOnBothLoops(int port, LinkedBlockingQueue<String> lines)
            throws InterruptedException {
        List<CompletableFuture<String>> slow = new ArrayList<>();
        Set<String> started = new HashSet<>();
        for (int i = 0; i < 2; i++) {
            CompletableFuture<String> f = new CompletableFuture<>();
            Thread.ofPlatform().daemon().start(() -> f.complete(get(port, "/slow")));
            slow.add(f);
            started.add(awaitLine(lines, "slow request started on "));
        }
        assertEquals(Set.of("slow request started on loop0", "slow request started on loop1"), started);
        return slow;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
