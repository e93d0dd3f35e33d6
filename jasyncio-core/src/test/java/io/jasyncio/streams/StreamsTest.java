package io.jasyncio.streams;

import static io.jasyncio.transports.RealLoop.run;
import static io.jasyncio.transports.RealLoop.until;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.transports.Server;
import io.jasyncio.transports.ServerOptions;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Streams over real TCP sockets on 127.0.0.1: reads, limits, EOF, errors, cancellation. */
class StreamsTest {
    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private static String s(byte[] b) {
        return new String(b, UTF_8);
    }

    /** A server that echoes each line until EOF, then closes. */
    private static Server lineEcho() throws IOException {
        return Asyncio.startServer((r, w) -> {
            for (byte[] line : r.lines()) {
                w.write(line);
                w.drain();
            }
            w.close();
        }, "127.0.0.1", 0);
    }

    @Test
    void echoesLinesThroughAServer() {
        String out = run(() -> {
            try (Server server = lineEcho()) {
                StreamPair c = Asyncio.openConnection("127.0.0.1", server.port());
                c.writer().write(b("hello\nworld\n"));
                String got = s(c.reader().readline()) + s(c.reader().readline());
                c.writer().writeEof();
                assertArrayEquals(new byte[0], c.reader().read());
                assertTrue(c.reader().atEof());
                c.writer().close();
                c.writer().waitClosed();
                SocketException lost = assertThrows(SocketException.class, () -> c.writer().drain());
                assertEquals("Connection lost", lost.getMessage());
                return got;
            }
        });
        assertEquals("hello\nworld\n", out);
    }

    @Test
    void readexactlyRaisesIncompleteReadErrorWithThePartialBytes() {
        run(() -> {
            try (Server server = Asyncio.startServer((r, w) -> {
                w.write(b("abc"));
                w.close();
            }, "127.0.0.1", 0)) {
                StreamPair c = Asyncio.openConnection("127.0.0.1", server.port());
                IncompleteReadError e = assertThrows(IncompleteReadError.class, () -> c.reader().readexactly(5));
                assertEquals("abc", s(e.partial()));
                assertEquals(5, e.expected());
                assertArrayEquals(new byte[0], c.reader().read(10)); // reads after EOF return nothing
                assertArrayEquals(new byte[0], c.reader().readline());
                c.writer().close();
            }
        });
    }

    @Test
    void readuntilOverTheLimitKeepsTheDataBuffered() {
        run(() -> {
            try (Server server = Asyncio.startServer((r, w) -> {
                w.write(b("0123456789012345678901234567890123456789|tail"));
                w.close();
            }, "127.0.0.1", 0)) {
                StreamPair c = Asyncio.openConnection("127.0.0.1", server.port(), 16);
                LimitOverrunError e = assertThrows(LimitOverrunError.class, () -> c.reader().readuntil(b("|")));
                assertTrue(e.consumed() > 16, "consumed " + e.consumed());
                assertEquals("0123456789012345678901234567890123456789|",
                        s(c.reader().readexactly(41)));
                assertEquals("tail", s(c.reader().read()));
                c.writer().close();
            }
        });
    }

    @Test
    void aLineLongerThanTheLimitIsDiscardedAndTheNextLineReads() {
        run(() -> {
            try (Server server = Asyncio.startServer((r, w) -> {
                w.write(b("x".repeat(100) + "\nshort\n"));
                w.close();
            }, "127.0.0.1", 0)) {
                // Limit 64: the 107 bytes stay under the pause threshold (twice the limit).
                StreamPair c = Asyncio.openConnection("127.0.0.1", server.port(), 64);
                until(() -> c.reader().buffered() >= 107);
                assertThrows(LimitOverrunError.class, () -> c.reader().readline());
                assertEquals("short\n", s(c.reader().readline()));
                c.writer().close();
            }
        });
    }

    @Test
    void refusedConnectionNamesTheAddress() throws IOException {
        int port;
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            port = ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
        ConnectException e = run(() -> assertThrows(ConnectException.class,
                () -> Asyncio.openConnection("127.0.0.1", port)));
        assertTrue(e.getMessage().contains("127.0.0.1") && e.getMessage().contains(":" + port), e.getMessage());
    }

