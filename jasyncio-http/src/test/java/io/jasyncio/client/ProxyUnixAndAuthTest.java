package io.jasyncio.client;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.streams.ClientConnected;
import io.jasyncio.streams.StreamPair;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.testfixtures.TestPki;
import io.jasyncio.tls.TlsContexts;
import io.jasyncio.tls.TlsOptions;
import io.jasyncio.transports.Server;
import io.jasyncio.transports.ServerOptions;
import io.jasyncio.web.AppRunner;
import io.jasyncio.web.Application;
import io.jasyncio.web.Response;
import io.jasyncio.web.TcpSite;
import io.jasyncio.web.UnixSite;
import io.jasyncio.web.WSMessage;
import io.jasyncio.web.WebSocketResponse;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proxies (plain http in absolute form, https through a CONNECT tunnel, proxy credentials and a
 * refusing proxy) through a small proxy written here on jasyncio's streams; the Unix-socket
 * connector against our server's UnixSite; session-wide Basic auth.
 */
class ProxyUnixAndAuthTest {
    private static TestPki certs;

    @TempDir
    Path tmp;

    @BeforeAll
    static void makeCerts() {
        certs = TestPki.get();
    }

    private static Application app() {
        Application app = new Application();
        app.router().addGet("/where", r -> Response.ofText("here " + r.path() + " host " + r.headers().get("Host")
                + " proxy-auth " + r.headers().get("Proxy-Authorization")));
        app.router().addGet("/auth", r -> Response.ofText(String.valueOf(r.headers().get("Authorization"))));
        return app;
    }

    /** Copies until EOF, then half-closes (or closes) the other side. */
    private static void pipe(StreamReader from, StreamWriter to) throws IOException {
        try {
            while (true) {
                byte[] b = from.read(65536);
                if (b.length == 0) {
                    break;
                }
                to.write(b);
                to.drain();
            }
        } finally {
            to.close();
        }
    }

    /**
     * A forward proxy: CONNECT opens a tunnel; an absolute-form request is sent on to its host in
     * origin form. With {@code credentials} it answers 407 to requests without them. {@code seen}
     * gets each request line and its Proxy-Authorization.
     */
    private static ClientConnected proxy(List<String> seen, String credentials) {
        return (reader, writer) -> {
            String head = new String(reader.readuntil("\r\n\r\n".getBytes(ISO_8859_1)), ISO_8859_1);
            String first = head.substring(0, head.indexOf("\r\n"));
            String auth = head.lines().filter(l -> l.startsWith("Proxy-Authorization: ")).map(l -> l.substring(21))
                    .findFirst().orElse(null);
            seen.add(first + " | " + auth);
            if (credentials != null && !credentials.equals(auth)) {
                writer.write("HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(ISO_8859_1));
                writer.drain();
                writer.close();
                return;
            }
            String[] parts = first.split(" ");
            StreamPair target;
            if (parts[0].equals("CONNECT")) {
                String[] hp = parts[1].split(":");
                target = Asyncio.openConnection(hp[0], Integer.parseInt(hp[1]));
                writer.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(ISO_8859_1));
                writer.drain();
            } else {
                URI u = URI.create(parts[1]);
                target = Asyncio.openConnection(u.getHost(), u.getPort());
                String rest = head.substring(head.indexOf("\r\n"));
                target.writer().write((parts[0] + " " + u.getRawPath() + " " + parts[2] + rest).getBytes(ISO_8859_1));
            }
            Task<Void> up = Asyncio.createTask(() -> pipe(reader, target.writer()));
            pipe(target.reader(), writer);
            up.cancel();
        };
    }

