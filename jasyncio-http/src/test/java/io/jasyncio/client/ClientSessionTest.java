package io.jasyncio.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Task;
import io.jasyncio.TimeoutError;
import io.jasyncio.locks.Event;
import io.jasyncio.streams.ClientConnected;
import io.jasyncio.transports.Server;
import io.jasyncio.web.AppRunner;
import io.jasyncio.web.Application;
import io.jasyncio.web.Response;
import io.jasyncio.web.TcpSite;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** ClientSession against jasyncio-http's own server and hand-written raw servers on 127.0.0.1. */
class ClientSessionTest {
    interface Body {
        void run(String base) throws Exception;
    }

    /** Runs the app on a free port for the body (bounded: every request has a timeout). */
    private static void served(Application app, Body body) {
        ServedApp.serve(app, port -> body.run("http://127.0.0.1:" + port));
    }

    private static Application app() {
        Application app = new Application();
        app.router().addGet("/", r -> Response.ofText("Hello, world"));
        app.router().addPost("/echo", r -> Response.ofBytes(r.read()));
        app.router().addGet("/json", r -> Response.json(Map.of("message", "Hello, World!")));
        app.router().addGet("/json-as-text", r -> Response.ofText("{\"a\":1}"));
        app.router().addGet("/vnd-json", r -> {
            Response resp = Response.ofBytes("{\"b\":2}".getBytes(UTF_8));
            resp.setContentType("application/vnd.api+json");
            return resp;
        });
        app.router().addGet("/empty-json", r -> {
            Response resp = Response.ofBytes(new byte[0]);
            resp.setContentType("application/json");
            return resp;
        });
        app.router().addGet("/auth", r -> Response.ofText(String.valueOf(r.headers().get("Authorization"))));
        app.router().addGet("/query", r -> Response.ofText(r.query().get("q")));
        app.router().addRoute("*", "/redirect/{code}", r -> {
            Response resp = Response.ofText("moved");
            resp.setStatus(Integer.parseInt(r.matchInfo().get("code")), "Redirect");
            resp.headers().set("Location", "/method");
            return resp;
        });
        app.router().addRoute("*", "/method", r -> Response.ofText(r.method() + " " + new String(r.read(), UTF_8)));
        app.router().addGet("/loop", r -> {
            Response resp = Response.ofText("again");
            resp.setStatus(302, "Found");
            resp.headers().set("Location", "/loop");
            return resp;
        });
        return app;
    }

    @Test
    void sequentialRequestsReuseOneKeepAliveConnection() {
        served(app(), base -> {
            try (ClientSession s = new ClientSession()) {
                for (int i = 0; i < 3; i++) {
                    try (ClientResponse r = s.get(base + "/")) {
                        assertEquals(200, r.status());
                        assertEquals("Hello, world", r.text());
                    }
                }
                assertEquals(1, s.connectionsOpened());
                assertEquals(1, s.idleConnections());
                assertEquals(0, s.connectionsInUse());
            }
        });
    }

    @Test
    void jsonTextQueryAndBodies() {
        served(app(), base -> {
            try (ClientSession s = new ClientSession(SessionOptions.defaults().withBaseUrl(base))) {
                try (ClientResponse r = s.get("/json")) {
                    assertEquals(Map.of("message", "Hello, World!"), r.json(Map.class));
                }
                try (ClientResponse r = s.get("/json-as-text")) {
                    var e = assertThrows(ContentTypeError.class, () -> r.json(Map.class));
                    assertEquals(200, e.status());
                    assertTrue(e.getMessage().contains("unexpected mimetype: text/plain"), e.getMessage());
                    assertEquals(Map.of("a", 1), r.json(Map.class, null), "content_type=None: no check");
                }
                try (ClientResponse r = s.get("/vnd-json")) {
                    assertEquals(Map.of("b", 2), r.json(Map.class));
                }
                try (ClientResponse r = s.get("/empty-json")) {
                    assertEquals(null, r.json(Map.class), "an empty body is null, as aiohttp's None");
                }
                try (ClientResponse r = s.post("/echo", RequestOptions.defaults().withJson(Map.of("a", 1)))) {
                    assertEquals("{\"a\":1}", r.text());
                }
                try (ClientResponse r = s.post("/echo", RequestOptions.defaults().withText("héllo"))) {
                    assertEquals("héllo", r.text());
                }
                try (ClientResponse r = s.get("/query", RequestOptions.defaults().withParam("q", "a b&c"))) {
                    assertEquals("a b&c", r.text());
                }
            }
        });
    }

