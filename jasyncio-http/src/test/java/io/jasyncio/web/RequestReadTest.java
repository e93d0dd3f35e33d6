package io.jasyncio.web;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import org.junit.jupiter.api.Test;

/**
 * {@code request.read()} returns the whole body however it arrives: in the same read as the head
 * (taken as it is, without a copy through a stream), split over reads while the handler waits,
 * or chunked; and still answers 413 over {@code clientMaxSize} when no Content-Length said so
 * upfront. Driven through a recording transport, each read from a loop callback of its own.
 */
class RequestReadTest {
    private static final String H = "Host: t\r\n";

    /** Feeds each of {@code reads} to a connection of an echo app, one loop callback each; returns the wire. */
    private static String exchange(long clientMaxSize, String... reads) {
        Application app = new Application();
        app.setClientMaxSize(clientMaxSize);
        app.router().addPost("/echo", r -> Response.ofText(r.read().length + ":" + new String(r.read(), US_ASCII)));
        return ServedConnection.with(app, (loop, transport, connection, runner) -> {
            for (String raw : reads) {
                ServedConnection.feed(loop, connection, raw);
            }
            for (int i = 0; i < 10; i++) {
                Asyncio.sleep(0);
            }
            return transport.written();
        });
    }

    private static String body(String wire) {
        return wire.substring(wire.indexOf("\r\n\r\n") + 4);
    }

    @Test
    void aBodyInTheSameReadAsItsHead() {
        String wire = exchange(1 << 20, "POST /echo HTTP/1.1\r\n" + H + "Content-Length: 11\r\n\r\nhello world");
        assertEquals("11:hello world", body(wire), wire);
    }

    @Test
    void aBodySplitOverThreeReadsWhileTheHandlerWaits() {
        String wire = exchange(1 << 20, "POST /echo HTTP/1.1\r\n" + H + "Content-Length: 11\r\n\r\nhel", "lo w", "orld");
        assertEquals("11:hello world", body(wire), wire);
    }

    @Test
    void aChunkedBodyInPiecesThenAPipelinedOne() {
        String wire = exchange(1 << 20,
                "POST /echo HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
                "6\r\n world\r\n0\r\n\r\nPOST /echo HTTP/1.1\r\n" + H + "Content-Length: 2\r\n\r\nok");
        assertTrue(wire.contains("\r\n\r\n11:hello world"), wire);
        assertTrue(wire.endsWith("\r\n\r\n2:ok"), wire);
    }

    @Test
    void aChunkedBodyOverClientMaxSizeIs413WhetherItCameInOnePieceOrTwo() {
        String one = exchange(10, "POST /echo HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\nb\r\nhello world\r\n0\r\n\r\n");
        assertTrue(one.startsWith("HTTP/1.1 413 "), one);
        String two = exchange(10, "POST /echo HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n6\r\nhello \r\n",
                "5\r\nworld\r\n0\r\n\r\n");
        assertTrue(two.startsWith("HTTP/1.1 413 "), two);
    }
}
