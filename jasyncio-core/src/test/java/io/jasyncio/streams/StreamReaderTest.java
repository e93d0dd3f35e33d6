package io.jasyncio.streams;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.VoidCoroutine;

import java.io.IOException;
import io.jasyncio.testkit.VirtualLoop;
import org.junit.jupiter.api.Test;

/** A StreamReader fed by hand (no socket), on a virtual-clock loop: buffer logic and waiting. */
class StreamReaderTest {
    private static void run(VoidCoroutine body) {
        VirtualLoop.run(body);
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    @Test
    void readuntilFindsASeparatorSplitAcrossFeeds() {
        run(() -> {
            StreamReader r = new StreamReader(Asyncio.getRunningLoop());
            Task<byte[]> t = Asyncio.createTask(() -> r.readuntil(b("\r\n\r\n")));
            Asyncio.sleep(0);
            r.feedData(b("GET / HTTP/1.1\r\n\r"));
            Asyncio.sleep(0);
            assertFalse(t.done());
            r.feedData(b("\nrest"));
            assertEquals("GET / HTTP/1.1\r\n\r\n", new String(t.await(), UTF_8));
            assertEquals(4, r.buffered());
        });
    }

    @Test
    void oneWaiterAtATimeAsInAsyncio() {
        run(() -> {
            StreamReader r = new StreamReader(Asyncio.getRunningLoop());
            Task<byte[]> first = Asyncio.createTask(() -> r.read(10));
            Asyncio.sleep(0);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.read(10));
            assertTrue(e.getMessage().contains("already waiting"), e.getMessage());
            r.feedData(b("x"));
            assertEquals("x", new String(first.await(), UTF_8));
        });
    }

    @Test
    void anErrorWakesTheWaiterAndStays() {
        run(() -> {
            StreamReader r = new StreamReader(Asyncio.getRunningLoop());
            IOException boom = new IOException("boom");
            Task<byte[]> t = Asyncio.createTask(() -> r.readexactly(3));
            Asyncio.sleep(0);
            r.setException(boom);
            assertSame(boom, assertThrows(IOException.class, t::await));
            assertSame(boom, assertThrows(IOException.class, () -> r.readline()));
            assertSame(boom, r.exception());
        });
    }

    @Test
    void eofEndsReadsAndSmallCases() {
        run(() -> {
            StreamReader r = new StreamReader(Asyncio.getRunningLoop(), 8);
            assertEquals(8, r.limit());
            assertArrayEquals(new byte[0], r.read(0));
            assertArrayEquals(new byte[0], r.readexactly(0));
            assertThrows(IllegalArgumentException.class, () -> r.readexactly(-1));
            assertThrows(IllegalArgumentException.class, () -> r.readuntil(new byte[0]));
            assertThrows(IllegalArgumentException.class, () -> new StreamReader(Asyncio.getRunningLoop(), 0));
            r.feedData(b("ab"));
            r.feedEof();
            assertFalse(r.atEof());
            assertThrows(IllegalStateException.class, () -> r.feedData(b("late")));
            IncompleteReadError e = assertThrows(IncompleteReadError.class, () -> r.readuntil(b("|")));
            assertEquals("ab", new String(e.partial(), UTF_8));
            assertEquals(-1, e.expected());
            assertTrue(r.atEof());
            assertArrayEquals(new byte[0], r.read());
        });
    }

    @Test
    void readWithNegativeCountReadsToEofAcrossManyFeeds() {
        run(() -> {
            StreamReader r = new StreamReader(Asyncio.getRunningLoop());
            Task<byte[]> all = Asyncio.createTask(() -> r.read(-1));
            for (int i = 0; i < 1000; i++) {
                Asyncio.sleep(0);
                r.feedData(new byte[1000]);
            }
            r.feedEof();
            assertEquals(1_000_000, all.await().length);
        });
    }

