package io.jasyncio.streams;

import static io.jasyncio.transports.RealLoop.run;
import static io.jasyncio.transports.RealLoop.until;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.transports.Server;
import io.jasyncio.transports.ServerOptions;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: {@code readinto} over real TCP sockets on 127.0.0.1, where the socket transport reads
 * straight into the caller's buffer: bytes intact and in order, EOF, and the reader's
 * back-pressure (pause past twice the limit, resume at the limit) as with {@code read}.
 */
class ReadintoSocketTest {
    /** An echo handler on readinto: one direct buffer per connection, written back as it is. */
    private static final ClientConnected READINTO_ECHO = (r, w) -> {
        ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
        while (r.readinto(buf.clear()) >= 0) {
            w.write(buf.flip());
            w.drain();
        }
        w.close();
    };

    @Test
    void anEchoOnReadintoReturnsEveryByteInOrder() {
        int size = 8 << 20;
        byte[] data = new byte[size];
        new Random(16).nextBytes(data);
        byte[] back = run(() -> {
            try (Server server = Asyncio.startServer(READINTO_ECHO, "127.0.0.1", 0)) {
                StreamPair c = Asyncio.openConnection("127.0.0.1", server.port());
                Task<Void> writer = Asyncio.createTask(() -> {
                    Random sizes = new Random(1);
                    for (int off = 0; off < size; ) {
                        int n = Math.min(size - off, 1 + sizes.nextInt(200_000));
                        c.writer().write(java.util.Arrays.copyOfRange(data, off, off + n));
                        c.writer().drain();
                        off += n;
                    }
                    c.writer().writeEof();
                });
                byte[] got = new byte[size];
                int off = 0;
                Random sizes = new Random(2);
                while (true) {
                    int room = Math.min(size - off, 1 + sizes.nextInt(100_000));
                    int n = c.reader().readinto(got, off, Math.max(room, 1));
                    if (n < 0) {
                        break;
                    }
                    off += n;
                    if (off == size) {
                        assertEquals(-1, c.reader().readinto(new byte[1], 0, 1), "EOF after the echo");
                        break;
                    }
                }
                writer.await();
                c.writer().close();
                assertEquals(size, off);
                return got;
            }
        });
        assertArrayEquals(data, back);
    }

    @Test
    void aStalledReaderDrainedByReadintoBoundsMemoryWhileThePeerSends100MB() {
        long total = 100L << 20;
        long[] maxBuffered = new long[1];
        int[] resumedAtOrBelowLimit = new int[1];
        long got = run(() -> {
            try (Server server = Asyncio.startServer((r, w) -> {
                byte[] chunk = new byte[256 * 1024];
                for (long sent = 0; sent < total; sent += chunk.length) {
                    w.write(chunk);
                    w.drain();
                }
                w.close();
            }, "127.0.0.1", 0)) {
                StreamPair c = Asyncio.openConnection("127.0.0.1", server.port());
                StreamReader reader = c.reader();
                int limit = reader.limit();
                until(() -> !c.writer().transport().isReading()); // past twice the limit
                assertTrue(reader.buffered() > 2 * limit, "paused at " + reader.buffered());
                ByteBuffer dst = ByteBuffer.allocateDirect(limit / 4);
                long n = 0;
                boolean wasPaused = true;
                while (true) {
                    maxBuffered[0] = Math.max(maxBuffered[0], reader.buffered());
                    int k = reader.readinto(dst.clear());
                    if (k < 0) {
                        break;
                    }
                    boolean reading = c.writer().transport().isReading();
                    if (wasPaused && reading && reader.buffered() <= limit) {
                        resumedAtOrBelowLimit[0]++;
                    }
                    assertFalse(wasPaused && reading && reader.buffered() > limit,
                            "resumed with " + reader.buffered() + " buffered, above the limit");
                    wasPaused = !reading;
                    n += k;
                }
                c.writer().close();
                return n;
            }
        });
        assertEquals(total, got);
        int limit = ServerOptions.DEFAULT_LIMIT;
        assertTrue(maxBuffered[0] <= 2 * limit + 64 * 1024, "reader buffered " + maxBuffered[0]);
        assertTrue(resumedAtOrBelowLimit[0] >= 1, "reading never resumed at the limit");
    }
}
