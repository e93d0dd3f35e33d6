package io.jasyncio.streams;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Task;
import io.jasyncio.VoidCoroutine;

import java.io.IOException;
import java.nio.ByteBuffer;
import io.jasyncio.testkit.VirtualLoop;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: {@code StreamReader.readinto} and the reader's side of {@code StreamReaderProtocol}'s
 * buffered-protocol path (getBuffer/bufferUpdated), fed by hand on a virtual-clock loop. The real
 * sockets are in {@link ReadintoSocketTest}.
 */
class ReadintoTest {
    private static void run(VoidCoroutine body) {
        VirtualLoop.run(body);
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private static String written(ByteBuffer dst) {
        ByteBuffer v = dst.duplicate().flip();
        byte[] out = new byte[v.remaining()];
        v.get(out);
        return new String(out, UTF_8);
    }

    @Test
    void aWaitingReadintoGetsTheFedBytesInItsBufferAndTheReaderKeepsNone() {
        run(() -> {
            StreamReader r = new StreamReader(Asyncio.getRunningLoop());
            ByteBuffer dst = ByteBuffer.allocateDirect(100);
            Task<Integer> t = Asyncio.createTask(() -> r.readinto(dst));
            Asyncio.sleep(0);
            assertFalse(t.done());
            r.feedData(b("hello"));
            assertEquals(5, t.await());
            assertEquals("hello", written(dst));
            assertEquals(0, r.buffered());
        });
    }

    @Test
    void bytesBeyondTheRoomStayBufferedForTheNextRead() {
        run(() -> {
            StreamReader r = new StreamReader(Asyncio.getRunningLoop());
            ByteBuffer dst = ByteBuffer.allocate(3);
            Task<Integer> t = Asyncio.createTask(() -> r.readinto(dst));
            Asyncio.sleep(0);
            r.feedData(b("abcdef"));
            assertEquals(3, t.await());
            assertEquals("abc", written(dst));
            assertEquals(3, r.buffered());
            assertArrayEquals(b("def"), r.read(10));
        });
    }

    @Test
    void bufferedBytesAreCopiedAtOnceThenEofIsMinusOne() {
        run(() -> {
            StreamReader r = new StreamReader(Asyncio.getRunningLoop(), 4);
            r.feedData(b("0123456789"));
            byte[] arr = new byte[8];
            assertEquals(6, r.readinto(arr, 2, 6), "no wait: what is buffered, up to the room");
            assertEquals("012345", new String(arr, 2, 6, UTF_8));
            assertEquals(0, r.readinto(ByteBuffer.allocate(0)), "no room: 0, as a channel read");
            r.feedEof();
            ByteBuffer rest = ByteBuffer.allocate(10);
            assertEquals(4, r.readinto(rest));
            assertEquals("6789", written(rest));
            assertEquals(-1, r.readinto(rest), "EOF");
            assertTrue(r.atEof());
        });
    }

    @Test
    void eofWhileWaitingIsMinusOneAndAnErrorIsThrown() {
        run(() -> {
            StreamReader r = new StreamReader(Asyncio.getRunningLoop());
            Task<Integer> t = Asyncio.createTask(() -> r.readinto(ByteBuffer.allocate(8)));
            Asyncio.sleep(0);
            r.feedEof();
            assertEquals(-1, t.await());

            StreamReader failing = new StreamReader(Asyncio.getRunningLoop());
            IOException boom = new IOException("reset");
            Task<Integer> u = Asyncio.createTask(() -> failing.readinto(ByteBuffer.allocate(8)));
            Asyncio.sleep(0);
            failing.setException(boom);
            assertSame(boom, assertThrows(IOException.class, u::await));
            assertSame(boom, assertThrows(IOException.class, () -> failing.readinto(ByteBuffer.allocate(8))));
        });
    }

    @Test
    void badArgumentsAreNamedAtTheCall() {
        run(() -> {
            StreamReader r = new StreamReader(Asyncio.getRunningLoop());
            r.feedData(b("x"));
            IllegalArgumentException ro = assertThrows(IllegalArgumentException.class,
                    () -> r.readinto(ByteBuffer.allocate(4).asReadOnlyBuffer()));
            assertTrue(ro.getMessage().contains("read-only"), ro.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> r.readinto(new byte[4], 3, 2));
            NullPointerException npe = assertThrows(NullPointerException.class, () -> r.readinto((ByteBuffer) null));
            assertTrue(npe.getMessage().contains("dst"), npe.getMessage());
            assertEquals(1, r.buffered(), "a refused call reads nothing");
        });
    }

    @Test
    void oneWaiterAtATimeWhateverTheReadKind() {
        run(() -> {
            StreamReader r = new StreamReader(Asyncio.getRunningLoop());
            Task<Integer> first = Asyncio.createTask(() -> r.readinto(ByteBuffer.allocate(8)));
            Asyncio.sleep(0);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.read(10));
            assertTrue(e.getMessage().contains("already waiting"), e.getMessage());
            r.feedData(b("x"));
            assertEquals(1, first.await());
        });
    }

    /** SEMANTICS 6 for readinto: the bytes reached the buffer, then the task was cancelled. */
    @Test
    void aReadintoCancelledAfterItsBytesArrivedGivesThemBackInOrder() {
        run(() -> {
            StreamReader r = new StreamReader(Asyncio.getRunningLoop());
            ByteBuffer dst = ByteBuffer.allocate(64);
            dst.position(5);
            Task<Integer> t = Asyncio.createTask(() -> r.readinto(dst));
            Asyncio.sleep(0);
            r.feedData(b("line one\nli"));
            r.feedData(b("ne two\n")); // fed before the woken task runs: it goes behind
            t.cancel();
            assertThrows(CancelledError.class, t::await);
            assertEquals(5, dst.position(), "the caller's buffer is as it was");
            assertEquals(18, r.buffered());
            assertArrayEquals(b("line one\n"), r.readline());
            assertArrayEquals(b("line two\n"), r.readline());
        });
    }