    /** Issue 8 §2, asyncio 3.13: several separators; the match that ends first wins. */
    @Test
    void readuntilWithSeveralSeparatorsTakesTheShortestChunk() {
        run(() -> {
            StreamReader r = new StreamReader(Asyncio.getRunningLoop());
            r.feedData(b("abc\r\ndef\nghi"));
            assertEquals("abc\r\n", new String(r.readuntil(java.util.List.of(b("\n"), b("\r\n"))), UTF_8),
                    "both end at the same byte: the whole line");
            assertEquals("def\n", new String(r.readuntil(java.util.List.of(b("\r\n"), b("\n"))), UTF_8));
            Task<byte[]> t = Asyncio.createTask(() -> r.readuntil(java.util.List.of(b("XYZ"), b("!"))));
            Asyncio.sleep(0);
            r.feedData(b("jkXY"));
            Asyncio.sleep(0);
            assertFalse(t.done());
            r.feedData(b("Z!"));
            assertEquals("ghijkXYZ", new String(t.await(), UTF_8));
            assertThrows(IllegalArgumentException.class, () -> r.readuntil(java.util.List.of()));
            assertThrows(IllegalArgumentException.class, () -> r.readuntil(java.util.List.of(b("!"), new byte[0])));
            assertEquals("!", new String(r.readuntil(java.util.List.of(b("!"))), UTF_8));
            r.feedData(b("tail"));
            r.feedEof();
            IncompleteReadError e = assertThrows(IncompleteReadError.class,
                    () -> r.readuntil(java.util.List.of(b("\n"), b(";"))));
            assertEquals("tail", new String(e.partial(), UTF_8));
        });
    }

    // Issue 16: a read(n) waiting on an empty buffer gets the fed chunk as the array itself; these pin
    // that nothing can tell (the caller owns it, and every other path sees the same bytes).
    @Test
    void aChunkHandedToAWaitingReadIsTheCallersAndLaterFeedsDoNotTouchIt() {
        run(() -> {
            StreamReader r = new StreamReader(Asyncio.getRunningLoop());
            Task<byte[]> t = Asyncio.createTask(() -> r.read(100));
            Asyncio.sleep(0);
            r.feedData(b("hello"));
            byte[] got = t.await();
            assertArrayEquals(b("hello"), got);
            r.feedData(b("WORLD"));
            assertArrayEquals(b("hello"), got, "the reader wrote into an array it had handed out");
            assertArrayEquals(b("WORLD"), r.read(100));
            assertEquals(0, r.buffered());
        });
    }

    @Test
    void aChunkLargerThanTheWaitingReadIsSplitAsBefore() {
        run(() -> {
            StreamReader r = new StreamReader(Asyncio.getRunningLoop());
            Task<byte[]> t = Asyncio.createTask(() -> r.read(3));
            Asyncio.sleep(0);
            r.feedData(b("abcdef"));
            assertArrayEquals(b("abc"), t.await());
            assertArrayEquals(b("def"), r.read(10));
        });
    }

    @Test
    void aCancelledReadLeavesItsHandOffChunkForOtherReads() {
        run(() -> {
            StreamReader r = new StreamReader(Asyncio.getRunningLoop());
            Task<byte[]> t = Asyncio.createTask(() -> r.read(100));
            Asyncio.sleep(0);
            r.feedData(b("line one\nline"));
            t.cancel(); // woken, not resumed yet: the bytes stay buffered (asyncio keeps them too)
            assertThrows(io.jasyncio.CancelledError.class, t::await);
            assertEquals(13, r.buffered());
            r.feedData(b(" two\nrest"));
            assertArrayEquals(b("line one\n"), r.readline());
            assertArrayEquals(b("line two\n"), r.readline());
            Task<byte[]> more = Asyncio.createTask(() -> r.readexactly(8));
            Asyncio.sleep(0);
            r.feedData(b("12"));
            Asyncio.sleep(0);
            r.feedData(b("345"));
            assertArrayEquals(b("rest1234"), more.await());
            assertArrayEquals(b("5"), r.read(100));
            r.feedEof();
            assertArrayEquals(new byte[0], r.read(100));
        });
    }

    @Test
    void manyHandOffsThenABigPartialFeedKeepEveryByteInOrder() {
        run(() -> {
            StreamReader r = new StreamReader(Asyncio.getRunningLoop(), 1 << 20);
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < 50; i++) {
                byte[] chunk = new byte[1 + (i * 37) % 3000];
                java.util.Arrays.fill(chunk, (byte) i);
                all.write(chunk);
                int ask = (i % 3 == 0) ? chunk.length / 2 + 1 : 4096;
                Task<byte[]> t = Asyncio.createTask(() -> r.read(ask));
                Asyncio.sleep(0);
                r.feedData(chunk);
                got.write(t.await());
                if (i % 5 == 0) {
                    byte[] extra = new byte[5000]; // grows the reader's own buffer past the hand-off
                    java.util.Arrays.fill(extra, (byte) -i);
                    all.write(extra);
                    r.feedData(extra);
                }
                while (r.buffered() > 0) {
                    got.write(r.read(1000));
                }
            }
            assertArrayEquals(all.toByteArray(), got.toByteArray());
        });
    }
}
