package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * EMFILE (issue 16's red-team re-check): a server whose process runs out of file descriptors
 * reports the failed accept to the loop's exception handler (asyncio's "socket.accept() out of
 * system resource"), keeps serving the connections it has, and accepts again once descriptors are
 * free (after its 1 s pause, as asyncio's {@code ACCEPT_RETRY_DELAY}). The server is a child JVM
 * under {@code ulimit -n 128}; this JVM is its client on 127.0.0.1. Every wait is bounded.
 */
class AcceptOutOfDescriptorsTest {
    private static final int CONNECTIONS = 140; // more than 128 descriptors minus the JVM's own can hold

    private static void echoOnce(Socket s, String text) throws IOException {
        s.setSoTimeout(60_000); // a bound, not a synchronisation: the reply is awaited
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes());
        out.flush();
        InputStream in = s.getInputStream();
        byte[] back = in.readNBytes(text.length());
        assertEquals(text, new String(back), "echoed on " + s);
    }

    @Test
    void runningOutOfDescriptorsIsReportedAndTheServerRecovers() throws Exception {
        try (ChildJvmSession child = ChildJvmSession.start("ulimit -n 128 &&", List.of(),
                AcceptOutOfDescriptorsChildMain.class)) {
            int port = Integer.parseInt(child.awaitLine("port ").substring(5));
            List<Socket> conns = new ArrayList<>();
            try {
                for (int i = 0; i < CONNECTIONS; i++) {
                    Socket s = new Socket();
                    conns.add(s);
                    s.connect(new InetSocketAddress("127.0.0.1", port), 60_000); // the backlog takes what accept cannot
                }
                String report = child.awaitLine("handler: ");
                assertTrue(report.contains("socket.accept() out of system resource")
                        && report.contains("Too many open files"), report);
                echoOnce(conns.get(0), "still serving\n");
                // Free descriptors in the child: the first 100 connections close (those it never
                // accepted are accepted, see EOF at once and close too).
                for (Socket s : conns.subList(0, 100)) {
                    s.close();
                }
                for (Socket s : conns.subList(100, CONNECTIONS)) {
                    echoOnce(s, "accepted after the pause\n");
                }
            } finally {
                for (Socket s : conns) {
                    s.close();
                }
            }
            child.signal("TERM");
            assertEquals(0, child.exitCode(), "the child's output: " + child.output());
            assertTrue(child.output().contains("bye"), child.output().toString());
        }
    }
}
