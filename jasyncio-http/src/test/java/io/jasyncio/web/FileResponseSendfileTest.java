package io.jasyncio.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.Asyncio;
import io.jasyncio.client.ClientResponse;
import io.jasyncio.client.ClientSession;
import io.jasyncio.client.RequestOptions;
import io.jasyncio.client.SessionOptions;
import io.jasyncio.testfixtures.TestPki;
import io.jasyncio.tls.TlsContexts;
import io.jasyncio.tls.TlsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FileResponse's body through core's {@code loop.sendfile}: zero copy on plain TCP, the
 * read-and-write fallback on TLS, the old piecewise path when compressed; whole files and ranges,
 * several on one kept-alive connection (reading resumes after each).
 */
class FileResponseSendfileTest {
    @TempDir
    Path tmp;

    private byte[] data;

    private Application app() throws Exception {
        data = new byte[6_000_000];
        new Random(7).nextBytes(data);
        Path file = Files.write(tmp.resolve("big.bin"), data);
        Application app = new Application();
        app.router()
                .addGet("/big", r -> new FileResponse(file))
                .addGet("/big.gz", r -> {
                    FileResponse resp = new FileResponse(file);
                    resp.enableCompression();
                    return resp;
                });
        return app;
    }

    private void fetchAll(String base, SessionOptions opts) {
        Asyncio.run(() -> {
            try (ClientSession s = new ClientSession(opts)) {
                for (int i = 0; i < 2; i++) {
                    try (ClientResponse r = s.get(base + "/big")) {
                        assertEquals(200, r.status());
                        assertArrayEquals(data, r.read());
                    }
                }
                try (ClientResponse r = s.get(base + "/big", RequestOptions.defaults().withHeader("Range", "bytes=1000-5000999"))) {
                    assertEquals(206, r.status());
                    assertArrayEquals(Arrays.copyOfRange(data, 1000, 5_001_000), r.read());
                }
                try (ClientResponse r = s.get(base + "/big.gz", RequestOptions.defaults().withHeader("Accept-Encoding", "gzip"))) {
                    assertEquals("gzip", r.headers().get("Content-Encoding"));
                    assertArrayEquals(data, r.read());
                }
                assertEquals(1, s.connectionsOpened(), "every response on one kept-alive connection");
            }
        });
    }

    @Test
    void plainTcpSendsTheFileStraightFromTheFileToTheSocket() throws Exception {
        Served.serve(app(), (port, runner) -> Asyncio.toThread(() -> {
            fetchAll("http://127.0.0.1:" + port, SessionOptions.defaults());
            return null;
        }));
    }

    @Test
    void httpsSendsTheFileThroughTheFallback() throws Exception {
        TestPki certs = TestPki.get();
        Application app = app();
        AppRunner runner = new AppRunner(app);
        Asyncio.run(() -> {
            runner.setup();
            TcpSite site = new TcpSite(runner, "127.0.0.1", 0, TlsContexts.create(null, certs.serverCert, certs.serverKey));
            site.start();
            try {
                Asyncio.toThread(() -> {
                    fetchAll("https://127.0.0.1:" + site.port(),
                            SessionOptions.defaults().withSsl(TlsOptions.client(TlsContexts.trusting(certs.caCert))));
                    return null;
                });
            } finally {
                runner.cleanup();
            }
        });
    }
}
