package io.jasyncio.tls;

import static io.jasyncio.transports.RealLoop.run;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.TimeoutError;
import io.jasyncio.streams.StreamPair;
import io.jasyncio.testfixtures.TestPki;
import io.jasyncio.transports.Server;
import io.jasyncio.transports.ServerOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * Bad input and failures: each ends with a clear SSLException-family error naming the cause,
 * within its timeout, with the server left with no connection.
 */
class TlsFaultsTest {
    private final TestPki pki = TestPki.get();

    private Server tlsServer(Path cert, TlsOptions.ClientAuth auth) throws IOException {
        TlsOptions tls = TlsOptions.server(pki.context(pki.caCert, cert, pki.keyOf(cert))).withClientAuth(auth);
        return Asyncio.startServer((r, w) -> {
            w.write(r.readline());
            w.drain();
            w.close();
        }, ServerOptions.of("127.0.0.1", 0), tls);
    }

    /** Connects with {@code tls}, expects the handshake to fail, returns the error's message chain. */
    private static String handshakeFails(int port, TlsOptions tls) {
        SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
                () -> Asyncio.openConnection("127.0.0.1", port, tls));
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t.getMessage()).append(" | ");
        }
        return sb.toString();
    }

    private static void closeAndDrain(Server server) {
        server.close();
        server.waitClosed(); // every accepted connection is gone: nothing leaked
        assertEquals(0, server.activeConnections());
    }

    @Test
    void wrongCaIsRefused() {
        run(() -> {
            try (Server server = tlsServer(pki.serverCert, TlsOptions.ClientAuth.NONE)) {
                String msg = handshakeFails(server.port(), TlsOptions.client(pki.context(pki.otherCaCert, null, null)));
                assertTrue(msg.contains("TLS handshake with") && msg.contains("PKIX path building failed"), msg);
                closeAndDrain(server);
            }
        });
    }

    @Test
    void hostnameMismatchIsRefused() {
        run(() -> {
            try (Server server = tlsServer(pki.wrongNameCert, TlsOptions.ClientAuth.NONE)) {
                String ip = handshakeFails(server.port(), TlsOptions.client(pki.clientContext()));
                assertTrue(ip.contains("No subject alternative names matching IP address 127.0.0.1"), ip);
                String dns = handshakeFails(server.port(),
                        TlsOptions.client(pki.clientContext()).withServerHostname("localhost"));
                assertTrue(dns.contains("No subject alternative DNS name matching localhost"), dns);
                // Python's check_hostname=False: the chain is still verified, the name is not.
                StreamPair c = Asyncio.openConnection("127.0.0.1", server.port(),
                        TlsOptions.client(pki.clientContext()).withCheckHostname(false));
                c.writer().write("ok\n".getBytes(UTF_8));
                assertArrayEquals("ok\n".getBytes(UTF_8), c.reader().readline());
                c.writer().close();
                c.writer().waitClosed();
                closeAndDrain(server);
            }
        });
    }

    @Test
    void expiredCertificateIsRefused() {
        run(() -> {
            try (Server server = tlsServer(pki.expiredCert, TlsOptions.ClientAuth.NONE)) {
                String msg = handshakeFails(server.port(), TlsOptions.client(pki.clientContext()));
                assertTrue(msg.contains("validity check failed") || msg.contains("expired"), msg);
                closeAndDrain(server);
            }
        });
    }

    @Test
    void missingClientCertificateIsRefused() {
        run(() -> {
            try (Server server = tlsServer(pki.serverCert, TlsOptions.ClientAuth.NEED)) {
                // TLS 1.3: the client may finish its side before the server's alert arrives, so the
                // refusal comes either from the handshake or from the first read.
                SSLException e = assertThrows(SSLException.class, () -> {
                    StreamPair c = Asyncio.openConnection("127.0.0.1", server.port(),
                            TlsOptions.client(pki.clientContext()));
                    c.writer().write("hello\n".getBytes(UTF_8));
                    c.reader().readline();
                });
                String msg = String.valueOf(e.getMessage()) + " " + e.getCause();
                assertTrue(msg.contains("certificate"), msg);
                closeAndDrain(server);
            }
        });
    }

    @Test
    void plaintextSentToATlsPortIsRefusedByTheServer() {
        run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            List<Object> reported = new ArrayList<>();
            loop.setExceptionHandler((l, ctx) -> reported.add(ctx.get("exception")));
            loop.setDebug(true); // a peer's handshake failure is reported in debug mode only, as in asyncio
            try (Server server = tlsServer(pki.serverCert, TlsOptions.ClientAuth.NONE)) {
                StreamPair c = Asyncio.openConnection("127.0.0.1", server.port());
                c.writer().write("GET / HTTP/1.0\r\n\r\n".getBytes(UTF_8));
                c.reader().read(); // the server's alert (or nothing), then EOF: no hang
                c.reader().read();
                assertTrue(c.reader().atEof());
                c.writer().close();
                closeAndDrain(server);
                assertTrue(reported.stream().anyMatch(x -> x instanceof SSLException
                        && ((SSLException) x).getMessage().contains("Unrecognized SSL message, plaintext connection?")),
                        reported.toString());
            } finally {
                loop.setDebug(false);
            }
        });
    }

    @Test
    void unencryptedAlertBeforeServerHelloEndsTheConnection() {
        run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            List<Object> reported = new ArrayList<>();
            loop.setExceptionHandler((l, ctx) -> reported.add(ctx.get("exception")));
            loop.setDebug(true);
            try (Server server = tlsServer(pki.serverCert, TlsOptions.ClientAuth.NONE)) {
                StreamPair c = Asyncio.openConnection("127.0.0.1", server.port());
                // A plaintext alert record: fatal (2), handshake_failure (40), as a client that gives up sends.
                c.writer().write(new byte[] {0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x28});
                c.reader().read();
                c.reader().read();
                assertTrue(c.reader().atEof());
                c.writer().close();
                closeAndDrain(server);
                assertTrue(reported.stream().anyMatch(x -> x instanceof SSLException
                        && ((SSLException) x).getMessage().contains("handshake_failure")), reported.toString());
            } finally {
                loop.setDebug(false);
            }
        });
    }

    @Test
    void tlsSentToAPlaintextPortFailsTheHandshake() {
        run(() -> {
            try (Server plain = Asyncio.startServer((r, w) -> {
                w.write("HTTP/1.0 400 Bad Request\r\n\r\n".getBytes(UTF_8));
                w.close();
            }, "127.0.0.1", 0)) {
                String msg = handshakeFails(plain.port(), TlsOptions.client(pki.clientContext()));
                assertTrue(msg.contains("Unrecognized SSL message, plaintext connection?"), msg);
                closeAndDrain(plain);
            }
        });
    }

    @Test
    void aPeerThatStopsMidHandshakeTimesOut() {
        run(() -> {
            try (Server silent = Asyncio.startServer((r, w) -> r.read(), "127.0.0.1", 0)) {
                double start = Asyncio.getRunningLoop().time();
                String msg = handshakeFails(silent.port(), TlsOptions.client(pki.clientContext()).withHandshakeTimeout(0.3));
                assertTrue(msg.contains("TLS handshake is taking longer than 0.3 seconds"), msg);
                assertTrue(Asyncio.getRunningLoop().time() - start < 10, "bounded by the timeout");
                silent.closeClients();
                closeAndDrain(silent);
            }
        });
    }

    @Test
    void aPeerClosingMidHandshakeIsNamed() {
        run(() -> {
            try (Server closer = Asyncio.startServer((r, w) -> {
                r.read(5); // the ClientHello's record header arrived
                w.close();
            }, "127.0.0.1", 0)) {
                String msg = handshakeFails(closer.port(), TlsOptions.client(pki.clientContext()));
                assertTrue(msg.contains("closed the connection during the TLS handshake"), msg);
                closeAndDrain(closer);
            }
        });
    }

    @Test
    void closeNotifyDuringTheHandshakeFailsIt() {
        run(() -> {
            try (Server closer = Asyncio.startServer((r, w) -> {
                r.read(5);
                w.write(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x01, 0x00}); // warning alert close_notify
                r.read(); // until the client gives up
                w.close();
            }, "127.0.0.1", 0)) {
                String msg = handshakeFails(closer.port(), TlsOptions.client(pki.clientContext()));
                assertTrue(msg.contains("close_notify"), msg);
                closeAndDrain(closer);
            }
        });
    }

    @Test
    void aStreamCutWithoutCloseNotifyIsATruncation() {
        run(() -> {
            try (Server server = Asyncio.startServer((r, w) -> {
                w.write("partial".getBytes(UTF_8));
                w.drain();
                Asyncio.sleep(0.05);
                w.transport().abort(); // TCP FIN without close_notify
            }, ServerOptions.of("127.0.0.1", 0), TlsOptions.server(pki.serverContext()))) {
                StreamPair c = Asyncio.openConnection("127.0.0.1", server.port(), TlsOptions.client(pki.clientContext()));
                assertArrayEquals("partial".getBytes(UTF_8), c.reader().readexactly(7));
                SSLException e = assertThrows(SSLException.class, () -> c.reader().read());
                assertTrue(e.getMessage().contains("without a TLS close_notify (truncated stream)"), e.getMessage());
                closeAndDrain(server);
            }
        });
    }

    @Test
    void aPeerThatNeverAnswersCloseNotifyHitsTheShutdownTimeout() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        try (SSLServerSocket listener = (SSLServerSocket) pki.serverContext().getServerSocketFactory()
                .createServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread peer = Thread.ofPlatform().daemon().start(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.startHandshake();
                    done.await(30, TimeUnit.SECONDS); // never reads: our close_notify gets no answer
                } catch (IOException | InterruptedException ignored) {
                    // the test ended
                }
            });
            run(() -> {
                StreamPair c = Asyncio.openConnection("127.0.0.1", listener.getLocalPort(),
                        TlsOptions.client(pki.clientContext()).withShutdownTimeout(0.3));
                c.writer().close();
                TimeoutError e = assertThrows(TimeoutError.class, () -> c.writer().waitClosed());
                assertTrue(e.getMessage().contains("TLS shutdown timed out after 0.3 seconds"), e.getMessage());
            });
            done.countDown();
            peer.join(10_000);
        }
    }

    @Test
    void badArgumentsAreNamedAtTheCall() {
        run(() -> {
            IllegalArgumentException noKey = assertThrows(IllegalArgumentException.class,
                    () -> Asyncio.startServer((r, w) -> { }, ServerOptions.of("127.0.0.1", 0), TlsOptions.client()));
            assertTrue(noKey.getMessage().contains("TLS server needs an SSLContext"), noKey.getMessage());
            IllegalArgumentException noName = assertThrows(IllegalArgumentException.class,
                    () -> Asyncio.openUnixConnection(Path.of("/nonexistent.sock"), TlsOptions.client()));
            assertTrue(noName.getMessage().contains("withServerHostname"), noName.getMessage());
            assertThrows(IllegalArgumentException.class, () -> TlsOptions.client().withHandshakeTimeout(0));
            assertThrows(IllegalArgumentException.class, () -> TlsOptions.client().withShutdownTimeout(-1));
            assertThrows(IllegalArgumentException.class, () -> TlsOptions.client().withAlpnProtocols(""));
            assertThrows(NullPointerException.class,
                    () -> Asyncio.openConnection("127.0.0.1", 1, (TlsOptions) null));
        });
    }
}
