package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
        try (ServedExample child = ServedExample.start("graceful-sigterm")) {
            int port = child.port();
            assertEquals("serving on 127.0.0.1:" + port + " until SIGTERM or Ctrl-C", child.awaitLine("serving"));
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                s.setSoTimeout(60_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter w = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
                w.println("UPLOAD 2");
                assertEquals("ready for 2 lines", in.readLine());
                w.println("first line");
                assertEquals("got line 1", in.readLine());

                child.terminate();
                assertEquals("server: SIGTERM: not accepting new connections; waiting for 1 live connection",
                        child.awaitLine("server: SIGTERM"));
                assertRefused(port);

                w.println("second line");
                assertEquals("got line 2", in.readLine());
                assertEquals("stored 2 lines", in.readLine());
                assertNull(in.readLine(), "the server closed the connection");
            }
            assertEquals("server: all connections finished; exiting with status 0", child.awaitLine("server: all"));
            assertEquals(0, child.exitCode());
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
}
