package io.jasyncio.transports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.SendfileNotAvailableError;
import io.jasyncio.Task;
import io.jasyncio.streams.StreamPair;
import io.jasyncio.testfixtures.TestPki;
import io.jasyncio.tls.TlsOptions;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
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

    /** Another file system (a zip's) holding {@code data} as "entry": its channels' transferTo is not known to be the kernel's. */
    private FileSystem zipWith(byte[] data) throws Exception {
        Path zip = tmp.resolve("entry.zip");
        try (FileSystem fs = FileSystems.newFileSystem(zip, Map.of("create", "true"))) {
            Files.write(fs.getPath("entry"), data);
        }
        return FileSystems.newFileSystem(zip);
    }

    private static FileChannel entry(FileSystem zip) throws Exception {
        return FileChannel.open(zip.getPath("entry"), StandardOpenOption.READ);
    }

    @Test
    void withoutFallbackATlsTransportIsRefusedBeforeAnythingIsSent() {
        TestPki pki = TestPki.get();
        RealLoop.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Path path = file(100_000);
            Pair p = connect(TlsOptions.server(pki.serverContext()), TlsOptions.client(pki.clientContext()));
            Transport t = p.server().transport();
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                var refused = assertThrows(SendfileNotAvailableError.class, () -> loop.sendfile(t, ch, 0, 100_000, false));
                assertTrue(refused.getMessage().startsWith(
                        "fallback is disabled and native sendfile is not supported for transport"), refused.getMessage());
                assertTrue(refused instanceof IllegalStateException, "a RuntimeError subclass, as asyncio's");
                assertEquals(0L, ch.position(), "the file was not touched");
                assertSame(p.server().protocol(), t.getProtocol());
                assertTrue(t.isReading(), "reading was never paused");
                t.write("after".getBytes()); // the next bytes on the wire are these: nothing of the file went
                assertArrayEquals("after".getBytes(), p.client().reader().readexactly(5));
            }
            t.close();
            p.client().writer().close();
        });
    }

    @Test
    void withoutFallbackAPlainSocketAndARegularFileStillGoZeroCopy() {
        RealLoop.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Path path = file(1_500_000);
            byte[] all = Files.readAllBytes(path);
            Pair p = connect(null, null);
            Transport t = p.server().transport();
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                Task<byte[]> reading = Asyncio.createTask(() -> p.client().reader().readexactly(1_400_000));
                assertEquals(1_400_000L, loop.sendfile(t, ch, 100_000, 1_400_000, false));
                assertArrayEquals(Arrays.copyOfRange(all, 100_000, all.length), reading.await());
                assertEquals(1_500_000L, ch.position());
            }
            t.close();
            p.client().writer().close();
        });
    }

    @Test
    void aFileChannelOfAnotherFileSystemFallsBackOrWithoutFallbackIsRefused() {
        RealLoop.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            byte[] data = new byte[700_000]; // more than one 256 KiB piece of the fallback
            new Random(7).nextBytes(data);
            Pair p = connect(null, null);
            Transport t = p.server().transport();
            try (FileSystem zip = zipWith(data); FileChannel ch = entry(zip)) {
                var refused = assertThrows(SendfileNotAvailableError.class, () -> loop.sendfile(t, ch, 0, 700_000, false));
                assertTrue(refused.getMessage().startsWith("not a regular file: "), refused.getMessage());
                assertEquals(0L, ch.position());
                Task<byte[]> reading = Asyncio.createTask(() -> p.client().reader().readexactly(600_000));
                assertEquals(600_000L, loop.sendfile(t, ch, 100_000, 1_000_000), "the fallback, to the end of the file");
                assertArrayEquals(Arrays.copyOfRange(data, 100_000, data.length), reading.await());
                assertEquals(700_000L, ch.position());
                assertSame(p.server().protocol(), t.getProtocol(), "the fallback put the protocol back");
                assertTrue(t.isReading());
            }
            t.close();
            p.client().writer().close();
        });
    }

    @Test
    void sockSendfileOfAnotherFileSystemsChannelFallsBackOrWithoutFallbackIsRefused() {
        RealLoop.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            byte[] data = new byte[600_000];
            new Random(9).nextBytes(data);
            Path path = file(300_000);
            try (ServerSocketChannel l = ServerSocketChannel.open()) {
                l.bind(new InetSocketAddress("127.0.0.1", 0));
                l.configureBlocking(false);
                int port = ((InetSocketAddress) l.getLocalAddress()).getPort();
                Task<StreamPair> client = Asyncio.createTask(() -> Asyncio.openConnection("127.0.0.1", port));
                try (SocketChannel sock = loop.sockAccept(l); FileSystem zip = zipWith(data); FileChannel zipped = entry(zip);
                        FileChannel regular = FileChannel.open(path, StandardOpenOption.READ)) {
                    StreamPair c = client.await();
                    var refused = assertThrows(SendfileNotAvailableError.class,
                            () -> loop.sockSendfile(sock, zipped, 0, 600_000, false));
                    assertTrue(refused.getMessage().startsWith("not a regular file: "), refused.getMessage());
                    assertEquals(0L, zipped.position());
                    Task<byte[]> reading = Asyncio.createTask(() -> c.reader().readexactly(600_000 + 300_000));
                    assertEquals(600_000L, loop.sockSendfile(sock, zipped, 0, 600_000), "the fallback");
                    assertEquals(600_000L, zipped.position());
                    assertEquals(300_000L, loop.sockSendfile(sock, regular, 0, 300_000, false), "zero copy");
                    byte[] got = reading.await();
                    assertArrayEquals(data, Arrays.copyOf(got, 600_000));
                    assertArrayEquals(Files.readAllBytes(path), Arrays.copyOfRange(got, 600_000, got.length));
                    c.writer().close();
                }
            }
        });
    }

    @Test
    void aFileThatReportsNoSizeIsReadOffTheLoopNotTransferredOnIt() {
        // /proc files (like FIFOs) report size 0: the JDK's transferTo reads them with a read loop,
        // which on a FIFO would block the loop thread; asyncio's os.sendfile fails on them (EINVAL)
        Path proc = Path.of("/proc/self/status");
        assumeTrue(Files.isReadable(proc), "needs Linux's /proc");
        RealLoop.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Pair p = connect(null, null);
            Transport t = p.server().transport();
            try (FileChannel ch = FileChannel.open(proc, StandardOpenOption.READ)) {
                assertEquals(0L, ch.size());
                assertThrows(SendfileNotAvailableError.class, () -> loop.sendfile(t, ch, 0, 65_536, false));
                long sent = loop.sendfile(t, ch, 0, 65_536);
                assertTrue(sent > 0, "the fallback read it");
                byte[] got = p.client().reader().readexactly((int) sent);
                assertTrue(new String(got).startsWith("Name:"), new String(got));
                assertEquals(sent, ch.position());
            }
            t.close();
            p.client().writer().close();
        });
    }
}
