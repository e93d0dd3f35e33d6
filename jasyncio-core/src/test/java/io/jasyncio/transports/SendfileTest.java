package io.jasyncio.transports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.streams.StreamPair;
import io.jasyncio.testfixtures.TestPki;
import io.jasyncio.tls.TlsOptions;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code loop.sendfile}: asyncio's, zero-copy on plain sockets, the read-and-write fallback on TLS. */
class SendfileTest {
    @TempDir
    Path tmp;

    /** The server side's protocol: it only sends. */
    private static final class Quiet implements Protocol {}

    private Path file(int size) throws Exception {
        byte[] data = new byte[size];
        new Random(42).nextBytes(data);
        return Files.write(tmp.resolve("data-" + size), data);
    }

    /** A connected pair: the server side as a transport of this loop, the client as streams. */
    private record Pair(TransportAndProtocol<Quiet> server, StreamPair client) {}

    private static Pair connect(TlsOptions serverTls, TlsOptions clientTls) throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        try (ServerSocketChannel l = ServerSocketChannel.open()) {
            l.bind(new InetSocketAddress("127.0.0.1", 0));
            l.configureBlocking(false);
            int port = ((InetSocketAddress) l.getLocalAddress()).getPort();
            Task<StreamPair> client = Asyncio.createTask(() -> clientTls == null
                    ? Asyncio.openConnection("127.0.0.1", port) : Asyncio.openConnection("127.0.0.1", port, clientTls));
            SocketChannel ch = loop.sockAccept(l);
            TransportAndProtocol<Quiet> server = serverTls == null ? loop.connectAcceptedSocket(Quiet::new, ch)
                    : loop.connectAcceptedSocket(Quiet::new, ch, serverTls);
            return new Pair(server, client.await());
        }
    }

    @Test
    void aRangeOfAFileGoesToASocketAfterTheBytesAlreadyQueuedAndWritesWaitMeanwhile() {
        RealLoop.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Path path = file(3_000_000);
            byte[] all = Files.readAllBytes(path);
            Pair p = connect(null, null);
            Transport t = p.server().transport();
            byte[] before = new byte[64 << 20]; // more than the kernel's buffers take while the client is not reading
            Arrays.fill(before, (byte) 'q');
            t.write(before);
            assertTrue(t.getWriteBufferSize() > 0, "part of the first write is queued");
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                Task<Long> sending = Asyncio.createTask(() -> loop.sendfile(t, ch, 1000, 2_500_000));
                Asyncio.sleep(0); // the sendfile task starts and waits for the queue
                var refused = assertThrows(IllegalStateException.class, () -> t.write(new byte[1]));
                assertEquals("unable to write; sendfile is in progress", refused.getMessage());
                assertTrue(!t.isReading(), "reading is paused while the file goes out");
                byte[] got = p.client().reader().readexactly(before.length + 2_500_000);
                assertEquals(2_500_000L, sending.await());
                assertArrayEquals(before, Arrays.copyOf(got, before.length));
                assertArrayEquals(Arrays.copyOfRange(all, 1000, 2_501_000), Arrays.copyOfRange(got, before.length, got.length));
                assertEquals(2_501_000L, ch.position(), "the file's position is after the bytes sent, as asyncio seeks it");
                assertTrue(t.isReading(), "reading resumed");
                t.write("after".getBytes()); // writes work again
                assertArrayEquals("after".getBytes(), p.client().reader().readexactly(5));
                assertEquals(1_000_000L, loop.sendfile(t, ch, 2_000_000, 5_000_000), "the file ended first");
                p.client().reader().readexactly(1_000_000);
            }
            t.close();
            p.client().writer().close();
        });
    }

    @Test
    void overTlsTheFallbackReadsAndWritesWithFlowControlAndRestoresTheProtocol() {
        TestPki pki = TestPki.get();
        RealLoop.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Path path = file(2_000_000);
            Pair p = connect(TlsOptions.server(pki.serverContext()), TlsOptions.client(pki.clientContext()));
            Transport t = p.server().transport();
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                Task<Long> sending = Asyncio.createTask(() -> loop.sendfile(t, ch));
                byte[] got = p.client().reader().readexactly(2_000_000);
                assertEquals(2_000_000L, sending.await());
                assertArrayEquals(Files.readAllBytes(path), got);
                assertEquals(2_000_000L, ch.position());
            }
            assertSame(p.server().protocol(), t.getProtocol(), "the fallback put the protocol back");
            assertTrue(t.isReading());
            t.close();
            p.client().writer().close();
        });
    }

    @Test
    void badArgumentsAndAClosingTransportAreRefused() {
        RealLoop.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Path path = file(10);
            Pair p = connect(null, null);
            Transport t = p.server().transport();
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                assertEquals("transport must not be null",
                        assertThrows(NullPointerException.class, () -> loop.sendfile(null, ch)).getMessage());
                assertEquals("file must not be null",
                        assertThrows(NullPointerException.class, () -> loop.sendfile(t, null)).getMessage());
                assertEquals("offset must be a non-negative integer (got -1)",
                        assertThrows(IllegalArgumentException.class, () -> loop.sendfile(t, ch, -1, 5)).getMessage());
                assertEquals("count must be a positive integer (got 0)",
                        assertThrows(IllegalArgumentException.class, () -> loop.sendfile(t, ch, 0, 0)).getMessage());
                assertEquals(10L, loop.sendfile(t, ch));
                assertEquals(10, p.client().reader().readexactly(10).length);
                t.close();
                assertEquals("Transport is closing",
                        assertThrows(IllegalStateException.class, () -> loop.sendfile(t, ch)).getMessage());
            }
            assertEquals(0, p.client().reader().read(1).length);
            p.client().writer().close();
        });
    }

    @Test
    void sockSendfileSendsStraightToANonBlockingSocketAndRefusesABlockingOne() {
        RealLoop.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Path path = file(4_000_000);
            byte[] all = Files.readAllBytes(path);
            try (ServerSocketChannel l = ServerSocketChannel.open()) {
                l.bind(new InetSocketAddress("127.0.0.1", 0));
                l.configureBlocking(false);
                int port = ((InetSocketAddress) l.getLocalAddress()).getPort();
                Task<StreamPair> client = Asyncio.createTask(() -> Asyncio.openConnection("127.0.0.1", port));
                try (SocketChannel sock = loop.sockAccept(l); FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                    StreamPair c = client.await();
                    Task<byte[]> reading = Asyncio.createTask(() -> c.reader().readexactly(3_000_000));
                    assertEquals(3_000_000L, loop.sockSendfile(sock, ch, 500_000, 3_000_000));
                    assertArrayEquals(Arrays.copyOfRange(all, 500_000, 3_500_000), reading.await());
                    assertEquals(3_500_000L, ch.position());
                    try (SocketChannel blocking = SocketChannel.open()) {
                        assertEquals("the socket must be non-blocking",
                                assertThrows(IllegalArgumentException.class, () -> loop.sockSendfile(blocking, ch)).getMessage());
                    }
                    assertEquals("count must be a positive integer (got -5)",
                            assertThrows(IllegalArgumentException.class, () -> loop.sockSendfile(sock, ch, 0, -5)).getMessage());
                    c.writer().close();
                }
            }
        });
    }
}
