package io.jasyncio.tls;

import static io.jasyncio.transports.RealLoop.run;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.TimeoutError;
import io.jasyncio.streams.StreamPair;
import io.jasyncio.testfixtures.TestPki;
import io.jasyncio.transports.Server;
import io.jasyncio.transports.ServerOptions;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Random;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;

/** TLS streams, our client against our server on 127.0.0.1: data, close_notify, extra info, back-pressure. */
class TlsStreamsTest {
    private final TestPki pki = TestPki.get();

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private Server echoServer(TlsOptions tls) throws java.io.IOException {
        return Asyncio.startServer((r, w) -> {
            for (byte[] line : r.lines()) {
                w.write(line);
                w.drain();
            }
            w.close();
            w.waitClosed();
        }, ServerOptions.of("127.0.0.1", 0), tls);
    }

    @Test
    void echoesLinesAndReportsTheSession() {
        run(() -> {
            try (Server server = echoServer(TlsOptions.server(pki.serverContext()).withAlpnProtocols("h2", "http/1.1"))) {
                StreamPair c = Asyncio.openConnection("127.0.0.1", server.port(),
                        TlsOptions.client(pki.clientContext()).withAlpnProtocols("http/1.1"));
                c.writer().write(b("hello\nworld\n"));
                assertEquals("hello\n", new String(c.reader().readline(), UTF_8));
                assertEquals("world\n", new String(c.reader().readline(), UTF_8));
                X509Certificate peer = (X509Certificate) c.writer().getExtraInfo("peercert");
                assertTrue(peer.getSubjectX500Principal().getName().contains("CN=server"));
                assertEquals("TLSv1.3", c.writer().getExtraInfo("tlsVersion"));
                assertTrue(((String) c.writer().getExtraInfo("cipher")).startsWith("TLS_"));
                assertTrue(c.writer().getExtraInfo("sslSession") instanceof SSLSession);
                assertTrue(c.writer().getExtraInfo("sslEngine") instanceof javax.net.ssl.SSLEngine);
                assertEquals("http/1.1", c.writer().getExtraInfo("alpnProtocol"));
                assertTrue(c.writer().getExtraInfo("peername") instanceof java.net.InetSocketAddress);
                c.writer().close();
                c.writer().waitClosed();
                server.close();
                server.waitClosed();
            }
        });
    }

    @Test
    void writeEofIsRefusedAsAsyncioDoes() {
        run(() -> {
            try (Server server = echoServer(TlsOptions.server(pki.serverContext()))) {
                StreamPair c = Asyncio.openConnection("127.0.0.1", server.port(), TlsOptions.client(pki.clientContext()));
                assertFalse(c.writer().canWriteEof());
                UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                        () -> c.writer().writeEof());
                assertTrue(e.getMessage().contains("half-close"), e.getMessage());
                c.writer().close();
                c.writer().waitClosed();
            }
        });
    }

    @Test
    void closeNotifyBothWays() {
        run(() -> {
            // The server closes first: the client reads EOF (the peer's close_notify), not an error.
            try (Server server = Asyncio.startServer((r, w) -> {
                w.write(b("bye"));
                w.close();
                w.waitClosed();
            }, ServerOptions.of("127.0.0.1", 0), TlsOptions.server(pki.serverContext()))) {
                StreamPair c = Asyncio.openConnection("127.0.0.1", server.port(), TlsOptions.client(pki.clientContext()));
                assertArrayEquals(b("bye"), c.reader().read());
                assertTrue(c.reader().atEof());
                c.writer().waitClosed(); // our close_notify answered theirs and the socket closed
                assertTrue(c.writer().isClosing());
                server.close();
                server.waitClosed();
            }
            // The client closes first: the server's reader sees EOF, its handler ends cleanly.
            Task<?>[] handler = new Task<?>[1];
            byte[][] got = new byte[1][];
            try (Server server = Asyncio.startServer((r, w) -> {
                handler[0] = Asyncio.currentTask();
                got[0] = r.read();
            }, ServerOptions.of("127.0.0.1", 0), TlsOptions.server(pki.serverContext()))) {
                StreamPair c = Asyncio.openConnection("127.0.0.1", server.port(), TlsOptions.client(pki.clientContext()));
                c.writer().write(b("last words"));
                c.writer().close();
                c.writer().waitClosed();
                server.close();
                server.waitClosed();
                assertArrayEquals(b("last words"), got[0]);
                assertNull(handler[0].exception());
            }
        });
    }

    @Test
    void bigRoundTripIsIntactAndBothSidesApplyBackPressure() {
        run(() -> {
            int size = 40 << 20; // more than loopback's socket buffers (several MB each way) can hold
            byte[] data = new byte[size];
            new Random(7).nextBytes(data);
            long[] maxBuffered = new long[1];
            try (Server server = Asyncio.startServer((r, w) -> {
                for (;;) {
                    byte[] chunk = r.read(65536);
                    if (chunk.length == 0) {
                        break;
                    }
                    w.write(chunk);
                    maxBuffered[0] = Math.max(maxBuffered[0], w.transport().getWriteBufferSize());
                    w.drain();
                }
                w.close();
            }, ServerOptions.of("127.0.0.1", 0), TlsOptions.server(pki.serverContext()))) {
                StreamPair c = Asyncio.openConnection("127.0.0.1", server.port(), TlsOptions.client(pki.clientContext()));
                // The client writes everything but reads nothing yet: the server's drain must block
                // (its TLS transport passes 512 KiB), so the write task cannot finish.
                Task<Void> writer = Asyncio.createTask(() -> {
                    for (int off = 0; off < size; off += 100_000) {
                        c.writer().write(java.util.Arrays.copyOfRange(data, off, Math.min(size, off + 100_000)));
                        c.writer().drain();
                    }
                });
                assertThrows(TimeoutError.class, () -> Asyncio.waitFor(Asyncio.shield(writer), 1.0));
                assertFalse(writer.done(), "the writer should be held back by the server's back-pressure");
                byte[] back = c.reader().readexactly(size);
                writer.await();
                assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data),
                        MessageDigest.getInstance("SHA-256").digest(back));
                c.writer().close();
                c.writer().waitClosed();
                server.close();
                server.waitClosed();
            }
            // Bounded by the TLS layer's high-water mark plus one read's worth.
            assertTrue(maxBuffered[0] < 512 * 1024 + 70_000, "server buffered " + maxBuffered[0]);
        });
    }
}