    @Test
    void plainHttpThroughAProxyInAbsoluteFormWithProxyCredentials() {
        Asyncio.run(() -> {
            List<String> seen = new ArrayList<>();
            BasicAuth creds = new BasicAuth("pu", "pp");
            Server proxy = Asyncio.startServer(proxy(seen, creds.encode()), "127.0.0.1", 0);
            AppRunner runner = new AppRunner(app());
            runner.setup();
            TcpSite site = new TcpSite(runner, "127.0.0.1", 0);
            site.start();
            String url = "http://127.0.0.1:" + site.port() + "/where";
            try (ClientSession s = new ClientSession(SessionOptions.defaults().withProxy("http://127.0.0.1:" + proxy.port())
                    .withProxyAuth(creds))) {
                Asyncio.timeout(30, () -> {
                    for (int i = 0; i < 2; i++) {
                        try (ClientResponse r = s.get(url)) {
                            assertEquals("here /where host 127.0.0.1:" + site.port() + " proxy-auth " + creds.encode(), r.text());
                        }
                    }
                    assertEquals(List.of("GET " + url + " HTTP/1.1 | " + creds.encode()), seen,
                            "one proxy connection, kept alive, absolute form");
                    // A per-request proxy without the credentials: the proxy refuses (a 407 response).
                    try (ClientResponse r = s.get(url, RequestOptions.defaults().withProxy("127.0.0.1:" + proxy.port())
                            .withProxyAuth(new BasicAuth("pu", "wrong")))) {
                        assertEquals(407, r.status());
                    }
                });
            } finally {
                runner.cleanup();
                proxy.close();
            }
        });
    }

    @Test
    void httpsThroughAConnectTunnelAndARefusedTunnel() {
        Asyncio.run(() -> {
            List<String> seen = new ArrayList<>();
            Server proxy = Asyncio.startServer(proxy(seen, null), "127.0.0.1", 0);
            BasicAuth creds = new BasicAuth("u", "p");
            Server strictProxy = Asyncio.startServer(proxy(new ArrayList<>(), creds.encode()), "127.0.0.1", 0);
            Server tls = Asyncio.startServer((reader, writer) -> {
                try {
                    while (true) {
                        reader.readuntil("\r\n\r\n".getBytes(UTF_8));
                        writer.write("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecure".getBytes(UTF_8));
                        writer.drain();
                    }
                } catch (IOException e) {
                    writer.close(); // the client left
                }
            }, ServerOptions.of("127.0.0.1", 0), TlsOptions.server(TlsContexts.create(null, certs.serverCert, certs.serverKey)));
            String url = "https://127.0.0.1:" + tls.port() + "/";
            SessionOptions trusting = SessionOptions.defaults().withSsl(TlsOptions.client(TlsContexts.trusting(certs.caCert)));
            try {
                Asyncio.timeout(30, () -> {
                    try (ClientSession s = new ClientSession(trusting.withProxy("http://127.0.0.1:" + proxy.port()))) {
                        for (int i = 0; i < 2; i++) {
                            try (ClientResponse r = s.get(url)) {
                                assertEquals("secure", r.text());
                            }
                        }
                        assertEquals(1, s.connectionsOpened(), "the tunnel is kept alive and reused");
                        assertEquals(List.of("CONNECT 127.0.0.1:" + tls.port() + " HTTP/1.1 | null"), seen);
                    }
                    try (ClientSession s = new ClientSession(trusting.withProxy("http://127.0.0.1:" + strictProxy.port()))) {
                        var e = assertThrows(ClientHttpProxyError.class, () -> s.get(url));
                        assertEquals(407, e.status());
                        assertEquals(0, s.connectionsInUse());
                        try (ClientResponse r = s.get(url, RequestOptions.defaults().withProxyAuth(creds))) {
                            assertEquals("secure", r.text());
                        }
                    }
                    try (ClientSession s = new ClientSession(trusting.withProxy("http://127.0.0.1:1"))) {
                        var e = assertThrows(ClientConnectorError.class, () -> s.get(url));
                        assertEquals(1, e.port(), "the error names the proxy it could not reach");
                    }
                });
            } finally {
                tls.close();
                proxy.close();
                strictProxy.close();
            }
        });
    }

