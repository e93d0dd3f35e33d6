package io.jasyncio.streams;

import static io.jasyncio.transports.RealLoop.openFds;
import static io.jasyncio.transports.RealLoop.run;
import static io.jasyncio.transports.RealLoop.until;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.TimeoutError;
import io.jasyncio.transports.Server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 16's red-team re-check after the reader's buffer changes, over real sockets on 127.0.0.1:
 * slowloris clients (a line trickled a byte at a time, never finished) and a client that never
 * reads what it is sent. Each must cost the server a bounded amount of memory, must not stop it
 * serving others, and must leave no descriptor behind once it is dropped. (The 100 MB
 * back-pressure checks are in {@code StreamsTest} and {@code ReadintoSocketTest}; running out of
 * descriptors in {@code AcceptOutOfDescriptorsTest}.)
 */
class HostileClientsTest {
    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    /** A server and a connection once, so the JDK's own lazily opened descriptors are open before counting. */
    private static int fdsAfterWarmUp() throws IOException {
        run(() -> {
            try (Server s = Asyncio.startServer((r, w) -> w.close(), "127.0.0.1", 0)) {
                StreamPair c = Asyncio.openConnection("127.0.0.1", s.port());
                c.reader().read();
                c.writer().close();
                c.writer().waitClosed();
            }
        });
        return openFds();
    }

    @Test
    void slowlorisClientsAreDroppedAtTheirDeadlineWhileOthersAreServed() throws IOException {
        int before = fdsAfterWarmUp();
        int[] maxBuffered = new int[1];
        int[] droppedUnserved = new int[1];
        run(() -> {
            // The server gives each connection 2 s for a line, as a server guards its request head
            // (far more than the trickle below takes, so only the deadline ends those connections).
            Server server = Asyncio.startServer((r, w) -> {
                boolean served = false;
                try {
                    while (true) {
                        byte[] line = Asyncio.timeout(2.0, () -> {
                            try {
                                return r.readline();
                            } finally {
                                maxBuffered[0] = Math.max(maxBuffered[0], r.buffered());
                            }
                        });
                        if (line.length == 0) {
                            break;
                        }
                        served = true;
                        w.write(line);
                        w.drain();
                    }
                } catch (TimeoutError e) {
                    if (!served) {
                        droppedUnserved[0]++;
                    }
                }
                w.close();
            }, "127.0.0.1", 0);
            try {
                List<StreamPair> slow = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    slow.add(Asyncio.openConnection("127.0.0.1", server.port()));
                }
                StreamPair good = Asyncio.openConnection("127.0.0.1", server.port());
                byte[] head = b("GET /a-line-that-never-ends HTTP/1.1");
                for (int k = 0; k < head.length; k++) { // a byte per connection per loop turn
                    for (StreamPair p : slow) {
                        p.writer().write(new byte[] {head[k]});
                    }
                    if (k % 8 == 0) {
                        good.writer().write(b("ping " + k + "\n"));
                        assertArrayEquals(b("ping " + k + "\n"), good.reader().readline(), "served meanwhile");
                    }
                    Asyncio.sleep(0);
                }
                for (StreamPair p : slow) {
                    assertEquals(0, p.reader().read().length, "the server closed the trickling connection");
                    p.writer().close();
                }
                good.writer().close();
                good.writer().waitClosed();
            } finally {
                server.close();
            }
            server.waitClosed(); // every handler has ended and closed its connection
        });
        assertEquals(50, droppedUnserved[0], "each trickling connection was dropped at its deadline");
        assertTrue(maxBuffered[0] <= 64, "a trickled line is buffered as it is, no more: " + maxBuffered[0]);
        assertEquals(before, openFds(), "no descriptor left behind");
    }

    @Test
    void aClientThatNeverReadsHoldsTheServerAtItsHighWaterMarkAndOthersAreServed() throws IOException {
        int before = fdsAfterWarmUp();
        long[] maxQueued = new long[1];
        Throwable[] sendEnded = new Throwable[1];
        run(() -> {
            byte[] chunk = new byte[64 * 1024];
            Server server = Asyncio.startServer((r, w) -> {
                byte[] cmd = r.readline();
                if (new String(cmd, UTF_8).equals("flood\n")) {
                    try {
                        while (true) { // never ends by itself: the client does not read
                            w.write(chunk);
                            maxQueued[0] = Math.max(maxQueued[0], w.transport().getWriteBufferSize());
                            w.drain();
                        }
                    } catch (IOException lost) {
                        sendEnded[0] = lost;
                    }
                } else {
                    ByteBuffer buf = ByteBuffer.allocateDirect(4096);
                    buf.put(cmd).flip();
                    do {
                        w.write(buf);
                        w.drain();
                    } while (r.readinto(buf.clear()) >= 0 && buf.flip().hasRemaining());
                }
                w.close();
            }, "127.0.0.1", 0);
            try {
                StreamPair deaf = Asyncio.openConnection("127.0.0.1", server.port());
                deaf.writer().write(b("flood\n"));
                // Stop reading at once: the reader pauses its transport and the kernel's buffers
                // fill, then the server's queue reaches its high-water mark and drain() holds it.
                until(() -> !deaf.writer().transport().isReading() && maxQueued[0] > 64 * 1024);
                StreamPair good = Asyncio.openConnection("127.0.0.1", server.port());
                for (int i = 0; i < 20; i++) {
                    good.writer().write(b("hello " + i + "\n"));
                    assertArrayEquals(b("hello " + i + "\n"), good.reader().readexactly(8 + (i < 10 ? 0 : 1)));
                }
                good.writer().close();
                Task<Void> ends = Asyncio.createTask(() -> until(() -> sendEnded[0] != null));
                deaf.writer().transport().abort(); // a reset: the server's drain must fail, not hang
                ends.await();
            } finally {
                server.close();
            }
            server.waitClosed(); // every handler has ended and closed its connection
        });
        assertTrue(maxQueued[0] <= 64 * 1024 + 64 * 1024, "the server queued " + maxQueued[0]);
        assertFalse(sendEnded[0] == null, "the flooding handler ended with the connection's error");
        assertEquals(before, openFds(), "no descriptor left behind");
    }
}
