package io.jasyncio.http.internal.h1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jasyncio.http.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The writer half: heads round-trip through the parser; injection is refused at the call. */
class HttpWriterTest {
    @Test
    void responseHeadRoundTrips() {
        byte[] head = new HttpWriter().responseHead(1, 201, "Created", Headers.of("Content-Length", "2", "X-A", "b"));
        String s = new String(head, StandardCharsets.ISO_8859_1);
        assertEquals("HTTP/1.1 201 Created\r\nContent-Length: 2\r\nX-A: b\r\n\r\n", s);
        Parsed p = Parsed.responses(s + "ok", false);
        assertNull(p.error);
        assertEquals("ok", p.messages.get(0).bodyText());
    }

    @Test
    void requestHeadRoundTrips() {
        byte[] head = new HttpWriter().requestHead("GET", "/x?y=1", Headers.of("Host", "h"));
        Parsed p = Parsed.requests(new String(head, StandardCharsets.ISO_8859_1));
        assertEquals("/x?y=1", p.messages.get(0).head().target());
    }

    @Test
    void injectionIsRefused() {
        Headers h = new Headers();
        assertThrows(IllegalArgumentException.class, () -> h.add("X", "a\r\nSet-Cookie: evil"));
        assertThrows(IllegalArgumentException.class, () -> h.add("X", "a\nb"));
        assertThrows(IllegalArgumentException.class, () -> h.set("X Y", "a"));
        assertThrows(IllegalArgumentException.class, () -> h.add("X:", "a"));
        assertThrows(IllegalArgumentException.class, () -> new HttpWriter().responseHead(1, 200, "OK\r\nX: y", h));
        assertThrows(IllegalArgumentException.class, () -> new HttpWriter().requestHead("GET", "/a b", h));
        assertThrows(IllegalArgumentException.class, () -> new HttpWriter().responseHead(1, 20, "OK", h));
    }

    @Test
    void datesAreImfFixdate() {
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpWriter.formatDate(Instant.ofEpochSecond(784111777)));
        assertEquals(Instant.ofEpochSecond(784111777), HttpWriter.parseDate("Sun, 06 Nov 1994 08:49:37 GMT"));
        assertNull(HttpWriter.parseDate("yesterday"));
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", new HttpWriter().date(784111777_123L));
        assertEquals("a\r\n", new String(HttpWriter.chunkHeader(10), StandardCharsets.US_ASCII));
    }
}
