package io.jasyncio.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The read-ahead's own mechanics, without a loop, direct (binary files) and heap (text): the newline scanner, promotion, the buffer pool. */
class ReadAheadTest {
    /** Lands {@code data} as the next fetch and promotes it: what a worker and the loop do. */
    private static void land(ReadAhead in, byte[] data) {
        ReadAhead.Fetch f = in.beginFetch(data.length);
        f.into().put(f.off(), data, 0, data.length);
        in.land(f, data.length);
        in.promote();
    }

    private static int naiveIndexOfNewline(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The eight-bytes-at-a-time scan finds exactly the first newline, at every alignment and near 0x0A-like bytes. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void theNewlineScannerFindsTheFirstNewlineAtEveryOffset(boolean direct) {
        Random r = new Random(7);
        byte[] tricky = {0x0A, 0x0B, 0x09, (byte) 0x8A, 0x00, (byte) 0xFF, 0x01, 'x'};
        for (int round = 0; round < 200; round++) {
            byte[] data = new byte[1 + r.nextInt(300)];
            for (int i = 0; i < data.length; i++) {
                data[i] = r.nextInt(10) == 0 ? tricky[r.nextInt(tricky.length)] : tricky[1 + r.nextInt(tricky.length - 1)];
            }
            ReadAhead in = new ReadAhead(data.length, direct);
            land(in, data);
            for (int from = 0; from <= data.length; from++) {
                assertEquals(naiveIndexOfNewline(data, from), in.indexOfNewline(from), "round " + round + " from " + from);
            }
            for (int skip = 1; skip < Math.min(16, data.length); skip++) {
                ReadAhead shifted = new ReadAhead(data.length, direct);
                land(shifted, data);
                shifted.skip(skip);
                int expected = naiveIndexOfNewline(data, skip);
                assertEquals(expected < 0 ? -1 : expected - skip, shifted.indexOfNewline(0), "start moved by " + skip);
            }
        }
    }

    /** A partial line longer than the slack is appended, growing the buffer; the bytes stay in order. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void bytesLeftOverLongerThanTheSlackAreKeptInOrder(boolean direct) {
        ReadAhead in = new ReadAhead(8, direct); // slack 8
        byte[] expected = new byte[0];
        Random r = new Random(3);
        for (int i = 0; i < 50; i++) {
            byte[] chunk = new byte[1 + r.nextInt(40)];
            r.nextBytes(chunk);
            land(in, chunk);
            byte[] all = new byte[expected.length + chunk.length];
            System.arraycopy(expected, 0, all, 0, expected.length);
            System.arraycopy(chunk, 0, all, expected.length, chunk.length);
            int consume = r.nextInt(all.length + 1) / 2;
            in.skip(consume);
            expected = java.util.Arrays.copyOfRange(all, consume, all.length);
            assertEquals(expected.length, in.available());
            byte[] got = new byte[expected.length];
            in.copyOut(got, 0, got.length);
            assertArrayEquals(expected, got, "after fetch " + i);
        }
    }

    @Test
    void thePoolGivesBackTheSameDirectLittleEndianBufferCleared() {
        ByteBuffer b = DirectBufferPool.acquire(12_345);
        assertEquals(ByteOrder.LITTLE_ENDIAN, b.order());
        b.position(100).limit(200);
        DirectBufferPool.release(b);
        ByteBuffer again = DirectBufferPool.acquire(12_345);
        assertSame(b, again);
        assertEquals(0, again.position());
        assertEquals(12_345, again.limit());
        assertNotSame(again, DirectBufferPool.acquire(12_345), "one buffer is never handed out twice");
        DirectBufferPool.release(ByteBuffer.allocate(12_345)); // a heap buffer is not kept
        assertEquals(true, DirectBufferPool.acquire(12_345).isDirect());
    }
}
