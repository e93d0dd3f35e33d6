package io.jasyncio.transports;

import static io.jasyncio.transports.RealLoop.run;
import static io.jasyncio.transports.RealLoop.until;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Protocols and transports over real sockets: callback order, flow control, UDP, Unix, sock ops. */
class TransportTest {
    /** Echoes what it receives; records the calls it got. */
    static final class EchoProtocol implements Protocol {
        final List<String> calls = new ArrayList<>();
        Transport transport;

        @Override
        public void connectionMade(Transport t) {
            transport = t;
            calls.add("made");
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            transport.write(data);
        }

        @Override
        public boolean eofReceived() {
            calls.add("eof");
            return false;
        }

        @Override
        public void connectionLost(Throwable exc) {
            calls.add("lost " + exc);
        }
    }

    /** Collects bytes; completes {@code done} at connectionLost. */
    static final class Collector implements Protocol {
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        final Future<String> done;
        final List<String> calls = new ArrayList<>();

        Collector(EventLoop loop) {
            done = loop.createFuture();
        }

        @Override
        public void connectionMade(Transport t) {
            calls.add("made");
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            got.writeBytes(b);
        }

        @Override
        public boolean eofReceived() {
            calls.add("eof");
            return false;
        }

        @Override
        public void pauseWriting() {
            calls.add("pause");
        }

        @Override
        public void resumeWriting() {
            calls.add("resume");
        }

        @Override
        public void connectionLost(Throwable exc) {
            calls.add("lost");
            done.setResult(got.toString(ISO_8859_1)); // one char per byte: tests compare ASCII or bytes
        }
    }

