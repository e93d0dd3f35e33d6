package io.jasyncio.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jasyncio.http.internal.h1.HttpWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checks every mutable header goes through (response splitting), on each way in, and what they let through. */
class HeadersTest {
    private static final List<String> REFUSED_VALUES = List.of("a\rb", "a\nb", "a\0b", "\r", "x\u0100", "snow\u2603");
    private static final List<String> ACCEPTED_VALUES = List.of("", "a\tb", "caf\u00e9", "\u00ff\u0080", "\u007f", "a b ~!");

    @Test
    void crLfNulAndNonLatin1AreRefusedByAddSetAndSetDefaultAlike() {
        for (String bad : REFUSED_VALUES) {
            Headers h = Headers.of("X-Old", "v");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.add("X-New", bad));
            assertEquals(true, e.getMessage().startsWith("header X-New: value holds a forbidden char "), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> h.set("X-New", bad), "set of a new name");
            assertThrows(IllegalArgumentException.class, () -> h.set("x-old", bad), "set over an existing field");
            assertThrows(IllegalArgumentException.class, () -> h.setDefault("X-New", bad));
            assertEquals("Headers{X-Old: v}", h.toString(), "nothing was stored: " + bad);
        }
        assertEquals("header X: value is null", assertThrows(IllegalArgumentException.class,
                () -> new Headers().set("X", null)).getMessage());
    }

    @Test
    void tabDelAndLatin1ValuesPassAndAreWrittenByteForByte() {
        HttpWriter writer = new HttpWriter();
        for (String good : ACCEPTED_VALUES) {
            Headers h = new Headers().set("X", good);
            assertEquals(good, h.get("x"));
            byte[] head = writer.responseHead(1, 200, "OK", h);
            byte[] expected = ("HTTP/1.1 200 OK\r\nX: " + good + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
            assertArrayEquals(expected, head, "as ISO-8859-1: " + good);
        }
    }

    @Test
    void everyNonTokenCharInANameIsRefused() {
        String separators = "()<>@,;:\\\"/[]?={} \t\r\n\0\u007f\u00e9\u0100";
        for (char c : separators.toCharArray()) {
            String name = "X" + c + "Y";
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Headers().set(name, "v"));
            assertEquals("header name is not a token (char " + (int) c + "): " + name, e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new Headers().add(name, "v"));
        }
        assertThrows(IllegalArgumentException.class, () -> new Headers().set("", "v"));
        new Headers().set("!#$%&'*+-.^_`|~09azAZ", "v"); // every token char
    }

    @Test
    void setReplacesEveryFieldOfTheNameInPlaceIgnoringCase() {
        Headers h = Headers.of("A", "1", "Set-Cookie", "a", "B", "2", "set-cookie", "b");
        h.set("SET-COOKIE", "c");
        assertEquals("Headers{A: 1, Set-Cookie: c, B: 2}", h.toString());
        h.set("C", "3");
        assertEquals("Headers{A: 1, Set-Cookie: c, B: 2, C: 3}", h.toString());
        assertEquals("1", h.setDefault("a", "x"));
        assertEquals("x", h.setDefault("D", "x"));
        assertEquals(5, h.size());
    }

    @Test
    void theWriterGrowsForAHeadLargerThanItsBuffer() {
        String big = "v".repeat(5000);
        Headers h = new Headers().set("A", big).set("B", big);
        byte[] head = new HttpWriter().responseHead(1, 200, "OK", h);
        assertEquals(new String(head, StandardCharsets.ISO_8859_1), "HTTP/1.1 200 OK\r\nA: " + big + "\r\nB: " + big + "\r\n\r\n");
    }
}
