package io.jasyncio.internal.net;

import static io.jasyncio.transports.RealLoop.run;
import static io.jasyncio.transports.RealLoop.until;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Future;
import io.jasyncio.streams.StreamPair;
import io.jasyncio.transports.Server;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Writes larger than {@link SocketTransport#MAX_WRITE} go to the socket in bounded slices, now
 * and from the queue: every byte arrives once and in order, whether the socket takes the whole
 * write, part of a slice, or nothing until the peer reads.
 */
class LargeWritesTest {
    /** Bytes whose value depends on their offset, so a lost, doubled or swapped slice shows. */
    private static byte[] pattern(int size, int seed) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) ((i * 31 + seed) ^ (i >>> 16));
        }
        return b;
    }

    /** Sends {@code parts} (by {@code send}) to a server that starts reading only when told. */
    private static byte[] roundTrip(List<byte[]> parts, boolean asLines, boolean peerReadsLate) {
        return run(() -> {
            Future<Void> startReading = Asyncio.getRunningLoop().createFuture();
            Future<byte[]> received = Asyncio.getRunningLoop().createFuture();
            try (Server server = Asyncio.startServer((r, w) -> {
                startReading.await();
                received.setResult(r.read());
                w.close();
            }, "127.0.0.1", 0)) {
                StreamPair c = Asyncio.openConnection("127.0.0.1", server.port());
                if (!peerReadsLate) {
                    startReading.setResult(null);
                }
                if (asLines) {
                    c.writer().writelines(parts);
                } else {
                    for (byte[] p : parts) {
                        c.writer().write(p);
                    }
                }
                if (peerReadsLate) {
                    // What loopback's buffers did not take at once is queued; the queue flushes in slices.
                    int queued = c.writer().transport().getWriteBufferSize();
                    assertTrue(!asLines || queued > 0, "queued " + queued);
                    assertTrue(asLines || queued > SocketTransport.MAX_WRITE, "queued " + queued);
                    startReading.setResult(null);
                }
                c.writer().drain();
                c.writer().close();
                c.writer().waitClosed();
                return received.await();
            }
        });
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        parts.forEach(all::writeBytes);
        return all.toByteArray();
    }

    @Test
    void aWriteOfManySlicesArrivesWholeWhileThePeerReads() {
        List<byte[]> parts = List.of(pattern(5 * SocketTransport.MAX_WRITE + 12345, 1));
        assertArrayEquals(concat(parts), roundTrip(parts, false, false));
    }

    @Test
    void aQueuedBacklogOfLargeAndSmallWritesFlushesInOrderOnceThePeerReads() {
        // 24 MiB: more than loopback's socket buffers take before the peer reads.
        List<byte[]> parts = List.of(pattern(15 * SocketTransport.MAX_WRITE + 7, 2), pattern(100, 3),
                pattern(SocketTransport.MAX_WRITE - 1, 4), pattern(8 * SocketTransport.MAX_WRITE, 5), pattern(1, 6));
        assertArrayEquals(concat(parts), roundTrip(parts, false, true));
    }

    @Test
    void writelinesLargerThanOneSliceArrivesInOrder() {
        List<byte[]> parts = List.of(pattern(SocketTransport.MAX_WRITE / 2, 7), pattern(12 * SocketTransport.MAX_WRITE, 8),
                pattern(10, 9));
        assertArrayEquals(concat(parts), roundTrip(parts, true, true));
    }

    @Test
    void aLargeDirectBufferIsWrittenWhole() {
        byte[] data = pattern(3 * SocketTransport.MAX_WRITE + 99, 10);
        byte[] got = run(() -> {
            Future<byte[]> received = Asyncio.getRunningLoop().createFuture();
            try (Server server = Asyncio.startServer((r, w) -> {
                received.setResult(r.read());
                w.close();
            }, "127.0.0.1", 0)) {
                StreamPair c = Asyncio.openConnection("127.0.0.1", server.port());
                ByteBuffer direct = ByteBuffer.allocateDirect(data.length).put(data).flip();
                c.writer().write(direct);
                until(() -> c.writer().transport().getWriteBufferSize() == 0);
                c.writer().close();
                return received.await();
            }
        });
        assertArrayEquals(data, got);
    }
}
