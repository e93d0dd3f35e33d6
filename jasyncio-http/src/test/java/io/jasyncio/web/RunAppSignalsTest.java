package io.jasyncio.web;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code WebRunner.runApp} in a child JVM given a real SIGTERM or SIGINT while a request is in
 * flight: as aiohttp's {@code run_app} (loop signal handlers), the request completes during the
 * graceful shutdown, {@code runApp} returns, and the JVM exits 0.
 */
class RunAppSignalsTest {

    @Test
    void sigtermWithARequestInFlightShutsDownGracefullyAndExits0() throws Exception {
        assertGracefulOn("TERM");
    }

    @Test
    void sigintLikewise() throws Exception {
        assertGracefulOn("INT");
    }

    private static void assertGracefulOn(String signal) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process child = startChild(lines, RunAppMain.class, Integer.toString(port));
        try {
            assertEquals("======== Running on http://127.0.0.1:" + port + " ========", awaitLine(lines, "========"));
            CompletableFuture<String> slow = new CompletableFuture<>();
            Thread.ofPlatform().daemon().start(() -> slow.complete(get(port, "/slow")));
            awaitLine(lines, "slow request started");
            kill(child, signal);
            awaitLine(lines, "shutdown began");
            String response = slow.get(60, TimeUnit.SECONDS);
            assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
            assertTrue(response.endsWith("\r\n\r\nfinished after the shutdown began"), response);
            awaitLine(lines, "runApp returned");
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child exited");
            assertEquals(0, child.exitValue());
        } finally {
            child.destroyForcibly();
        }
    }

    /** Starts {@code main} in a child JVM of the same scheduler, its output lines going to {@code lines}. */
    static Process startChild(LinkedBlockingQueue<String> lines, Class<?> main, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        String scheduler = System.getProperty("jasyncio.scheduler", "loop");
        if (scheduler.equals("loop")) {
            cmd.addAll(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED"));
        }
        cmd.addAll(List.of("-Djasyncio.scheduler=" + scheduler, "-cp", System.getProperty("java.class.path"),
                main.getName()));
        cmd.addAll(List.of(args));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = child.inputReader(StandardCharsets.UTF_8)) {
                r.lines().forEach(lines::add);
            } catch (Exception gone) {
                // the child ended
            }
        });
        return child;
    }

    /** Sends {@code signal} ("TERM", "INT") to {@code child} with kill(1). */
    static void kill(Process child, String signal) throws Exception {
        Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -s " + signal + " " + child.pid()).start();
        assertTrue(kill.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, kill.exitValue(), "kill -s " + signal);
    }

    /** One request on its own connection; the whole response as text (the server closes at shutdown). */
    static String get(int port, String path) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (Exception e) {
            return e.toString();
        }
    }

    static String awaitLine(LinkedBlockingQueue<String> lines, String prefix) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                fail("no line starting with \"" + prefix + "\" in 60 s; the child printed " + seen);
            }
            seen.add(line);
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }
}
