package io.jasyncio.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jasyncio.streams.StreamReader;
import org.junit.jupiter.api.Test;

/**
 * A request without a body (no Content-Length, or 0, and not chunked) gets its body reader only
 * when the handler asks for it: a reader already at EOF, as aiohttp's {@code EMPTY_PAYLOAD}, the
 * same one on every call; {@code read()} and {@code text()} are empty, and the connection goes on
 * to the next request. Driven through a recording transport.
 */
class EmptyBodyTest {
    private static final String H = "Host: t\r\n";

    private static String exchange(Application app, String raw) {
        return ServedConnection.with(app, (loop, transport, connection, runner) -> {
            ServedConnection.feed(loop, connection, raw);
            assertFalse(transport.isClosing(), "keep-alive after bodyless requests");
            return transport.written();
        });
    }

    private static Application readsItsBody() {
        Application app = new Application();
        Handler handler = r -> {
            StreamReader content = r.content();
            boolean same = content == r.content();
            boolean eof = content.atEof();
            byte[] all = r.read();
            String text = r.text();
            return Response.ofText(same + " " + eof + " " + all.length + " [" + text + "] " + r.bodyExists());
        };
        app.router().addGet("/", handler).addPost("/", handler);
        return app;
    }

    @Test
    void aGetWithoutBodyReadsAsEmptyFromOneReaderAtEof() {
        String wire = exchange(readsItsBody(), "GET / HTTP/1.1\r\n" + H + "\r\n");
        assertEquals("true true 0 [] false", wire.substring(wire.indexOf("\r\n\r\n") + 4), wire);
    }

    @Test
    void aPostWithContentLengthZeroReadsAsEmptyAndThePipelinedNextIsAnswered() {
        String wire = exchange(readsItsBody(), "POST / HTTP/1.1\r\n" + H + "Content-Length: 0\r\n\r\n"
                + "GET / HTTP/1.1\r\n" + H + "\r\n");
        assertEquals(2, wire.split("HTTP/1.1 200 OK", -1).length - 1, wire);
        assertEquals(2, wire.split("true true 0 \\[\\] false", -1).length - 1, wire);
    }

    @Test
    void aHandlerThatNeverLooksAtTheBodyLeavesTheConnectionUsable() {
        Application app = new Application();
        app.router().addGet("/", r -> Response.ofText("x"));
        String wire = exchange(app, ("GET / HTTP/1.1\r\n" + H + "\r\n").repeat(3));
        assertEquals(3, wire.split("HTTP/1.1 200 OK", -1).length - 1, wire);
    }
}