    @Test
    void aReadintoCancelledBeforeAnyByteLeavesLaterBytesToTheReader() {
        run(() -> {
            StreamReader r = new StreamReader(Asyncio.getRunningLoop());
            ByteBuffer dst = ByteBuffer.allocateDirect(64);
            Task<Integer> t = Asyncio.createTask(() -> r.readinto(dst));
            Asyncio.sleep(0);
            t.cancel();
            assertThrows(CancelledError.class, t::await);
            StreamReaderProtocol p = new StreamReaderProtocol(Asyncio.getRunningLoop(), r);
            assertNotSame(dst, p.getBuffer(-1), "a cancelled readinto's buffer is not lent any more");
            r.feedData(b("later"));
            assertEquals(0, dst.position());
            assertArrayEquals(b("later"), r.read(10));
        });
    }

    @Test
    void theProtocolLendsTheWaitingBufferThenAScratchBuffer() {
        run(() -> {
            StreamReader r = new StreamReader(Asyncio.getRunningLoop());
            StreamReaderProtocol p = new StreamReaderProtocol(Asyncio.getRunningLoop(), r);
            ByteBuffer dst = ByteBuffer.allocateDirect(16);
            Task<Integer> t = Asyncio.createTask(() -> r.readinto(dst));
            Asyncio.sleep(0);
            ByteBuffer lent = p.getBuffer(-1);
            assertSame(dst, lent, "the transport reads straight into the caller's buffer");
            lent.put(b("abc")); // what a socket read does
            p.bufferUpdated(3);
            assertEquals(3, t.await());
            assertEquals("abc", written(dst));

            ByteBuffer scratch = p.getBuffer(-1); // nobody waits in readinto
            assertTrue(scratch.isDirect() && scratch.remaining() >= 16 * 1024, "room for a socket read");
            scratch.put(b("defg"));
            p.bufferUpdated(4);
            assertEquals(4, r.buffered());
            assertArrayEquals(b("defg"), r.read(10));
        });
    }

    @Test
    void aKnownSizeGoesIntoTheReadersOwnBufferOrTheWaitingReadsArray() {
        run(() -> {
            StreamReader r = new StreamReader(Asyncio.getRunningLoop());
            StreamReaderProtocol p = new StreamReaderProtocol(Asyncio.getRunningLoop(), r);
            Task<byte[]> t = Asyncio.createTask(() -> r.read(100));
            Asyncio.sleep(0);
            ByteBuffer lent = p.getBuffer(5); // a TLS layer with 5 decrypted bytes
            assertEquals(5, lent.remaining());
            lent.put(b("hello"));
            p.bufferUpdated(5);
            byte[] got = t.await();
            assertArrayEquals(b("hello"), got);
            p.getBuffer(3).put(b("xyz"));
            p.bufferUpdated(3);
            assertArrayEquals(b("hello"), got, "the array handed out is the caller's");
            p.getBuffer(2).put(b("!!"));
            p.bufferUpdated(2);
            assertArrayEquals(b("xyz!!"), r.read(10));
        });
    }

    @Test
    void bytesLentAfterEofAreRefusedAsFeedDataIs() {
        run(() -> {
            StreamReader r = new StreamReader(Asyncio.getRunningLoop());
            StreamReaderProtocol p = new StreamReaderProtocol(Asyncio.getRunningLoop(), r);
            r.feedEof();
            assertThrows(IllegalStateException.class, () -> p.getBuffer(-1));
            assertThrows(IllegalStateException.class, () -> p.getBuffer(10));
        });
    }

    @Test
    void manyReadintosAndFeedsOfMixedSizesKeepEveryByteInOrder() {
        run(() -> {
            StreamReader r = new StreamReader(Asyncio.getRunningLoop(), 1 << 20);
            StreamReaderProtocol p = new StreamReaderProtocol(Asyncio.getRunningLoop(), r);
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
            ByteBuffer dst = ByteBuffer.allocateDirect(4096);
            for (int i = 0; i < 60; i++) {
                byte[] chunk = new byte[1 + (i * 53) % 7000];
                java.util.Arrays.fill(chunk, (byte) i);
                all.write(chunk);
                dst.clear();
                Task<Integer> t = Asyncio.createTask(() -> r.readinto(dst));
                Asyncio.sleep(0);
                if (i % 2 == 0) {
                    r.feedData(chunk); // a transport that does not lend (pipes, the test kit)
                } else {
                    int off = 0; // a socket transport: getBuffer/bufferUpdated until the chunk is in
                    while (off < chunk.length) {
                        ByteBuffer b = p.getBuffer(-1);
                        int n = Math.min(b.remaining(), chunk.length - off);
                        b.put(chunk, off, n);
                        p.bufferUpdated(n);
                        off += n;
                    }
                }
                int n = t.await();
                dst.flip();
                assertEquals(n, dst.remaining());
                byte[] part = new byte[n];
                dst.get(part);
                got.write(part);
                while (r.buffered() > 0) {
                    got.write(r.read(1000));
                }
            }
            assertArrayEquals(all.toByteArray(), got.toByteArray());
        });
    }
}
