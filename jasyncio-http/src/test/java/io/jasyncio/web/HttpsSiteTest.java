package io.jasyncio.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.client.ClientError;
import io.jasyncio.client.ClientResponse;
import io.jasyncio.client.ClientSession;
import io.jasyncio.client.RequestOptions;
import io.jasyncio.client.SessionOptions;
import io.jasyncio.testfixtures.TestPki;
import io.jasyncio.tls.TlsContexts;
import io.jasyncio.tls.TlsOptions;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * https: {@link TcpSite} with an SSL context (aiohttp's {@code ssl_context=}), on 127.0.0.1 with a
 * certificate from a test CA made by the {@code openssl} CLI; reached by curl {@code --cacert},
 * {@code openssl s_client -verify_return_error} and our own {@link ClientSession}.
 */
class HttpsSiteTest {
    private static TestPki certs;

    @BeforeAll
    static void makeCerts() {
        certs = TestPki.get();
    }

    interface Body {
        void run(int port, AppRunner runner) throws Exception;
    }

    static Application app() {
        Application app = new Application();
        app.router()
                .addGet("/", r -> Response.ofText("Hello, world"))
                .addGet("/scheme", r -> Response.ofText(r.scheme() + " " + r.secure()))
                .addPost("/echo", r -> Response.ofBytes(r.read()));
        return app;
    }

    private static void servedTls(Body body) {
        AppRunner runner = new AppRunner(app());
        Asyncio.run(() -> {
            SSLContext ctx = TlsContexts.create(null, certs.serverCert, certs.serverKey);
            runner.setup();
            TcpSite site = new TcpSite(runner, "127.0.0.1", 0, ctx);
            site.start();
            try {
                assertEquals("https://127.0.0.1:" + site.port(), site.name());
                assertTrue(site.isTls());
                Asyncio.timeout(90, () -> body.run(site.port(), runner));
            } finally {
                runner.cleanup();
            }
        });
    }

    @Test
    void curlWithTheTestCaGetsPagesOverOneKeptAliveConnection() {
        Peers.require("curl", "curl --version", "apt-get install curl");
        servedTls((port, runner) -> {
            String base = "https://127.0.0.1:" + port;
            var r = Peers.run(List.of("curl", "-s", "-S", "--cacert", certs.caCert.toString(), "-w", " %{num_connects}",
                    base + "/", base + "/scheme"), null, 30);
            assertEquals(0, r.exit(), r.err());
            assertEquals("Hello, world 1https true 0", r.out(), "the second request reused the TLS connection");
            byte[] upload = "s".repeat(300_000).getBytes(UTF_8);
            var up = Peers.run(List.of("curl", "-s", "-S", "--cacert", certs.caCert.toString(), "--data-binary", "@-",
                    base + "/echo"), upload, 30);
            assertEquals(0, up.exit(), up.err());
            assertEquals(300_000, up.out().length());
            // without the CA curl refuses the self-made certificate (exit 60: peer certificate cannot be authenticated)
            var untrusted = Peers.run(List.of("curl", "-s", base + "/"), null, 30);
            assertEquals(60, untrusted.exit(), untrusted.err());
        });
    }

    @Test
    void opensslClientVerifiesTheChainAndGetsAResponse() {
        Peers.require("openssl", "openssl version", "apt-get install openssl");
        servedTls((port, runner) -> {
            byte[] request = "GET /scheme HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(UTF_8);
            var r = Peers.run(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-CAfile",
                    certs.caCert.toString(), "-verify_return_error", "-ign_eof", "-brief"), request, 30);
            assertEquals(0, r.exit(), r.out() + r.err());
            assertTrue(r.err().contains("Verification: OK"), r.err());
            assertTrue(r.out().startsWith("HTTP/1.1 200 OK\r\n"), r.out());
            assertTrue(r.out().endsWith("\r\n\r\nhttps true"), r.out());
        });
    }

    @Test
    void ourClientOverHttpsReusesItsConnectionAndEchoesALargeBody() {
        servedTls((port, runner) -> {
            String base = "https://127.0.0.1:" + port;
            SessionOptions opts = SessionOptions.defaults().withSsl(TlsOptions.client(TlsContexts.trusting(certs.caCert)));
            try (ClientSession s = new ClientSession(opts)) {
                for (int i = 0; i < 3; i++) {
                    try (ClientResponse resp = s.get(base + "/scheme")) {
                        assertEquals(200, resp.status());
                        assertEquals("https true", resp.text());
                    }
                }
                byte[] big = new byte[900_000]; // under clientMaxSize (1 MiB), over the TLS layer's 256 KiB write limit
                Arrays.fill(big, (byte) 'm');
                try (ClientResponse resp = s.post(base + "/echo", RequestOptions.defaults().withBody(big))) {
                    assertEquals(200, resp.status());
                    assertTrue(Arrays.equals(big, resp.read()), "the echo came back whole");
                }
                assertEquals(1, s.connectionsOpened());
            }
        });
    }

    @Test
    void aPlainHttpClientOnTheHttpsPortIsDroppedAndTheSiteKeepsServing() {
        servedTls((port, runner) -> {
            try (ClientSession plain = new ClientSession(SessionOptions.defaults())) {
                assertThrows(ClientError.class, () -> plain.get("http://127.0.0.1:" + port + "/").close());
            }
            SessionOptions opts = SessionOptions.defaults().withSsl(TlsOptions.client(TlsContexts.trusting(certs.caCert)));
            try (ClientSession s = new ClientSession(opts); ClientResponse resp = s.get("https://127.0.0.1:" + port + "/")) {
                assertEquals("Hello, world", resp.text());
            }
        });
    }

    @Test
    void plainSiteSaysHttpAndANullContextIsRefusedByName() {
        Served.serve(app(), (port, runner) -> {
            try (ClientSession s = new ClientSession(SessionOptions.defaults());
                    ClientResponse resp = s.get("http://127.0.0.1:" + port + "/scheme")) {
                assertEquals("http false", resp.text());
            }
            var e = assertThrows(IllegalArgumentException.class,
                    () -> new TcpSite(runner, "127.0.0.1", 0, (SSLContext) null));
            assertEquals("sslContext is null", e.getMessage());
            assertFalse(new TcpSite(runner, "127.0.0.1", 0).isTls());
        });
    }
}