    @Test
    void halfCloseLetsThePeerAnswerAfterEof() {
        String got = run(() -> {
            try (Server server = Asyncio.startServer((r, w) -> {
                byte[] all = r.read(); // to EOF
                w.write(b("got " + all.length));
                w.close();
            }, "127.0.0.1", 0)) {
                StreamPair c = Asyncio.openConnection("127.0.0.1", server.port());
                assertTrue(c.writer().canWriteEof());
                c.writer().write(b("12345"));
                c.writer().writeEof();
                String answer = s(c.reader().read());
                c.writer().close();
                return answer;
            }
        });
        assertEquals("got 5", got);
    }

    @Test
    void writeAfterCloseFailsAndEverythingWrittenBeforeArrives() {
        int size = 4 << 20;
        int received = run(() -> {
            Future<Integer> count = Asyncio.getRunningLoop().createFuture();
            try (Server server = Asyncio.startServer((r, w) -> {
                count.setResult(r.read().length);
                w.close();
            }, "127.0.0.1", 0)) {
                StreamPair c = Asyncio.openConnection("127.0.0.1", server.port());
                c.writer().write(new byte[size]); // far more than the socket takes at once
                c.writer().close();
                assertThrows(IllegalStateException.class, () -> c.writer().write(b("late")));
                assertTrue(c.writer().isClosing());
                c.writer().waitClosed();
                return count.await();
            }
        });
        assertEquals(size, received);
    }

    private static void resetOnClose(StreamWriter w) throws IOException {
        ((SocketChannel) w.getExtraInfo("socket")).setOption(StandardSocketOptions.SO_LINGER, 0);
    }

    @Test
    void peerResetDuringAReadRaisesTheConnectionError() {
        run(() -> {
            try (Server server = Asyncio.startServer((r, w) -> {
                r.readexactly(1);
                resetOnClose(w);
                w.transport().abort();
            }, "127.0.0.1", 0)) {
                StreamPair c = Asyncio.openConnection("127.0.0.1", server.port());
                c.writer().write(b("x"));
                IOException e = assertThrows(IOException.class, () -> c.reader().read(100));
                assertTrue(e.getMessage().toLowerCase().contains("reset"), e.getMessage());
                assertThrows(IOException.class, () -> c.reader().read(100)); // and stays failed
                assertThrows(IOException.class, () -> c.writer().drain());
            }
        });
    }

    @Test
    void peerResetDuringWritesMakesDrainRaise() {
        run(() -> {
            try (Server server = Asyncio.startServer((r, w) -> {
                r.readexactly(1);
                resetOnClose(w);
                w.transport().abort();
            }, "127.0.0.1", 0)) {
                StreamPair c = Asyncio.openConnection("127.0.0.1", server.port());
                byte[] chunk = new byte[64 * 1024];
                IOException e = assertThrows(IOException.class, () -> {
                    for (int i = 0; i < 100_000; i++) {
                        c.writer().write(chunk);
                        c.writer().drain();
                    }
                });
                assertFalse(e instanceof LimitOverrunError);
                c.writer().close();
            }
        });
    }

    @Test
    void cancellingReadexactlyOrReaduntilLeavesTheBufferedBytes() {
        run(() -> {
            Future<Void> more = Asyncio.getRunningLoop().createFuture();
            try (Server server = Asyncio.startServer((r, w) -> {
                w.write(b("12345"));
                more.await();
                w.write(b("|"));
                w.close();
            }, "127.0.0.1", 0)) {
                StreamPair c = Asyncio.openConnection("127.0.0.1", server.port());
                StreamReader reader = c.reader();
                Task<byte[]> exact = Asyncio.createTask(() -> reader.readexactly(10));
                until(() -> reader.buffered() == 5);
                exact.cancel();
                assertThrows(CancelledError.class, exact::await);
                Task<byte[]> untilBar = Asyncio.createTask(() -> reader.readuntil(b("|")));
                Asyncio.sleep(0);
                untilBar.cancel();
                assertThrows(CancelledError.class, untilBar::await);
                assertEquals(5, reader.buffered());
                more.setResult(null);
                assertEquals("12345|", s(reader.readuntil(b("|"))));
                c.writer().close();
            }
        });
    }

