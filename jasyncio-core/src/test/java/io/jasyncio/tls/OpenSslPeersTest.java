package io.jasyncio.tls;

import static io.jasyncio.transports.RealLoop.run;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.streams.StreamPair;
import io.jasyncio.testfixtures.TestPki;
import io.jasyncio.transports.Server;
import io.jasyncio.transports.ServerOptions;

import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Debian's {@code openssl s_server} and {@code s_client} against our client and server, ALPN included. */
class OpenSslPeersTest {
    private static TestPki pki;

    @BeforeAll
    static void pki() {
        pki = TestPki.get();
    }

    @Test
    void ourClientTalksToOpensslServer() {
        run(() -> {
            int port = Peer.freePort();
            try (Peer server = new Peer(List.of("openssl", "s_server", "-accept", "127.0.0.1:" + port,
                    "-cert", pki.serverCert.toString(), "-key", pki.serverKey.toString(),
                    "-alpn", "h2,http/1.1", "-rev", "-naccept", "1"))) {
                Asyncio.toThread(() -> {
                    server.awaitOutput("ACCEPT");
                    return null;
                });
                StreamPair c = Asyncio.openConnection("127.0.0.1", port,
                        TlsOptions.client(pki.clientContext()).withAlpnProtocols("h2", "http/1.1"));
                assertEquals("h2", c.writer().getExtraInfo("alpnProtocol"));
                assertEquals("TLSv1.3", c.writer().getExtraInfo("tlsVersion"));
                c.writer().write("hello openssl\n".getBytes(UTF_8));
                assertEquals("lssnepo olleh\n", new String(c.reader().readline(), UTF_8));
                c.writer().close();
                c.writer().waitClosed();
                assertEquals(0, Asyncio.toThread(server::awaitExit), server.output());
            }
        });
    }

    @Test
    void opensslClientTalksToOurServerWithAlpnAndAClientCertificate() {
        run(() -> {
            String[] seen = new String[2];
            TlsOptions tls = TlsOptions.server(pki.serverContext()).withAlpnProtocols("h2")
                    .withClientAuth(TlsOptions.ClientAuth.NEED);
            try (Server server = Asyncio.startServer((r, w) -> {
                seen[0] = (String) w.getExtraInfo("alpnProtocol");
                seen[1] = ((X509Certificate) w.getExtraInfo("peercert")).getSubjectX500Principal().getName();
                byte[] line = r.readline();
                w.write(("echo: " + new String(line, UTF_8)).getBytes(UTF_8));
                w.close(); // close_notify: s_client exits on it
                w.waitClosed();
            }, ServerOptions.of("127.0.0.1", 0), tls)) {
                int port = server.port();
                String out = Asyncio.toThread(() -> {
                    try (Peer client = new Peer(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                            "-servername", "localhost", "-CAfile", pki.caCert.toString(), "-verify_return_error",
                            "-cert", pki.clientCert.toString(), "-key", pki.clientKey.toString(),
                            "-alpn", "h2", "-ign_eof"))) {
                        client.send("hello jasyncio\n".getBytes(UTF_8), true);
                        assertEquals(0, client.awaitExit(), client.output());
                        return client.output();
                    }
                });
                assertTrue(out.contains("echo: hello jasyncio"), out);
                assertTrue(out.contains("ALPN protocol: h2"), out);
                assertTrue(out.contains("Verify return code: 0 (ok)"), out);
                assertArrayEquals(new String[] {"h2", "CN=client"}, seen);
                server.close();
                server.waitClosed();
            }
        });
    }
}