    @Test
    void wssDirectlyAndThroughAConnectTunnel() {
        Application app = new Application();
        app.router().addGet("/ws", request -> {
            WebSocketResponse ws = new WebSocketResponse();
            ws.prepare(request);
            for (WSMessage msg : ws) {
                ws.sendStr("secure echo: " + msg.text());
            }
            return ws;
        });
        Asyncio.run(() -> {
            List<String> seen = new ArrayList<>();
            Server proxy = Asyncio.startServer(proxy(seen, null), "127.0.0.1", 0);
            AppRunner runner = new AppRunner(app);
            runner.setup();
            TcpSite site = new TcpSite(runner, "127.0.0.1", 0, TlsContexts.create(null, certs.serverCert, certs.serverKey));
            site.start();
            String url = "wss://127.0.0.1:" + site.port() + "/ws";
            SessionOptions trusting = SessionOptions.defaults().withSsl(TlsOptions.client(TlsContexts.trusting(certs.caCert)));
            try {
                Asyncio.timeout(30, () -> {
                    for (SessionOptions opts : List.of(trusting, trusting.withProxy("http://127.0.0.1:" + proxy.port()))) {
                        try (ClientSession s = new ClientSession(opts);
                             ClientWebSocketResponse ws = s.wsConnect(url)) {
                            ws.sendStr("hi");
                            assertEquals("secure echo: hi", ws.receiveStr());
                        }
                    }
                    assertEquals(List.of("CONNECT 127.0.0.1:" + site.port() + " HTTP/1.1 | null"), seen);
                    try (ClientSession s = new ClientSession()) {
                        assertThrows(ClientSSLError.class, () -> s.wsConnect(url), "the default trust store does not know the test CA");
                    }
                });
            } finally {
                runner.cleanup();
                proxy.close();
            }
        });
    }

    @Test
    void theUnixConnectorSendsEveryRequestToTheSocket() {
        Path sock = tmp.resolve("app.sock");
        Asyncio.run(() -> {
            AppRunner runner = new AppRunner(app());
            runner.setup();
            new UnixSite(runner, sock).start();
            try (ClientSession s = new ClientSession(SessionOptions.defaults().withUnixSocket(sock))) {
                Asyncio.timeout(30, () -> {
                    for (int i = 0; i < 3; i++) {
                        try (ClientResponse r = s.get("http://localhost/where")) {
                            assertEquals("here /where host localhost proxy-auth null", r.text());
                        }
                    }
                    assertEquals(1, s.connectionsOpened());
                });
            } finally {
                runner.cleanup();
            }
            try (ClientSession s = new ClientSession(SessionOptions.defaults().withUnixSocket(tmp.resolve("none.sock")))) {
                var e = assertThrows(ClientConnectorError.class, () -> s.get("http://localhost/"));
                assertTrue(e.getMessage().contains("none.sock"), e.getMessage());
            }
        });
    }

    @Test
    void sessionWideBasicAuthUnlessTheRequestSetsItsOwn() {
        Asyncio.run(() -> {
            AppRunner runner = new AppRunner(app());
            runner.setup();
            TcpSite site = new TcpSite(runner, "127.0.0.1", 0);
            site.start();
            String url = "http://127.0.0.1:" + site.port() + "/auth";
            try (ClientSession s = new ClientSession(SessionOptions.defaults().withAuth(new BasicAuth("user", "pass")))) {
                try (ClientResponse r = s.get(url)) {
                    assertEquals("Basic dXNlcjpwYXNz", r.text());
                }
                try (ClientResponse r = s.get(url, RequestOptions.defaults().withBasicAuth(new BasicAuth("other", "x")))) {
                    assertEquals(new BasicAuth("other", "x").encode(), r.text());
                }
            } finally {
                runner.cleanup();
            }
            assertThrows(IllegalArgumentException.class, () -> SessionOptions.defaults().withProxy("https://127.0.0.1:3128"));
            assertThrows(NullPointerException.class, () -> SessionOptions.defaults().withAuth(null));
        });
    }
}