    @Test
    void redirectsChangeTheMethodAsAiohttpDoes() {
        served(app(), base -> {
            try (ClientSession s = new ClientSession(SessionOptions.defaults().withBaseUrl(base))) {
                RequestOptions body = RequestOptions.defaults().withText("data");
                for (int code : new int[] {301, 302, 303}) {
                    try (ClientResponse r = s.post("/redirect/" + code, body)) {
                        assertEquals("GET ", r.text(), "after " + code);
                        assertEquals(1, r.history().size());
                        assertEquals(code, r.history().get(0).status());
                        assertEquals(base + "/method", r.url().toString());
                    }
                }
                for (int code : new int[] {307, 308}) {
                    try (ClientResponse r = s.post("/redirect/" + code, body)) {
                        assertEquals("POST data", r.text(), "after " + code);
                    }
                }
                try (ClientResponse r = s.post("/redirect/302", body.withAllowRedirects(false))) {
                    assertEquals(302, r.status());
                    assertEquals("/method", r.headers().get("Location"));
                }
                var tooMany = assertThrows(TooManyRedirects.class, () -> s.get("/loop"));
                assertEquals(302, tooMany.status());
            }
        });
    }

    @Test
    void authorizationIsDroppedOnARedirectToAnotherHost() {
        Asyncio.run(() -> {
            Server other = Asyncio.startServer(rawOnce("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-Auth-Seen: %s\r\n\r\n"),
                    "127.0.0.1", 0);
            Application app = new Application();
            app.router().addGet("/", r -> {
                Response resp = Response.ofText("elsewhere");
                resp.setStatus(302, "Found");
                resp.headers().set("Location", "http://127.0.0.1:" + other.port() + "/x");
                return resp;
            });
            AppRunner runner = new AppRunner(app);
            runner.setup();
            TcpSite site = new TcpSite(runner, "127.0.0.1", 0);
            site.start();
            try (ClientSession s = new ClientSession()) {
                try (ClientResponse r = Asyncio.timeout(30, () -> s.get("http://127.0.0.1:" + site.port() + "/",
                        RequestOptions.defaults().withHeader("Authorization", "Basic dTpw")))) {
                    assertEquals("no", r.headers().get("X-Auth-Seen"));
                }
            } finally {
                runner.cleanup();
                other.close();
            }
        });
    }

    /** A raw server answering one request with {@code response} (%s: whether Authorization came), then closing. */
    private static ClientConnected rawOnce(String response) {
        return (reader, writer) -> {
            String head = new String(reader.readuntil("\r\n\r\n".getBytes(UTF_8)), UTF_8);
            writer.write(String.format(response, head.contains("Authorization") ? "yes" : "no").getBytes(UTF_8));
            writer.drain();
            writer.close();
        };
    }

    @Test
    void aKeepAliveConnectionTheServerClosedWhileIdleIsNotHandedOutBroken() {
        Asyncio.run(() -> {
            // Keep-alive answers (no Connection: close), then the server closes the connection anyway.
            Server server = Asyncio.startServer(rawOnce("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"), "127.0.0.1", 0);
            try (ClientSession s = new ClientSession()) {
                for (int i = 0; i < 3; i++) {
                    try (ClientResponse r = Asyncio.timeout(30, () -> s.get("http://127.0.0.1:" + server.port() + "/"))) {
                        assertEquals("ok", r.text());
                    }
                    Asyncio.sleep(0.01); // let the server's close arrive, as between two real requests
                }
                assertEquals(3, s.connectionsOpened());
            } finally {
                server.close();
            }
        });
    }

