package io.jasyncio.testutils;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.web.Application;
import io.jasyncio.web.HTTPRequestEntityTooLarge;
import io.jasyncio.web.Handler;
import io.jasyncio.web.Request;
import io.jasyncio.web.Response;
import io.jasyncio.web.StreamResponse;
import io.jasyncio.web.WebSocketResponse;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code make_mocked_request}: a Request without a socket that handlers can be called with;
 * what needs a connection fails at the call, naming what to use instead.
 */
class MockedRequestTest {
    record User(String id, String name) {}

    /** A handler as an application would have it: path parameter, query, header, JSON body. */
    private static final Handler RENAME = request -> {
        User body = request.json(User.class);
        String id = request.matchInfo().get("id");
        if (!"secret".equals(request.headers().get("X-Token"))) {
            return Response.ofText(401, "no token");
        }
        return Response.json(Map.of("id", id, "name", body.name(), "dry", request.query().getAll("dry")));
    };

    @Test
    void aHandlerRunsOnAMockedRequestAsOnARealOne() {
        Asyncio.run(() -> {
            Application app = new Application();
            Request req = TestUtils.makeMockedRequest("PUT", "/users/7?dry=1&dry=2", MockedRequestOptions.defaults()
                    .withHeader("X-Token", "secret").withHeader("Content-Type", "application/json")
                    .withMatchInfo(Map.of("id", "7")).withApp(app)
                    .withPayload("{\"id\":\"7\",\"name\":\"Ada\"}".getBytes(UTF_8)));
            Response resp = (Response) RENAME.handle(req);
            assertEquals(200, resp.status());
            assertEquals(Map.of("id", "7", "name", "Ada", "dry", List.of("1", "2")),
                    app.jsonCodec().loads(resp.body(), Map.class));
            Request anonymous = TestUtils.makeMockedRequest("PUT", "/users/7", MockedRequestOptions.defaults()
                    .withPayload("{}".getBytes(UTF_8)));
            assertEquals(401, RENAME.handle(anonymous).status());
        });
    }

    @Test
    void theHeadReadsAsTheServerParsesIt() {
        Asyncio.run(() -> {
            Request req = TestUtils.makeMockedRequest("GET", "/a%20b/c?q=x+y", MockedRequestOptions.defaults()
                    .withHeader("Cookie", "s=1; t=\"2\"").withHeader("Accept", "a").withHeader("Accept", "b")
                    .withExtraInfo("peername", new InetSocketAddress("10.0.0.9", 5555)));
            assertEquals("GET", req.method());
            assertEquals("/a b/c", req.path());
            assertEquals("/a%20b/c?q=x+y", req.rawPath());
            assertEquals("x y", req.query().get("q"));
            assertEquals(List.of("a", "b"), req.headers().getAll("Accept"));
            assertEquals(Map.of("s", "1", "t", "2"), req.cookies());
            assertEquals("localhost", req.host(), "HTTP/1.1 needs a Host; one is added");
            assertEquals("10.0.0.9", req.remote());
            assertFalse(req.secure());
            assertTrue(req.keepAlive());
            assertFalse(req.bodyExists());
            assertArrayEquals(new byte[0], req.read());
            assertEquals(Map.of(), req.matchInfo().params());
            assertEquals(1, req.matchInfo().apps().size(), "a new Application when none is given");

            Request old = TestUtils.makeMockedRequest("GET", "/", MockedRequestOptions.defaults().withVersion(0));
            assertEquals("HTTP/1.0", old.version());
            assertFalse(old.keepAlive());
            assertNull(old.host(), "HTTP/1.0 needs no Host");
            assertNull(old.remote(), "the mocked transport reports no peer unless told, as aiohttp's");
        });
    }

    @Test
    void aStreamedPayloadIsReadAsTheTestFeedsIt() {
        Asyncio.run(() -> {
            StreamReader content = new StreamReader(Asyncio.getRunningLoop());
            Request req = TestUtils.makeMockedRequest("POST", "/upload", MockedRequestOptions.defaults()
                    .withHeader("Transfer-Encoding", "chunked").withPayload(content));
            assertTrue(req.bodyExists());
            Task<byte[]> reading = Asyncio.createTask(req::read);
            Asyncio.sleep(0);
            assertFalse(reading.done(), "the handler waits for the body like on a socket");
            content.feedData("part one, ".getBytes(UTF_8));
            content.feedData("part two".getBytes(UTF_8));
            content.feedEof();
            assertEquals("part one, part two", new String(reading.await(), UTF_8));
        });
    }

    @Test
    void theApplicationsLimitsApply() {
        Asyncio.run(() -> {
            Application app = new Application().setClientMaxSize(4);
            Request req = TestUtils.makeMockedRequest("POST", "/", MockedRequestOptions.defaults().withApp(app)
                    .withPayload("12345".getBytes(UTF_8)));
            assertSame(app, req.app());
            assertEquals(5, req.contentLength(), "Content-Length added for a payload");
            assertThrows(HTTPRequestEntityTooLarge.class, req::read);
        });
    }

    @Test
    void whatNeedsAConnectionFailsAtTheCall() {
        Asyncio.run(() -> {
            Request req = TestUtils.makeMockedRequest("GET", "/stream");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> new StreamResponse().prepare(req));
            assertTrue(e.getMessage().contains("makeMockedRequest") && e.getMessage().contains("TestClient"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> new WebSocketResponse().prepare(req));
            IllegalStateException write = assertThrows(IllegalStateException.class, () -> req.transport().write(new byte[1]));
            assertTrue(write.getMessage().contains("connected to nothing"), write.getMessage());
        });
    }

    @Test
    void badArgumentsFailAtTheCall() {
        assertThrows(IllegalStateException.class, () -> TestUtils.makeMockedRequest("GET", "/"), "outside a task");
        Asyncio.run(() -> {
            assertThrows(IllegalArgumentException.class, () -> TestUtils.makeMockedRequest("G T", "/"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> TestUtils.makeMockedRequest("GET", "http://h/"))
                    .getMessage().contains("must start with '/'"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> TestUtils.makeMockedRequest("GET", "/a b"))
                    .getMessage().contains("not a valid request head"));
            assertEquals("method", assertThrows(NullPointerException.class, () -> TestUtils.makeMockedRequest(null, "/")).getMessage());
        });
        MockedRequestOptions d = MockedRequestOptions.defaults();
        assertThrows(IllegalArgumentException.class, () -> d.withHeader("Bad Name", "v"));
        assertThrows(IllegalArgumentException.class, () -> d.withHeader("X", "a\r\nb"));
        assertThrows(IllegalArgumentException.class, () -> d.withVersion(2));
        assertThrows(IllegalArgumentException.class, () -> d.withExtraInfo("peername", "10.0.0.1"));
        assertEquals("app", assertThrows(NullPointerException.class, () -> d.withApp(null)).getMessage());
    }
}
