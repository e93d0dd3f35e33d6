package io.jasyncio.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.web.Application;
import io.jasyncio.web.Response;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code aiohttp.request(...)}: one request through a session made for it and closed when the
 * response is released; the body stays readable until then.
 */
class AiohttpRequestTest {
    private static final byte[] BIG = new byte[300_000];

    static {
        Arrays.fill(BIG, (byte) 'x');
    }

    private static Application app() {
        Application app = new Application();
        app.router().addGet("/who", r -> {
            InetSocketAddress peer = (InetSocketAddress) r.transport().getExtraInfo("peername");
            return Response.json(Map.of("connection", String.valueOf(r.headers().get("Connection")),
                    "port", peer.getPort(), "q", String.valueOf(r.query().getAll("q"))));
        });
        app.router().addGet("/big", r -> Response.ofBytes(BIG));
        app.router().addGet("/missing", r -> {
            throw new io.jasyncio.web.HTTPNotFound();
        });
        return app;
    }

    @Test
    void eachCallIsOneRequestOnAConnectionOfItsOwn() {
        ServedApp.serve(app(), port -> {
            String url = "http://127.0.0.1:" + port + "/who";
            RequestOptions opts = RequestOptions.defaults().withParam("q", "1").withParam("q", "2");
            Map<?, ?> first;
            Map<?, ?> second;
            try (ClientResponse r = Aiohttp.request("GET", url, opts)) {
                first = r.json(Map.class);
            }
            try (ClientResponse r = Aiohttp.request("get", url, opts)) {
                second = r.json(Map.class);
            }
            assertEquals("close", first.get("connection"), "force_close: no keep-alive, as aiohttp's one-shot connector");
            assertEquals("[1, 2]", first.get("q"), "the request's options apply");
            assertNotEquals(first.get("port"), second.get("port"), "a new session and connection per call");
        });
    }

    @Test
    void theBodyStaysReadableUntilTheResponseIsReleased() {
        ServedApp.serve(app(), port -> {
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            try (ClientResponse r = Aiohttp.request("GET", "http://127.0.0.1:" + port + "/big")) {
                assertEquals(200, r.status());
                for (byte[] chunk : r.content().iterChunked(16 * 1024)) {
                    got.writeBytes(chunk);
                    Asyncio.sleep(0);
                }
            }
            assertEquals(BIG.length, got.size());
        });
    }

    @Test
    void sessionAndRequestOptionsBothApply() {
        ServedApp.serve(app(), port -> {
            String base = "http://127.0.0.1:" + port;
            ClientResponseError e = assertThrows(ClientResponseError.class, () -> Aiohttp.request("GET", base + "/missing",
                    RequestOptions.defaults().withRaiseForStatus(true)));
            assertEquals(404, e.status());
            try (ClientResponse r = Aiohttp.request("GET", "/who", RequestOptions.defaults(),
                    SessionOptions.defaults().withBaseUrl(base))) {
                assertEquals(200, r.status(), "a relative URL against the session options' baseUrl");
            }
        });
    }

    @Test
    void failuresReachTheCallerAndArgumentsAreCheckedAtTheCall() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        int port = closedPort;
        Asyncio.run(() -> {
            ClientConnectorError e = assertThrows(ClientConnectorError.class,
                    () -> Aiohttp.request("GET", "http://127.0.0.1:" + port + "/"));
            assertTrue(e.getMessage().contains("Cannot connect to host 127.0.0.1:" + port), e.getMessage());
            assertThrows(InvalidURL.class, () -> Aiohttp.request("GET", "ftp://127.0.0.1/"));
        });
        assertEquals("method", assertThrows(NullPointerException.class, () -> Aiohttp.request(null, "http://h/")).getMessage());
        assertEquals("url", assertThrows(NullPointerException.class, () -> Aiohttp.request("GET", null)).getMessage());
        assertEquals("session", assertThrows(NullPointerException.class,
                () -> Aiohttp.request("GET", "http://h/", RequestOptions.defaults(), null)).getMessage());
    }
}
