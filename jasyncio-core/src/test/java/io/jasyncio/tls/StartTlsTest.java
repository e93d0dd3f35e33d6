package io.jasyncio.tls;

import static io.jasyncio.transports.RealLoop.run;
import static io.jasyncio.transports.RealLoop.until;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.streams.StreamPair;
import io.jasyncio.testfixtures.TestPki;
import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.Server;
import io.jasyncio.transports.ServerOptions;
import io.jasyncio.transports.Transport;
import io.jasyncio.transports.TransportAndProtocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** STARTTLS: upgrading live connections with {@code StreamWriter.startTls} and {@code loop.startTls}. */
class StartTlsTest {
    private final TestPki pki = TestPki.get();

    @Test
    void streamUpgradeKeepsTheClientHelloAlreadyBuffered() {
        run(() -> {
            int[] bufferedAtUpgrade = new int[1];
            String[] serverSaw = new String[2];
            try (Server server = Asyncio.startServer((r, w) -> {
                serverSaw[0] = new String(r.readline(), UTF_8);
                // Wait until the ClientHello sits in the reader's buffer (CPython gh-142352 lost it there).
                Asyncio.waitFor(() -> until(() -> r.buffered() > 0), 10.0);
                bufferedAtUpgrade[0] = r.buffered();
                w.startTls(TlsOptions.server(pki.serverContext()).withHandshakeTimeout(5)); // fails fast if the ClientHello were lost
                serverSaw[1] = new String(r.readline(), UTF_8);
                w.write("secret received\n".getBytes(UTF_8));
                w.drain();
                w.close();
            }, "127.0.0.1", 0)) {
                StreamPair c = Asyncio.openConnection("127.0.0.1", server.port());
                assertTrue(c.writer().canWriteEof());
                c.writer().write("STARTTLS\n".getBytes(UTF_8));
                c.writer().startTls(TlsOptions.client(pki.clientContext()));
                assertEquals("TLSv1.3", c.writer().getExtraInfo("tlsVersion"));
                assertFalse(c.writer().canWriteEof(), "the writer uses the TLS transport now");
                c.writer().write("secret\n".getBytes(UTF_8));
                assertEquals("secret received\n", new String(c.reader().readline(), UTF_8));
                assertArrayEquals(new byte[0], c.reader().read()); // close_notify: a clean EOF
                c.writer().close();
                c.writer().waitClosed();
                server.close();
                server.waitClosed();
            }
            assertEquals("STARTTLS\n", serverSaw[0]);
            assertEquals("secret\n", serverSaw[1]);
            assertTrue(bufferedAtUpgrade[0] > 5, "the ClientHello was buffered: " + bufferedAtUpgrade[0]);
        });
    }

    @Test
    void upgradedReaderPausesTheTlsTransport() {
        run(() -> {
            int size = 4 << 20;
            byte[][] got = new byte[1][];
            try (Server server = Asyncio.startServer((r, w) -> {
                r.readline();
                w.startTls(TlsOptions.server(pki.serverContext()));
                got[0] = r.readexactly(size); // the reader pauses and resumes its (TLS) transport meanwhile
                w.write("done\n".getBytes(UTF_8));
                w.close();
            }, "127.0.0.1", 0)) {
                StreamPair c = Asyncio.openConnection("127.0.0.1", server.port());
                c.writer().write("STARTTLS\n".getBytes(UTF_8));
                c.writer().startTls(TlsOptions.client(pki.clientContext()));
                byte[] data = new byte[size];
                new java.util.Random(3).nextBytes(data);
                c.writer().write(data);
                c.writer().drain();
                assertEquals("done\n", new String(c.reader().readline(), UTF_8));
                assertArrayEquals(data, got[0]);
                c.writer().close();
                server.close();
                server.waitClosed();
            }
        });
    }

    /** Records what a protocol is told. */
    private static final class Recorder implements Protocol {
        int made;
        Transport transport;
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        final Future<Throwable> lost;

        Recorder(EventLoop loop) {
            lost = loop.createFuture();
        }

        @Override
        public void connectionMade(Transport transport) {
            this.transport = transport;
            made++;
        }

        @Override
        public void dataReceived(ByteBuffer b) {
            byte[] a = new byte[b.remaining()];
            b.get(a);
            data.writeBytes(a);
        }

        @Override
        public void connectionLost(Throwable exc) {
            lost.setResult(exc);
        }
    }

    @Test
    void loopStartTlsUpgradesAProtocolWithoutASecondConnectionMade() {
        run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Recorder[] serverSide = new Recorder[1];
            try (Server server = loop.createServer(() -> serverSide[0] = new Recorder(loop),
                    ServerOptions.of("127.0.0.1", 0))) {
                TransportAndProtocol<Recorder> tp = loop.createConnection(() -> new Recorder(loop), "127.0.0.1",
                        server.port());
                until(() -> serverSide[0] != null && serverSide[0].made == 1);
                // The server side upgrades in a task of its own: both handshakes run at once.
                Future<Transport> upgraded = loop.createFuture();
                Recorder sp = serverSide[0];
                Asyncio.createTask(() -> {
                    upgraded.setResult(loop.startTls(sp.transport, sp,
                            TlsOptions.server(pki.serverContext()), true));
                });
                Transport tls = loop.startTls(tp.transport(), tp.protocol(), TlsOptions.client(pki.clientContext()), false);
                Transport serverTls = upgraded.await();
                tls.write("over tls".getBytes(UTF_8));
                until(() -> sp.data.size() == 8);
                assertEquals("over tls", sp.data.toString(UTF_8));
                assertEquals(1, tp.protocol().made);
                assertEquals(1, sp.made);
                assertThrows(IllegalArgumentException.class,
                        () -> loop.startTls(tls, tp.protocol(), TlsOptions.client(pki.clientContext()), false));
                tls.close();
                assertNull(tp.protocol().lost.await());
                assertNull(sp.lost.await());
                assertTrue(serverTls.isClosing());
                assertThrows(IllegalArgumentException.class,
                        () -> loop.startTls(tp.transport(), tp.protocol(), TlsOptions.client(pki.clientContext()), false));
            }
        });
    }
}
