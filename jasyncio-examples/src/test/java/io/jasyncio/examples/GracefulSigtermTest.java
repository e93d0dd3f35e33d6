package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * graceful-sigterm: its tour (which sends this JVM a real SIGTERM, handled by the example's loop),
 * and the server run with --serve in a child JVM: an upload in flight when the child gets SIGTERM
 * completes, a new client is refused, and the child exits 0.
 */
class GracefulSigtermTest {

    @Test
    void tour() {
        String out = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> ExampleOutput.of(new GracefulSigterm(), false));
        assertEquals("""
                server: listening on 127.0.0.1; SIGTERM or Ctrl-C stops it gracefully
                client: UPLOAD 2 -> ready for 2 lines
                client: first line -> got line 1
                tour: kill -s TERM <this JVM>
                server: SIGTERM: not accepting new connections; waiting for 1 live connection
                tour: a new client is refused (ConnectException)
                client: second line -> got line 2
                client: <- stored 2 lines; the server closed the connection
                server: all connections finished; exiting with status 0
                """, out);
    }

    @Test
    void servedInAChildJvmAnUploadInFlightAtSigtermCompletesAndTheJvmExits0() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        if (System.getProperty("jasyncio.scheduler", "loop").equals("loop")) {
            cmd.addAll(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED"));
        }
        cmd.addAll(List.of("-Djasyncio.scheduler=" + System.getProperty("jasyncio.scheduler", "loop"), "-cp",
                System.getProperty("java.class.path"), "io.jasyncio.examples.Tour", "--only", "graceful-sigterm",
                "--serve", Integer.toString(port)));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        LinkedBlockingQueue<String> childLines = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = child.inputReader(StandardCharsets.UTF_8)) {
                r.lines().forEach(childLines::add);
            } catch (Exception gone) {
                // the child ended
            }
        });
        try {
            assertEquals("serving on 127.0.0.1:" + port + " until SIGTERM or Ctrl-C", awaitLine(childLines, "serving"));
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                s.setSoTimeout(60_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter w = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
                w.println("UPLOAD 2");
                assertEquals("ready for 2 lines", in.readLine());
                w.println("first line");
                assertEquals("got line 1", in.readLine());

                child.toHandle().destroy(); // SIGTERM
                assertEquals("server: SIGTERM: not accepting new connections; waiting for 1 live connection",
                        awaitLine(childLines, "server: SIGTERM"));
                assertRefused(port);

                w.println("second line");
                assertEquals("got line 2", in.readLine());
                assertEquals("stored 2 lines", in.readLine());
                assertNull(in.readLine(), "the server closed the connection");
            }
            assertEquals("server: all connections finished; exiting with status 0", awaitLine(childLines, "server: all"));
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child exited");
            assertEquals(0, child.exitValue());
        } finally {
            child.destroyForcibly();
        }
    }

    /** The listener was closed before the line saying so was printed, so a connect now is refused. */
    private static void assertRefused(int port) {
        assertThrows(ConnectException.class, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                OutputStream ignored = s.getOutputStream();
                ignored.flush();
            }
        });
    }

    private static String awaitLine(LinkedBlockingQueue<String> lines, String prefix) throws InterruptedException {
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
