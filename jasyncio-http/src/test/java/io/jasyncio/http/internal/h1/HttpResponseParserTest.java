package io.jasyncio.http.internal.h1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The response half of the codec, which the HTTP client uses. */
class HttpResponseParserTest {
    @Test
    void statusLineAndBody() {
        Parsed p = Parsed.responses("HTTP/1.1 404 Not Found\r\nContent-Length: 4\r\n\r\nnope", false);
        assertNull(p.error);
        assertEquals(404, p.messages.get(0).head().status());
        assertEquals("Not Found", p.messages.get(0).head().reason());
        assertEquals("nope", p.messages.get(0).bodyText());
    }

    @Test
    void emptyReasonIsAllowed() {
        Parsed p = Parsed.responses("HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n", false);
        assertNull(p.error);
        assertEquals("", p.messages.get(0).head().reason());
    }

    @Test
    void bodyUntilEofWithoutLength() {
        Parsed p = Parsed.responses("HTTP/1.0 200 OK\r\n\r\nall of it", true);
        assertNull(p.error);
        assertEquals("all of it", p.messages.get(0).bodyText());
        assertFalse(p.messages.get(0).head().keepAlive());
    }

    @Test
    void interimResponsesAndNoBodyStatuses() {
        Parsed p = Parsed.responses("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", false);
        assertNull(p.error);
        assertEquals(4, p.messages.size());
        assertEquals("ok", p.messages.get(3).bodyText());
    }

    @Test
    void headResponseHasNoBody() {
        Parsed p = new Parsed();
        HttpParser parser = HttpParser.forResponses(p);
        parser.expectNoBody();
        try {
            parser.feed(java.nio.ByteBuffer.wrap("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx"
                    .getBytes(StandardCharsets.US_ASCII)));
        } catch (io.jasyncio.http.BadHttpMessage e) {
            throw new AssertionError(e);
        }
        assertEquals(2, p.messages.size());
        assertEquals("", p.messages.get(0).bodyText());
        assertEquals("x", p.messages.get(1).bodyText());
    }

    @Test
    void switchingProtocolsStopsTheParser() {
        Parsed p = Parsed.responses("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\u0081\u0000", false);
        assertTrue(p.upgraded);
        assertEquals(2, p.rest.length);
    }

    @Test
    void badStatusLines() {
        for (String line : new String[] {"HTTP/1.1 20 OK", "HTTP/1.1 2000 OK", "HTTP/1.1 abc OK", "HTTP/1.1  200 OK", "HTTP/1.1 099 X",
                "HTTP/1.1 200 O\u0000K", "HTTP/1.1", "ICY 200 OK"}) {
            assertNotNull(Parsed.responses(line + "\r\nContent-Length: 0\r\n\r\n", false).error, line);
        }
        assertEquals(400, Parsed.responses("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", false).error.status());
    }

    @Test
    void eofMidBodyIsAnError() {
        assertNotNull(Parsed.responses("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab", true).error);
    }
}
