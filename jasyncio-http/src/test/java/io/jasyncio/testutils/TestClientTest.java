package io.jasyncio.testutils;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.client.ClientConnectorError;
import io.jasyncio.client.ClientResponse;
import io.jasyncio.client.ClientSession;
import io.jasyncio.client.ClientWebSocketResponse;
import io.jasyncio.client.RequestOptions;
import io.jasyncio.client.SessionOptions;
import io.jasyncio.client.CookieJar;
import io.jasyncio.locks.Event;
import io.jasyncio.web.Application;
import io.jasyncio.web.Response;
import io.jasyncio.web.WSMessage;
import io.jasyncio.web.WSMsgType;
import io.jasyncio.web.WebSocketResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** aiohttp's test_utils TestServer / RawTestServer / TestClient, against the real server on 127.0.0.1. */
class TestClientTest {
    /** Every test is bounded: a hang fails in 30 s instead of stalling the build. */
    private static void run(io.jasyncio.VoidCoroutine body) {
        Asyncio.run(() -> Asyncio.timeout(30, body));
    }

    private static Application rest() {
        Application app = new Application();
        app.router().addGet("/", r -> Response.ofText("Hello, world"));
        app.router().addGet("/users/{id}", r -> Response.json(Map.of("id", r.matchInfo().get("id"))));
        app.router().addPost("/echo", r -> Response.ofBytes(r.read()));
        app.router().addGet("/query", r -> Response.ofText(r.query().get("q")));
        app.router().addGet("/login", r -> {
            Response resp = Response.ofText("in");
            resp.headers().add("Set-Cookie", "sid=abc; Path=/");
            return resp;
        });
        app.router().addGet("/whoami", r -> Response.ofText(String.valueOf(r.cookies().get("sid"))));
        return app;
    }

    @Test
    void pathsGoToTheServerAndAnswersComeBack() {
        run(() -> {
            try (TestClient client = TestClient.start(rest())) {
                assertEquals("127.0.0.1", client.host());
                assertTrue(client.port() > 0);
                assertEquals("http://127.0.0.1:" + client.port() + "/users/7?x=1", client.makeUrl("/users/7?x=1").toString());
                ClientResponse root = client.get("/");
                assertEquals(200, root.status());
                assertEquals("Hello, world", root.text());
                assertEquals("{\"id\":\"7\"}", client.get("/users/7").text());
                assertEquals("ping", client.post("/echo", RequestOptions.defaults().withBody("ping".getBytes())).text());
                assertEquals("a b", client.get("/query", RequestOptions.defaults().withParam("q", "a b")).text());
                assertEquals(404, client.get("/nowhere").status());
                assertEquals(405, client.delete("/users/7").status());
            }
        });
    }

    @Test
    void theClientsSessionKeepsCookiesBetweenRequests() {
        run(() -> {
            try (TestClient client = TestClient.start(rest())) {
                assertEquals("null", client.get("/whoami").text());
                assertEquals("in", client.get("/login").text());
                assertEquals("abc", client.get("/whoami").text());
                assertEquals(1, client.session().cookieJar().size());
            }
        });
    }