    @Test
    void aStalledReaderBoundsMemoryWhileThePeerSends100MB() {
        long total = 100L << 20;
        long[] maxBuffered = new long[2];
        long got = run(() -> {
            try (Server server = Asyncio.startServer((r, w) -> {
                byte[] chunk = new byte[256 * 1024];
                for (long sent = 0; sent < total; sent += chunk.length) {
                    w.write(chunk);
                    maxBuffered[1] = Math.max(maxBuffered[1], w.transport().getWriteBufferSize());
                    w.drain();
                }
                w.close();
            }, "127.0.0.1", 0)) {
                StreamPair c = Asyncio.openConnection("127.0.0.1", server.port());
                StreamReader reader = c.reader();
                // Do not read: the reader pauses its transport past twice its limit.
                until(() -> !c.writer().transport().isReading());
                long n = 0;
                while (true) {
                    maxBuffered[0] = Math.max(maxBuffered[0], reader.buffered());
                    byte[] part = reader.read(1 << 20);
                    if (part.length == 0) {
                        break;
                    }
                    n += part.length;
                }
                c.writer().close();
                return n;
            }
        });
        assertEquals(total, got);
        int limit = ServerOptions.DEFAULT_LIMIT;
        assertTrue(maxBuffered[0] <= 2 * limit + 64 * 1024, "reader buffered " + maxBuffered[0]);
        assertTrue(maxBuffered[1] <= 64 * 1024 + 256 * 1024, "writer buffered " + maxBuffered[1]);
    }

    /** Issue 16, one wake-up less per message: drain() below the high-water mark does not yield. */
    @Test
    void drainBelowTheHighWaterMarkReturnsWithoutSuspendingAndAboveItWaits() {
        run(() -> {
            Future<Void> startReading = Asyncio.getRunningLoop().createFuture();
            try (Server server = Asyncio.startServer((r, w) -> {
                startReading.await();
                while (r.read(65536).length > 0) {
                    // discard
                }
                w.close();
            }, "127.0.0.1", 0)) {
                StreamPair c = Asyncio.openConnection("127.0.0.1", server.port());
                boolean[] ran = new boolean[1];
                Asyncio.getRunningLoop().callSoon(() -> ran[0] = true);
                c.writer().write(new byte[1024]);
                c.writer().drain();
                assertFalse(ran[0], "drain() yielded to the loop below the high-water mark");
                c.writer().write(new byte[32 << 20]); // more than loopback's buffers take at once
                assertTrue(c.writer().transport().getWriteBufferSize() > 64 * 1024);
                Task<Void> d = Asyncio.createTask(() -> c.writer().drain());
                Asyncio.sleep(0);
                assertTrue(ran[0]);
                assertFalse(d.done(), "drain() above the high-water mark waits");
                startReading.setResult(null);
                d.await();
                c.writer().close();
            }
        });
    }

    @Test
    void twoTasksDrainingOneWriterBothResume() {
        run(() -> {
            Future<Void> startReading = Asyncio.getRunningLoop().createFuture();
            Future<Integer> serverRead = Asyncio.getRunningLoop().createFuture();
            try (Server server = Asyncio.startServer((r, w) -> {
                startReading.await();
                serverRead.setResult(r.read().length);
                w.close();
            }, "127.0.0.1", 0)) {
                StreamPair c = Asyncio.openConnection("127.0.0.1", server.port());
                c.writer().write(new byte[32 << 20]);
                assertTrue(c.writer().transport().getWriteBufferSize() > 64 * 1024);
                Task<Void> a = Asyncio.createTask(() -> c.writer().drain());
                Task<Void> b = Asyncio.createTask(() -> c.writer().drain());
                Asyncio.sleep(0);
                assertFalse(a.done() || b.done());
                startReading.setResult(null);
                a.await();
                b.await();
                c.writer().close();
                assertEquals(32 << 20, serverRead.await()); // the handler ends before the loop does
            }
        });
    }

    @Test
    void iteratesLinesUntilEof() {
        List<String> lines = run(() -> {
            try (Server server = Asyncio.startServer((r, w) -> {
                w.write(b("a\nb\nlast"));
                w.close();
            }, "127.0.0.1", 0)) {
                StreamPair c = Asyncio.openConnection("127.0.0.1", server.port());
                List<String> out = new ArrayList<>();
                for (byte[] line : c.reader().lines()) {
                    out.add(s(line));
                }
                c.writer().close();
                return out;
            }
        });
        assertEquals(List.of("a\n", "b\n", "last"), lines);
    }
}
