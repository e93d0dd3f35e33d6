package io.jasyncio.web;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.locks.Event;
import io.jasyncio.streams.StreamPair;
import org.junit.jupiter.api.Test;

/**
 * Responses to pipelined requests are gathered into one write per batch, without holding an
 * answered response back while a later handler suspends, and without reordering a 100-continue.
 */
class PipelineCorkTest {
    private static final String H = "Host: t\r\n";

    @Test
    void aSuspendedHandlerDoesNotHoldBackTheResponsesBeforeIt() {
        Event release = new Event();
        Application app = new Application();
        app.router()
                .addGet("/fast", r -> Response.ofText("fast"))
                .addGet("/slow", r -> {
                    release.await();
                    return Response.ofText("slow");
                });
        Served.serve(app, (port, runner) -> {
            StreamPair c = Asyncio.openConnection("127.0.0.1", port);
            c.writer().write(("GET /fast HTTP/1.1\r\n" + H + "\r\nGET /fast HTTP/1.1\r\n" + H + "\r\nGET /slow HTTP/1.1\r\n"
                    + H + "\r\nGET /fast HTTP/1.1\r\n" + H + "\r\n").getBytes(US_ASCII));
            // the two answers before /slow arrive while /slow is still waiting
            String first = new String(Asyncio.timeout(10, () -> readResponses(c, 2)), US_ASCII);
            assertEquals(2, first.split("HTTP/1.1 200 OK", -1).length - 1, first);
            assertTrue(first.endsWith("fast"), first);
            release.set();
            String rest = new String(Asyncio.timeout(10, () -> readResponses(c, 2)), US_ASCII);
            assertTrue(rest.contains("\r\n\r\nslow") && rest.endsWith("\r\n\r\nfast"), rest);
            assertTrue(rest.indexOf("slow") < rest.lastIndexOf("fast"), "in order");
            c.writer().close();
        });
    }

    @Test
    void aContinueAfterGatheredResponsesComesAfterThem() {
        Application app = new Application();
        app.router()
                .addGet("/a", r -> Response.ofText("a"))
                .addPost("/echo", r -> Response.ofBytes(r.read()));
        Served.serve(app, (port, runner) -> {
            StreamPair c = Asyncio.openConnection("127.0.0.1", port);
            c.writer().write(("GET /a HTTP/1.1\r\n" + H + "\r\nPOST /echo HTTP/1.1\r\n" + H
                    + "Content-Length: 4\r\nExpect: 100-continue\r\n\r\n").getBytes(US_ASCII));
            String before = new String(Asyncio.timeout(10, () -> c.reader().readuntil("HTTP/1.1 100 Continue\r\n\r\n".getBytes(US_ASCII))), US_ASCII);
            assertTrue(before.startsWith("HTTP/1.1 200 OK\r\n") && before.contains("\r\n\r\naHTTP/1.1 100"), before);
            c.writer().write("body".getBytes(US_ASCII));
            String echo = new String(Asyncio.timeout(10, () -> readResponses(c, 1)), US_ASCII);
            assertTrue(echo.endsWith("\r\n\r\nbody"), echo);
            c.writer().close();
        });
    }

    @Test
    void aBatchMixingSmallAndLargeBodiesArrivesWholeAndInOrder() {
        // small answers are joined into one array per write, one over the join limit is not copied
        byte[] big = new byte[40_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        Application app = new Application();
        app.router()
                .addGet("/small/{n}", r -> Response.ofText("small " + r.matchInfo().get("n")))
                .addGet("/big", r -> Response.ofBytes(big));
        Served.serve(app, (port, runner) -> {
            StreamPair c = Asyncio.openConnection("127.0.0.1", port);
            StringBuilder batch = new StringBuilder();
            String[] order = {"/small/1", "/small/2", "/big", "/small/3", "/big", "/small/4"};
            for (String path : order) {
                batch.append("GET ").append(path).append(" HTTP/1.1\r\n").append(H).append("\r\n");
            }
            c.writer().write(batch.toString().getBytes(US_ASCII));
            for (String path : order) {
                byte[] one = Asyncio.timeout(10, () -> readResponses(c, 1));
                String text = new String(one, US_ASCII);
                int body = text.indexOf("\r\n\r\n") + 4;
                if (path.equals("/big")) {
                    assertEquals(new String(big, US_ASCII), text.substring(body), "the large body, intact");
                } else {
                    assertEquals("small " + path.substring(7), text.substring(body));
                }
            }
            c.writer().close();
        });
    }

    /** Reads {@code n} responses with Content-Length bodies, returning their bytes. */
    private static byte[] readResponses(StreamPair c, int n) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            byte[] head = c.reader().readuntil("\r\n\r\n".getBytes(US_ASCII));
            out.write(head);
            String h = new String(head, US_ASCII).toLowerCase();
            int at = h.indexOf("content-length: ");
            int len = Integer.parseInt(h.substring(at + 16, h.indexOf("\r\n", at)).trim());
            out.write(c.reader().readexactly(len));
        }
        return out.toByteArray();
    }
}