    @Test
    void closeReleasesUnreadResponsesClosesWebSocketsThenTheSessionAndServer() {
        List<String> events = new ArrayList<>();
        Event wsEnded = new Event();
        Application app = rest();
        app.router().addGet("/big", r -> Response.ofText("x".repeat(1 << 20)));
        app.router().addGet("/ws", r -> {
            WebSocketResponse ws = new WebSocketResponse();
            ws.prepare(r);
            for (WSMessage m : ws) {
                ws.sendStr("echo: " + m.text());
            }
            events.add("server saw close " + ws.closeCode());
            wsEnded.set();
            return ws;
        });
        app.onCleanup(a -> events.add("cleanup"));
        run(() -> {
            TestClient client = TestClient.start(app);
            ClientResponse unread = client.get("/big");
            ClientWebSocketResponse ws = client.wsConnect("/ws");
            ws.sendStr("hi");
            assertEquals("echo: hi", ws.receive().text());
            assertEquals(2, client.session().connectionsInUse());
            int port = client.port();
            client.close();
            assertTrue(ws.closed());
            assertEquals(1000, ws.closeCode());
            assertEquals(0, client.session().connectionsInUse());
            assertTrue(client.session().isClosed());
            assertTrue(client.server().closed());
            wsEnded.await();
            assertEquals(List.of("server saw close 1000", "cleanup"), events);
            assertThrows(IllegalStateException.class, () -> client.get("/"));
            client.close(); // idempotent
            try (ClientSession other = new ClientSession()) {
                assertThrows(ClientConnectorError.class, () -> other.get("http://127.0.0.1:" + port + "/"));
            }
        });
    }

    @Test
    void startupAndCleanupHooksRunWithTheServer() {
        List<String> hooks = new ArrayList<>();
        Application app = rest();
        app.onStartup(a -> hooks.add("startup"));
        app.onShutdown(a -> hooks.add("shutdown"));
        app.onCleanup(a -> hooks.add("cleanup"));
        run(() -> {
            try (TestServer server = new TestServer(app)) {
                assertFalse(server.started());
                assertEquals(List.of(), hooks);
                server.startServer();
                server.startServer(); // a second start does nothing, as aiohttp's
                assertTrue(server.started());
                assertEquals(List.of("startup"), hooks);
                try (TestClient client = new TestClient(server)) {
                    assertEquals("Hello, world", client.get("/").text());
                }
                assertTrue(server.closed());
                assertEquals(List.of("startup", "shutdown", "cleanup"), hooks);
            }
            assertEquals(List.of("startup", "shutdown", "cleanup"), hooks); // close ran once
        });
    }

    @Test
    void aRawServerAnswersEveryMethodAndPathWithItsHandler() {
        run(() -> {
            try (TestClient client = new TestClient(TestServer.raw(r -> Response.ofText(r.method() + " " + r.path())))) {
                assertEquals("GET /", client.get("/").text());
                assertEquals("PUT /a/b", client.put("/a/b", RequestOptions.defaults()).text());
                assertEquals("OPTIONS /x", client.options("/x").text());
            }
        });
    }

    @Test
    void misuseFailsAtTheCallWithTheReason() {
        run(() -> {
            TestServer server = new TestServer(rest());
            IllegalStateException notStarted = assertThrows(IllegalStateException.class, server::port);
            assertTrue(notStarted.getMessage().contains("startServer"), notStarted.getMessage());
            server.startServer();
            IllegalArgumentException absolute = assertThrows(IllegalArgumentException.class,
                    () -> server.makeUrl("http://example.com/"));
            assertTrue(absolute.getMessage().contains("relative"), absolute.getMessage());
            assertThrows(IllegalArgumentException.class, () -> server.makeUrl("//example.com/x"));
            assertEquals("/x", server.makeUrl("x").getPath());
            server.close();
            assertThrows(IllegalStateException.class, server::startServer);
            assertThrows(IllegalArgumentException.class, () -> new TestServer(rest(), "127.0.0.1", 70000));
            assertThrows(NullPointerException.class, () -> new TestServer(null));
            assertThrows(IllegalArgumentException.class, () -> new TestClient(new TestServer(rest()),
                    SessionOptions.defaults().withBaseUrl("http://127.0.0.1:1"), CookieJar.create()));
        });
    }

    @Test
    void aHandlerThatThrowsIsA500AndTheClientStillClosesCleanly() {
        run(() -> {
            try (TestClient client = new TestClient(TestServer.raw(r -> {
                throw new IllegalStateException("boom");
            }))) {
                ClientResponse resp = client.get("/");
                assertEquals(500, resp.status());
                assertEquals("Internal Server Error", resp.reason());
            }
        });
    }
}
