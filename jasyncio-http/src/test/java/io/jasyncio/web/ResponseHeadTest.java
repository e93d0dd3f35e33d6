package io.jasyncio.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.http.Headers;
import io.jasyncio.http.internal.h1.HttpWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The head the server writes from values (Content-Length digits, the cached Date, constant status
 * lines) and what a response's headers show after {@code prepare}: the same fields as on the wire,
 * as aiohttp's {@code _prepare_headers} leaves them in {@code resp.headers}, whoever looks and
 * whenever. Driven through a recording transport.
 */
class ResponseHeadTest {
    private static final String H = "Host: t\r\n";

    /** Sends {@code raw} to a connection of {@code app}; returns everything written back. */
    private static String exchange(Application app, String raw) {
        return ServedConnection.exchange(app, raw);
    }

    /** The fields of the first head in {@code wire}, as name/value pairs in order. */
    private static List<String> wireFields(String wire) {
        String head = wire.substring(0, wire.indexOf("\r\n\r\n"));
        String[] lines = head.split("\r\n");
        List<String> out = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            out.add(lines[i]);
        }
        return out;
    }

    private static List<String> fields(Headers h) {
        List<String> out = new ArrayList<>();
        for (var e : h) {
            out.add(e.getKey() + ": " + e.getValue());
        }
        return out;
    }

    @Test
    void afterPrepareTheHeadersHoldContentLengthDateAndServerAsWritten() {
        AtomicReference<Response> sent = new AtomicReference<>();
        AtomicReference<Headers> takenBefore = new AtomicReference<>();
        Application app = new Application();
        app.router().addGet("/", r -> {
            Response resp = Response.ofText("Hello, world");
            sent.set(resp);
            takenBefore.set(resp.headers());
            return resp;
        });
        String wire = exchange(app, "GET / HTTP/1.1\r\n" + H + "\r\n");
        assertTrue(wire.startsWith("HTTP/1.1 200 OK\r\n") && wire.endsWith("\r\n\r\nHello, world"), wire);
        List<String> onWire = wireFields(wire);
        assertEquals("Content-Type: text/plain; charset=utf-8", onWire.get(0));
        assertEquals("Content-Length: 12", onWire.get(1));
        assertTrue(onWire.get(2).matches("Date: \\w{3}, \\d\\d \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d GMT"), onWire.get(2));
        assertEquals("Server: jasyncio", onWire.get(3));
        assertEquals(4, onWire.size(), wire);
        // a reference taken before prepare() sees them too: they are added at its first use
        assertEquals(onWire, fields(takenBefore.get()));
        Headers h = sent.get().headers();
        assertEquals("12", h.get("content-length"));
        assertNotNull(HttpWriter.parseDate(h.get("Date")));
        assertEquals("jasyncio", h.get("Server"));
        assertEquals(4, h.size(), "added once");
    }

    @Test
    void aMiddlewareAfterTheHandlerPreparedSeesTheFieldsOfAStreamResponse() {
        List<String> seen = new ArrayList<>();
        Application app = new Application();
        app.addMiddleware((request, handler) -> {
            StreamResponse resp = handler.handle(request);
            seen.addAll(fields(resp.headers()));
            return resp;
        });
        app.router().addGet("/stream", r -> {
            StreamResponse resp = new StreamResponse();
            resp.setContentType("text/plain");
            resp.prepare(r);
            resp.write("part");
            return resp;
        });
        String wire = exchange(app, "GET /stream HTTP/1.1\r\n" + H + "\r\n");
        List<String> onWire = wireFields(wire);
        assertEquals(onWire, seen);
        assertEquals(List.of("Content-Type: text/plain", "Transfer-Encoding: chunked"), onWire.subList(0, 2));
        assertTrue(wire.endsWith("\r\n\r\n4\r\npart\r\n0\r\n\r\n"), wire);
    }

    @Test
    void aDateOrServerSetByTheHandlerIsKeptAsSetdefaultDoes() {
        AtomicReference<Response> sent = new AtomicReference<>();
        Application app = new Application();
        app.router().addGet("/", r -> {
            Response resp = Response.ofText("x");
            resp.headers().set("Server", "mine/1.0").set("Date", "Sun, 06 Nov 1994 08:49:37 GMT");
            sent.set(resp);
            return resp;
        });
        String wire = exchange(app, "GET / HTTP/1.1\r\n" + H + "\r\n");
        assertEquals(List.of("Content-Type: text/plain; charset=utf-8", "Server: mine/1.0",
                "Date: Sun, 06 Nov 1994 08:49:37 GMT", "Content-Length: 1"), wireFields(wire));
        assertEquals(wireFields(wire), fields(sent.get().headers()));
    }

    @Test
    void aFramingFieldSetByTheHandlerIsReplacedInPlaceAndConnectionFollowsTheVersion() {
        Application app = new Application();
        app.router().addGet("/", r -> {
            Response resp = Response.ofText("abc");
            resp.headers().set("Content-Length", "999");
            resp.headers().add("X-After", "1");
            return resp;
        });
        String wire = exchange(app, "GET / HTTP/1.1\r\n" + H + "\r\n");
        List<String> onWire = wireFields(wire);
        assertEquals(List.of("Content-Type: text/plain; charset=utf-8", "Content-Length: 3", "X-After: 1"),
                onWire.subList(0, 3), wire);
        assertTrue(wire.endsWith("\r\n\r\nabc"), wire);
        String http10 = exchange(app, "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        assertTrue(http10.startsWith("HTTP/1.0 200 OK\r\n"), http10);
        assertTrue(wireFields(http10).contains("Connection: keep-alive"), http10);
        Application plain = new Application();
        plain.router().addGet("/", r -> new Response(299, "Fine"));
        String closing = exchange(plain, "GET / HTTP/1.1\r\n" + H + "Connection: close\r\n\r\n");
        assertTrue(closing.startsWith("HTTP/1.1 299 Fine\r\n"), closing);
        assertEquals("Connection: close", wireFields(closing).get(wireFields(closing).size() - 1), closing);
    }

    @Test
    void headerInjectionIsStillRefused() {
        List<String> refused = new ArrayList<>();
        Application app = new Application();
        app.router().addGet("/", r -> {
            Response resp = Response.ofText("x");
            for (String bad : List.of("a\r\nSet-Cookie: evil=1", "a\nb", "a\rb", "a\0b")) {
                refused.add(assertThrows(IllegalArgumentException.class, () -> resp.headers().set("X", bad)).getMessage());
                refused.add(assertThrows(IllegalArgumentException.class, () -> resp.headers().setDefault("Date", bad))
                        .getMessage());
            }
            assertThrows(IllegalArgumentException.class, () -> resp.setStatus(200, "OK\r\nSet-Cookie: evil=1"));
            return resp;
        });
        String wire = exchange(app, "GET / HTTP/1.1\r\n" + H + "\r\n");
        assertEquals(8, refused.size());
        assertTrue(wire.startsWith("HTTP/1.1 200 OK\r\n") && !wire.contains("evil"), wire);
        Headers h = new Headers();
        assertThrows(IllegalArgumentException.class, () -> new HttpWriter().responseHead(1, 200, "OK\nX: y", h));
    }
}