    @Test
    void aReusedConnectionClosedJustAsItIsUsedIsRetriedOnceForAnIdempotentRequest() {
        Asyncio.run(() -> {
            int[] requests = {0};
            // Every connection answers one request, then reads the second and closes without an
            // answer: the client's retry must go to a new connection.
            Server server = Asyncio.startServer((reader, writer) -> {
                int onThisConnection = 0;
                while (true) {
                    byte[] head = reader.readuntil("\r\n\r\n".getBytes(UTF_8));
                    requests[0]++;
                    if (++onThisConnection == 2) {
                        writer.close();
                        return;
                    }
                    writer.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(UTF_8));
                    writer.drain();
                    assertTrue(head.length > 0);
                }
            }, "127.0.0.1", 0);
            try (ClientSession s = new ClientSession()) {
                String url = "http://127.0.0.1:" + server.port() + "/";
                for (int i = 0; i < 2; i++) {
                    try (ClientResponse r = Asyncio.timeout(30, () -> s.get(url))) {
                        assertEquals("ok", r.text());
                    }
                }
                assertEquals(2, s.connectionsOpened());
                assertEquals(3, requests[0]);
                // A POST is not retried: the error reaches the caller.
                try (ClientSession s2 = new ClientSession()) {
                    try (ClientResponse r = Asyncio.timeout(30, () -> s2.get(url))) {
                        r.read();
                    }
                    assertThrows(ServerDisconnectedError.class, () -> Asyncio.timeout(30,
                            () -> s2.post(url, RequestOptions.defaults().withText("x"))));
                }
            } finally {
                server.close();
            }
        });
    }

    @Test
    void bodiesCutShortGzipAndDeflate() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write("compressed hello".getBytes(UTF_8));
        }
        byte[] gzipped = gz.toByteArray();
        Asyncio.run(() -> {
            Server shortBody = Asyncio.startServer(rawOnce("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello"), "127.0.0.1", 0);
            Server chunked = Asyncio.startServer(rawOnce("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"),
                    "127.0.0.1", 0);
            Server eofBody = Asyncio.startServer(rawOnce("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end"), "127.0.0.1", 0);
            Server gzip = Asyncio.startServer((reader, writer) -> {
                reader.readuntil("\r\n\r\n".getBytes(UTF_8));
                writer.write(("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + gzipped.length + "\r\n\r\n").getBytes(UTF_8));
                writer.write(gzipped);
                writer.drain();
                writer.close();
            }, "127.0.0.1", 0);
            try (ClientSession s = new ClientSession()) {
                try (ClientResponse r = s.get("http://127.0.0.1:" + shortBody.port() + "/")) {
                    var e = assertThrows(ClientPayloadError.class, r::read);
                    assertTrue(e.getMessage().contains("not completed"), e.getMessage());
                }
                try (ClientResponse r = s.get("http://127.0.0.1:" + chunked.port() + "/")) {
                    assertEquals("hello world", r.text());
                }
                try (ClientResponse r = s.get("http://127.0.0.1:" + eofBody.port() + "/")) {
                    assertEquals("until the end", r.text());
                }
                try (ClientResponse r = s.get("http://127.0.0.1:" + gzip.port() + "/")) {
                    assertEquals("compressed hello", r.text());
                }
                assertEquals(0, s.connectionsInUse());
            } finally {
                for (Server srv : List.of(shortBody, chunked, eofBody, gzip)) {
                    srv.close();
                }
            }
        });
    }

    @Test
    void errorsNameWhatWentWrong() {
        Asyncio.run(() -> {
            Server silent = Asyncio.startServer((reader, writer) -> {
                reader.readuntil("\r\n\r\n".getBytes(UTF_8));
                Asyncio.sleep(3600); // never answers
            }, "127.0.0.1", 0);
            int closedPort;
            try (Server s = Asyncio.startServer((r, w) -> w.close(), "127.0.0.1", 0)) {
                closedPort = s.port();
            }
            try (ClientSession s = new ClientSession()) {
                var refused = assertThrows(ClientConnectorError.class, () -> s.get("http://127.0.0.1:" + closedPort + "/"));
                assertEquals(closedPort, refused.port());
                assertTrue(refused.getMessage().startsWith("Cannot connect to host 127.0.0.1:" + closedPort), refused.getMessage());
                var read = assertThrows(TimeoutError.class, () -> s.get("http://127.0.0.1:" + silent.port() + "/",
                        RequestOptions.defaults().withTimeout(ClientTimeout.defaults().withSockRead(0.05))));
                assertTrue(read.getMessage().startsWith("sock_read timeout"), read.getMessage());
                var total = assertThrows(TimeoutError.class, () -> s.get("http://127.0.0.1:" + silent.port() + "/",
                        RequestOptions.defaults().withTimeout(ClientTimeout.defaults().withTotal(0.05))));
                assertTrue(total.getMessage().startsWith("total timeout"), total.getMessage());
                assertEquals(0, s.connectionsInUse());
                assertThrows(InvalidURL.class, () -> s.get("ftp://127.0.0.1/"));
                assertThrows(InvalidURL.class, () -> s.get("/relative"));
                assertThrows(NullPointerException.class, () -> s.get(null));
            } finally {
                silent.close();
            }
        });
    }

    @Test
    void thePoolLimitMakesTheNextRequestWaitAndCancellationFreesTheConnection() {
        Event release = new Event();
        served(slowApp(release), base -> {
            try (ClientSession s = new ClientSession(SessionOptions.defaults().withLimit(1))) {
                List<Task<String>> all = new ArrayList<>();
                int[] maxInUse = {0};
                for (int i = 0; i < 3; i++) {
                    all.add(Asyncio.createTask(() -> {
                        try (ClientResponse r = s.get(base + "/")) {
                            maxInUse[0] = Math.max(maxInUse[0], s.connectionsInUse());
                            return r.text();
                        }
                    }));
                }
                for (Task<String> t : all) {
                    assertEquals("ok", t.await());
                }
                // "ok" arrives with its head, so each response hands its connection back at once.
                assertTrue(maxInUse[0] <= 1, "in use: " + maxInUse[0]);
                assertEquals(1, s.connectionsOpened());
                Task<ClientResponse> stuck = Asyncio.createTask(() -> s.get(base + "/wait"));
                while (s.connectionsInUse() == 0) {
                    Asyncio.sleep(0.001);
                }
                // The one connection is taken: the next request waits for it, inside its connect timeout.
                var waited = assertThrows(TimeoutError.class, () -> s.get(base + "/",
                        RequestOptions.defaults().withTimeout(ClientTimeout.defaults().withConnect(0.05))));
                assertTrue(waited.getMessage().startsWith("connect timeout"), waited.getMessage());
                stuck.cancel();
                assertThrows(CancelledError.class, stuck::await);
                assertEquals(0, s.connectionsInUse());
                try (ClientResponse r = s.get(base + "/")) {
                    assertEquals("ok", r.text());
                }
            } finally {
                release.set(); // the server's handler of /wait may end, so shutdown need not wait for it
            }
        });
    }

    private static Application slowApp(Event never) {
        Application app = new Application();
        app.router().addGet("/", r -> Response.ofText("ok"));
        app.router().addGet("/wait", r -> {
            never.await();
            return Response.ofText("never");
        });
        return app;
    }

    @Test
    void aClosedSessionRefusesRequests() {
        served(app(), base -> {
            ClientSession s = new ClientSession();
            s.close();
            var e = assertThrows(ClientError.class, () -> s.get(base + "/"));
            assertEquals("Session is closed", e.getMessage());
        });
    }

    @Test
    void cookiesSetByTheServerGoBackByDomainAndPathAndBasicAuthIsSent() {
        Application app = new Application();
        app.router().addGet("/login", r -> {
            Response resp = Response.ofText("in");
            resp.headers().add("Set-Cookie", "session=abc; Path=/");
            resp.headers().add("Set-Cookie", "admin=yes; Path=/admin");
            resp.headers().add("Set-Cookie", "gone=1; Max-Age=0");
            return resp;
        });
        app.router().addGet("/echo-cookie", r -> Response.ofText(String.valueOf(r.headers().get("Cookie"))));
        app.router().addGet("/admin/echo-cookie", r -> Response.ofText(String.valueOf(r.headers().get("Cookie"))));
        app.router().addGet("/auth", r -> Response.ofText(String.valueOf(r.headers().get("Authorization"))));
        served(app, base -> {
            try (ClientSession s = new ClientSession(SessionOptions.defaults().withBaseUrl(base))) {
                try (ClientResponse r = s.get("/login")) {
                    assertEquals(3, r.cookies().size());
                }
                assertEquals(2, s.cookieJar().size());
                try (ClientResponse r = s.get("/echo-cookie")) {
                    assertEquals("session=abc", r.text());
                }
                try (ClientResponse r = s.get("/admin/echo-cookie")) {
                    assertEquals("session=abc; admin=yes", r.text());
                }
                try (ClientResponse r = s.get("/auth", RequestOptions.defaults().withBasicAuth(new BasicAuth("user", "pass")))) {
                    assertEquals("Basic dXNlcjpwYXNz", r.text());
                }
            }
            try (ClientSession s = new ClientSession(SessionOptions.defaults().withBaseUrl(base), CookieJar.dummy())) {
                s.get("/login").close();
                try (ClientResponse r = s.get("/echo-cookie")) {
                    assertEquals("null", r.text());
                }
            }
        });
        assertThrows(IllegalArgumentException.class, () -> new BasicAuth("a:b", "c"));
    }
}
