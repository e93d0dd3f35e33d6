package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.streams.StreamPair;
import io.jasyncio.transports.RealLoop;
import io.jasyncio.transports.Server;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Closing a loop releases what its transports and servers hold, even when nobody closed them. */
class LoopCloseDescriptorsTest {

    @Test
    void closingALoopWithAnOpenServerAndConnectedClientsReleasesTheirDescriptors() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            int before = RealLoop.openFds();
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
            assertEquals(before, RealLoop.openFds(), "close() leaves no socket open");
        });
    }
}