    @Test
    void protocolEchoFollowsTheCallbackContract() {
        run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            List<EchoProtocol> served = new ArrayList<>();
            try (Server server = loop.createServer(() -> {
                EchoProtocol p = new EchoProtocol();
                served.add(p);
                return p;
            }, "127.0.0.1", 0)) {
                TransportAndProtocol<Collector> c = loop.createConnection(() -> new Collector(loop), "127.0.0.1", server.port());
                Transport t = c.transport();
                assertEquals(List.of("made"), c.protocol().calls); // createConnection returns after connectionMade
                assertEquals(new InetSocketAddress("127.0.0.1", server.port()), t.getExtraInfo("peername"));
                assertTrue(t.getExtraInfo("sockname") instanceof InetSocketAddress);
                assertTrue(t.getExtraInfo("socket") instanceof SocketChannel);
                assertNull(t.getExtraInfo("nonsense"));
                t.writelines(List.of("abc".getBytes(UTF_8), "def".getBytes(UTF_8)));
                t.writeEof();
                assertThrows(IllegalStateException.class, () -> t.write("x".getBytes(UTF_8)));
                assertEquals("abcdef", c.protocol().done.await());
                assertEquals(List.of("made", "eof", "lost"), c.protocol().calls);
                until(() -> server.activeConnections() == 0);
                assertEquals(List.of("made", "eof", "lost null"), served.get(0).calls);
            }
        });
    }

    @Test
    void writelinesKeepsOrderWhenTheSocketTakesOnlyPart() {
        run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            List<Collector> served = new ArrayList<>();
            try (Server server = loop.createServer(() -> {
                Collector p = new Collector(loop);
                served.add(p);
                return p;
            }, "127.0.0.1", 0)) {
                TransportAndProtocol<Protocol> c = loop.createConnection(() -> new Protocol() {}, "127.0.0.1", server.port());
                List<byte[]> parts = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    byte[] part = new byte[64 * 1024];
                    Arrays.fill(part, (byte) i);
                    parts.add(part);
                }
                c.transport().writelines(parts);
                assertTrue(c.transport().getWriteBufferSize() > 0, "the socket took everything at once");
                Arrays.fill(parts.get(199), (byte) 0); // queued bytes were copied
                c.transport().close();
                until(() -> served.size() == 1);
                byte[] got = served.get(0).done.await().getBytes(ISO_8859_1);
                assertEquals(200 * 64 * 1024, got.length);
                for (int i = 0; i < 200; i++) {
                    assertEquals((byte) i, got[i * 64 * 1024]);
                    assertEquals((byte) i, got[i * 64 * 1024 + 64 * 1024 - 1]);
                }
            }
        });
    }

    @Test
    void bufferedProtocolReadsIntoItsOwnBuffer() {
        run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Future<String> received = loop.createFuture();
            ByteBuffer mine = ByteBuffer.allocateDirect(7); // small: several reads per message
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            BufferedProtocol sink = new BufferedProtocol() {
                @Override
                public ByteBuffer getBuffer(int sizeHint) {
                    return mine.clear();
                }

                @Override
                public void bufferUpdated(int nbytes) {
                    for (int i = 0; i < nbytes; i++) {
                        all.write(mine.get(i));
                    }
                }

                @Override
                public void connectionLost(Throwable exc) {
                    received.setResult(all.toString(UTF_8));
                }
            };
            try (Server server = loop.createServer(() -> sink, "127.0.0.1", 0)) {
                TransportAndProtocol<Protocol> c = loop.createConnection(() -> new Protocol() {}, "127.0.0.1", server.port());
                c.transport().write("a message longer than seven bytes".getBytes(UTF_8));
                c.transport().close();
                assertEquals("a message longer than seven bytes", received.await());
            }
        });
    }

    @Test
    void pauseAndResumeWritingAtTheWaterMarksAndReading() {
        run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            List<Transport> accepted = new ArrayList<>();
            try (Server server = loop.createServer(() -> new Protocol() {
                @Override
                public void connectionMade(Transport t) {
                    accepted.add(t);
                    t.pauseReading();
                }
            }, "127.0.0.1", 0)) {
                TransportAndProtocol<Collector> c = loop.createConnection(() -> new Collector(loop), "127.0.0.1", server.port());
                Transport t = c.transport();
                assertThrows(IllegalArgumentException.class, () -> t.setWriteBufferLimits(10, 20));
                t.setWriteBufferLimits(100_000, 1000);
                assertEquals(100_000, t.getWriteBufferHighWaterMark());
                assertEquals(1000, t.getWriteBufferLowWaterMark());
                until(() -> accepted.size() == 1);
                Transport peer = accepted.get(0);
                assertFalse(peer.isReading());
                t.write(new byte[32 << 20]);
                assertTrue(t.getWriteBufferSize() > 100_000);
                assertEquals(List.of("made", "pause"), c.protocol().calls);
                peer.resumeReading();
                assertTrue(peer.isReading());
                until(() -> t.getWriteBufferSize() == 0);
                assertEquals(List.of("made", "pause", "resume"), c.protocol().calls);
                t.abort();
                assertTrue(t.isClosing());
                c.protocol().done.await();
                server.abortClients();
            }
        });
    }

    @Test
    void udpEchoPair() {
        String answer = run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            DatagramEndpoint<DatagramProtocol> server = loop.createDatagramEndpoint(() -> new DatagramProtocol() {
                DatagramTransport transport;

                @Override
                public void connectionMade(DatagramTransport t) {
                    transport = t;
                }

                @Override
                public void datagramReceived(ByteBuffer data, SocketAddress addr) {
                    transport.sendto(data, addr);
                }
            }, new InetSocketAddress("127.0.0.1", 0), null);
            SocketAddress at = (SocketAddress) server.transport().getExtraInfo("sockname");
            Future<String> reply = loop.createFuture();
            Future<Void> closed = loop.createFuture();
            DatagramEndpoint<DatagramProtocol> client = loop.createDatagramEndpoint(() -> new DatagramProtocol() {
                @Override
                public void datagramReceived(ByteBuffer data, SocketAddress addr) {
                    reply.setResult(UTF_8.decode(data) + " from " + addr.equals(at));
                }

                @Override
                public void connectionLost(Throwable exc) {
                    closed.setResult(null);
                }
            }, null, (InetSocketAddress) at);
            assertThrows(IllegalArgumentException.class,
                    () -> client.transport().sendto(new byte[1], new InetSocketAddress("127.0.0.1", 9)));
            client.transport().sendto("ping".getBytes(UTF_8), null);
            String r = reply.await();
            client.transport().close();
            closed.await();
            assertThrows(IllegalStateException.class, () -> client.transport().sendto(new byte[1], null));
            server.transport().close();
            return r;
        });
        assertEquals("ping from true", answer);
    }

    @Test
    void unixSocketEchoAndStaleSocketFileReplaced() throws IOException {
        Path dir = Files.createTempDirectory("jasyncio-unix");
        Path path = dir.resolve("echo.sock");
        try {
            String got = run(() -> {
                EventLoop loop = Asyncio.getRunningLoop();
                String result = "";
                for (int round = 0; round < 2; round++) { // the second bind replaces the first's file
                    Server server = loop.createUnixServer(EchoProtocol::new, path, ServerOptions.of((String) null, 0));
                    assertEquals(-1, server.port());
                    TransportAndProtocol<Collector> c = loop.createUnixConnection(() -> new Collector(loop), path);
                    c.transport().write(("unix" + round).getBytes(UTF_8));
                    c.transport().writeEof();
                    result += c.protocol().done.await();
                    server.close();
                    server.waitClosed();
                    assertFalse(Files.exists(path));
                    Files.createFile(path); // a regular file is never removed...
                    assertThrows(IOException.class, () -> loop.createUnixServer(EchoProtocol::new, path,
                            ServerOptions.of((String) null, 0)));
                    Files.delete(path);
                }
                return result;
            });
            assertEquals("unix0unix1", got);
        } finally {
            Files.deleteIfExists(path);
            Files.delete(dir);
        }
    }

    @Test
    void lowLevelSocketOperations() {
        run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            try (ServerSocketChannel listener = ServerSocketChannel.open();
                    SocketChannel client = SocketChannel.open()) {
                listener.bind(new InetSocketAddress("127.0.0.1", 0));
                listener.configureBlocking(false);
                client.configureBlocking(false);
                var accepting = Asyncio.createTask(() -> loop.sockAccept(listener));
                loop.sockConnect(client, listener.getLocalAddress());
                try (SocketChannel server = accepting.await()) {
                    assertFalse(server.isBlocking());
                    loop.sockSendall(client, ByteBuffer.wrap(new byte[3 << 20]));
                    long total = 0;
                    ByteBuffer into = ByteBuffer.allocate(100_000);
                    while (total < 3 << 20) {
                        into.clear();
                        total += loop.sockRecvInto(server, into);
                    }
                    assertEquals(3 << 20, total);
                    var recv = Asyncio.createTask(() -> loop.sockRecv(server, 10));
                    Asyncio.sleep(0);
                    assertFalse(recv.done()); // waits for data
                    loop.sockSendall(client, ByteBuffer.wrap("hey".getBytes(UTF_8)));
                    assertEquals("hey", new String(recv.await(), UTF_8));
                    client.shutdownOutput();
                    assertEquals(0, loop.sockRecv(server, 10).length);
                    assertEquals(-1, loop.sockRecvInto(server, ByteBuffer.allocate(1)));
                }
            }
        });
    }

    // issue 8 §1.9: asyncio's sock_* refuse a blocking socket ("the socket must be non-blocking") and
    // never switch the caller's socket; ours switched it silently, then failed with NotYetConnectedException.
    @Test
    void lowLevelSocketOperationsRefuseABlockingChannelAndLeaveItAlone() {
        run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            try (ServerSocketChannel listener = ServerSocketChannel.open();
                    SocketChannel client = SocketChannel.open()) {
                listener.bind(new InetSocketAddress("127.0.0.1", 0));
                List<ThrowingCall> calls = List.of(
                        () -> loop.sockAccept(listener),
                        () -> loop.sockConnect(client, listener.getLocalAddress()),
                        () -> loop.sockRecv(client, 10),
                        () -> loop.sockRecvInto(client, ByteBuffer.allocate(10)),
                        () -> loop.sockSendall(client, ByteBuffer.allocate(10)));
                for (ThrowingCall call : calls) {
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::call);
                    assertEquals("the socket must be non-blocking", e.getMessage());
                }
                assertTrue(listener.isBlocking(), "the caller's channel is not changed");
                assertTrue(client.isBlocking(), "the caller's channel is not changed");
                NullPointerException npe = assertThrows(NullPointerException.class, () -> loop.sockRecv(null, 1));
                assertEquals("channel must not be null", npe.getMessage());
            }
        });
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void call() throws Exception;
    }

    @Test
    void aProtocolErrorClosesTheConnectionAndReachesTheHandler() {
        run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            List<Object> reported = new ArrayList<>();
            loop.setExceptionHandler((l, ctx) -> reported.add(ctx.get("exception")));
            RuntimeException boom = new RuntimeException("boom");
            try (Server server = loop.createServer(() -> new Protocol() {
                @Override
                public void dataReceived(ByteBuffer data) {
                    throw boom;
                }
            }, "127.0.0.1", 0)) {
                TransportAndProtocol<Collector> c = loop.createConnection(() -> new Collector(loop), "127.0.0.1", server.port());
                c.transport().write("x".getBytes(UTF_8));
                c.protocol().done.await(); // the server dropped the connection
                assertSame(boom, reported.get(0));
            } finally {
                loop.setExceptionHandler(null);
            }
        });
    }
}
