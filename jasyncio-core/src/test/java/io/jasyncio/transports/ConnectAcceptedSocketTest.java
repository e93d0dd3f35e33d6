package io.jasyncio.transports;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code loop.connectAcceptedSocket}: asyncio's {@code connect_accepted_socket}, plain and TLS. */
class ConnectAcceptedSocketTest {
    /** Echoes what arrives and records the calls it got, in order. */
    static final class Echo implements Protocol {
        final List<String> calls = new ArrayList<>();
        Transport transport;

        @Override
        public void connectionMade(Transport t) {
            transport = t;
            calls.add("connectionMade");
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            byte[] copy = new byte[data.remaining()];
            data.get(copy);
            transport.write(copy);
        }

        @Override
        public void connectionLost(Throwable exc) {
            calls.add("connectionLost");
        }
    }

    private static ServerSocketChannel listener() throws Exception {
        ServerSocketChannel l = ServerSocketChannel.open();
        l.bind(new InetSocketAddress("127.0.0.1", 0));
        return l;
    }

    private static int port(ServerSocketChannel l) throws Exception {
        return ((InetSocketAddress) l.getLocalAddress()).getPort();
    }

    @Test
    void aChannelAcceptedByHandBecomesATransportOfTheLoop() {
        RealLoop.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            try (ServerSocketChannel l = listener()) {
                l.configureBlocking(false);
                Task<StreamPair> client = Asyncio.createTask(() -> Asyncio.openConnection("127.0.0.1", port(l)));
                SocketChannel ch = loop.sockAccept(l);
                TransportAndProtocol<Echo> tp = loop.connectAcceptedSocket(Echo::new, ch);
                assertEquals(List.of("connectionMade"), tp.protocol().calls, "connectionMade ran before the call returned");
                assertSame(tp.transport(), tp.protocol().transport);
                assertFalse(ch.isBlocking());
                assertTrue(ch.getOption(StandardSocketOptions.TCP_NODELAY));
                StreamPair c = client.await();
                assertEquals(c.writer().getExtraInfo("sockname"), tp.transport().getExtraInfo("peername"));
                c.writer().write("ping\n".getBytes(UTF_8));
                assertArrayEquals("ping\n".getBytes(UTF_8), c.reader().readline());
                tp.transport().close();
                assertEquals(0, c.reader().read(10).length, "the client sees EOF once the transport closes");
                assertFalse(ch.isOpen(), "the transport owns the channel");
                c.writer().close();
            }
        });
    }

    @Test
    void aBlockingChannelAcceptedOnAnotherThreadIsServedWithTls() {
        TestPki pki = TestPki.get();
        RealLoop.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            try (ServerSocketChannel l = listener()) {
                Task<StreamPair> client = Asyncio.createTask(() -> Asyncio.openConnection("127.0.0.1", port(l),
                        TlsOptions.client(pki.clientContext())));
                SocketChannel ch = Asyncio.toThread(l::accept); // blocking accept, as a supervisor's socket
                assertTrue(ch.isBlocking());
                TransportAndProtocol<Echo> tp = loop.connectAcceptedSocket(Echo::new, ch,
                        TlsOptions.server(pki.serverContext()));
                assertEquals("TLSv1.3", tp.transport().getExtraInfo("tlsVersion"));
                StreamPair c = client.await();
                byte[] big = new byte[300_000];
                for (int i = 0; i < big.length; i++) {
                    big[i] = (byte) i;
                }
                c.writer().write(big);
                assertArrayEquals(big, c.reader().readexactly(big.length));
                c.writer().close();
                c.writer().waitClosed();
            }
        });
    }

    @Test
    void aProtocolWhoseConnectionMadeFailsRaisesAtTheCallAndTheChannelIsClosed() {
        RealLoop.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            loop.setExceptionHandler((l, context) -> { }); // the transport reports the fatal error too
            try (ServerSocketChannel l = listener()) {
                l.configureBlocking(false);
                Task<StreamPair> client = Asyncio.createTask(() -> Asyncio.openConnection("127.0.0.1", port(l)));
                SocketChannel ch = loop.sockAccept(l);
                var e = assertThrows(IllegalStateException.class, () -> loop.connectAcceptedSocket(() -> new Protocol() {
                    @Override
                    public void connectionMade(Transport t) {
                        throw new IllegalStateException("refused by the protocol");
                    }
                }, ch));
                assertEquals("refused by the protocol", e.getMessage());
                StreamPair c = client.await();
                assertEquals(0, c.reader().read(10).length);
                assertFalse(ch.isOpen());
                c.writer().close();
            }
        });
    }

    @Test
    void badArgumentsAreRefusedByName() {
        RealLoop.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            var noFactory = assertThrows(NullPointerException.class,
                    () -> loop.connectAcceptedSocket(null, SocketChannel.open()));
            assertEquals("protocolFactory must not be null", noFactory.getMessage());
            var noChannel = assertThrows(NullPointerException.class, () -> loop.connectAcceptedSocket(Echo::new, null));
            assertEquals("channel must not be null", noChannel.getMessage());
            try (SocketChannel unconnected = SocketChannel.open()) {
                var e = assertThrows(IllegalArgumentException.class, () -> loop.connectAcceptedSocket(Echo::new, unconnected));
                assertTrue(e.getMessage().startsWith("channel is not connected"), e.getMessage());
                var noSsl = assertThrows(NullPointerException.class,
                        () -> loop.connectAcceptedSocket(Echo::new, unconnected, null));
                assertEquals("ssl must not be null", noSsl.getMessage());
            }
            SocketChannel closed = SocketChannel.open();
            closed.close();
            var e = assertThrows(IllegalArgumentException.class, () -> loop.connectAcceptedSocket(Echo::new, closed));
            assertTrue(e.getMessage().startsWith("channel is closed"), e.getMessage());
            try (ServerSocketChannel l = listener()) {
                l.configureBlocking(false);
                Task<StreamPair> client = Asyncio.createTask(() -> Asyncio.openConnection("127.0.0.1", port(l)));
                SocketChannel ch = loop.sockAccept(l);
                var noKey = assertThrows(IllegalArgumentException.class,
                        () -> loop.connectAcceptedSocket(Echo::new, ch, TlsOptions.client()));
                assertNotNull(noKey.getMessage());
                assertTrue(noKey.getMessage().startsWith("a TLS server needs an SSLContext"), noKey.getMessage());
                ch.close();
                client.await().writer().close();
            }
        });
    }
}
