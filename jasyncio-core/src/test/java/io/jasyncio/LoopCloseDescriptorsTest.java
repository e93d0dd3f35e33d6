package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.streams.StreamPair;
import io.jasyncio.transports.RealLoop;
import io.jasyncio.transports.Server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Closing a loop releases what its transports and servers hold, even when nobody closed them. */
class LoopCloseDescriptorsTest {

    @Test
    void closingALoopWithAnOpenServerAndConnectedClientsReleasesTheirDescriptors() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            openServeAndCloseTheLoop(0); // the JDK opens some descriptors of its own on first use
            Set<String> fdsBefore = fds();
            int before = RealLoop.openFds();
            openServeAndCloseTheLoop(before);
            Set<String> fdsAfter = fds();
            fdsAfter.removeAll(fdsBefore);
            assertEquals(before, RealLoop.openFds(), "close() leaves no socket open " + fdsAfter);
        });
    }

    /** A loop with a server and five connected clients, closed with all of them still open. */
    private static void openServeAndCloseTheLoop(int before) {
        EventLoop loop = EventLoop.newEventLoop();
        try {
            loop.runUntilComplete(() -> {
                Server server = Asyncio.startServer((r, w) -> {
                    w.write(r.readline());
                    r.read(); // waits for EOF that never comes
                }, "127.0.0.1", 0);
                for (int i = 0; i < 5; i++) {
                    StreamPair c = Asyncio.openConnection("127.0.0.1", server.port());
                    c.writer().write(("hi " + i + "\n").getBytes());
                    c.reader().readline();
                }
                assertTrue(RealLoop.openFds() >= before + 11); // listener + 5 pairs
                return null;
            });
        } finally {
            loop.close();
        }
    }

    /** The open descriptors and what they are, to name a leak. */
    private static Set<String> fds() throws IOException {
        Set<String> out = new TreeSet<>();
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            for (var p : s.toList()) {
                try {
                    out.add(p.getFileName() + "->" + Files.readSymbolicLink(p));
                } catch (IOException gone) {
                    // closed while we listed it
                }
            }
        }
        return out;
    }
}
