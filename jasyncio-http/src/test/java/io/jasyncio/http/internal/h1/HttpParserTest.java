package io.jasyncio.http.internal.h1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.http.BadHttpMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The request parser: what it accepts, split anywhere, and what it refuses (aiohttp's test_http_parser cases among them). */
class HttpParserTest {
    private static Parsed.Message one(String input) {
        Parsed p = Parsed.requests(input);
        assertNull(p.error, () -> "refused: " + p.error.getMessage());
        assertEquals(1, p.messages.size());
        return p.messages.get(0);
    }

    private static BadHttpMessage refused(String input) {
        Parsed p = Parsed.requests(input);
        assertNotNull(p.error, "accepted: " + input);
        return p.error;
    }

    @Test
    void simpleGet() {
        var m = one("GET /path?q=1 HTTP/1.1\r\nHost: a\r\nX-Thing:  value with  spaces \t\r\n\r\n");
        assertSame("GET", m.head().method());
        assertEquals("/path?q=1", m.head().target());
        assertEquals(1, m.head().versionMinor());
        assertEquals("value with  spaces", m.head().headers().get("x-thing"));
        assertEquals("a", m.head().headers().get("HOST"));
        assertTrue(m.head().keepAlive());
        assertEquals(0, m.body().length);
    }

    @Test
    void everySplitGivesTheSameMessages() {
        String input = "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"
                + "PUT /b HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3;ext=\"q\\\"x\"\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\nX-Trailer: t\r\n\r\n"
                + "GET /c HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n";
        byte[] bytes = input.getBytes(StandardCharsets.ISO_8859_1);
        for (int step = 1; step <= bytes.length; step++) {
            Parsed p = Parsed.run(true, bytes, step, false);
            assertNull(p.error, "step " + step);
            assertEquals(3, p.messages.size(), "step " + step);
            assertEquals("hello", p.messages.get(0).bodyText());
            assertEquals("abc0123456789abcdef", p.messages.get(1).bodyText());
            assertEquals("t", p.messages.get(1).trailers().get("x-trailer"));
            assertEquals("/c", p.messages.get(2).head().target());
            assertFalse(p.messages.get(2).head().keepAlive());
        }
    }

    @Test
    void pipelinedRequestsComeOutInOrder() {
        Parsed p = Parsed.requests("GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\nGET /3 HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals(3, p.messages.size());
        for (int i = 0; i < 3; i++) {
            assertEquals("/" + (i + 1), p.messages.get(i).head().target());
        }
    }

    @Test
    void bytesAfterConnectionCloseAreDropped() {
        Parsed p = Parsed.requests("GET /1 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\nGET /2 HTTP/1.1\r\n\r\n");
        assertNull(p.error);
        assertEquals(1, p.messages.size());
    }

    @Test
    void http10IsCloseUnlessKeepAlive() {
        var m = one("GET / HTTP/1.0\r\n\r\n");
        assertEquals(0, m.head().versionMinor());
        assertFalse(m.head().keepAlive());
        assertTrue(one("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").head().keepAlive());
        assertFalse(one("GET / HTTP/1.1\r\nHost: h\r\nConnection: foo, close\r\n\r\n").head().keepAlive());
    }

    @Test
    void emptyLinesBeforeTheRequestLineAreIgnored() {
        assertEquals("/", one("\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n").head().target());
    }

    @Test
    void expectContinueAndUpgradeAreFlagged() {
        var m = one("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\nx");
        assertTrue(m.head().expectContinue());
        Parsed p = Parsed.requests("GET /ws HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n\r\n\u0081\u0005hello");
        assertTrue(p.upgraded);
        assertEquals(1, p.messages.size());
        assertTrue(p.messages.get(0).head().upgrade());
        assertEquals(7, p.rest.length, "the bytes after the head belong to the new protocol");
    }

    @Test
    void methodsAreCaseSensitiveTokens() {
        assertEquals("get", one("get / HTTP/1.1\r\nHost: h\r\n\r\n").head().method());
        assertEquals("M-SEARCH", one("M-SEARCH * HTTP/1.1\r\nHost: h\r\n\r\n".replace("*", "/")).head().method());
    }

    @Test
    void targetForms() {
        assertEquals("*", one("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n").head().target());
        assertEquals("http://h/x", one("GET http://h/x HTTP/1.1\r\nHost: h\r\n\r\n").head().target());
        assertEquals("h:443", one("CONNECT h:443 HTTP/1.1\r\nHost: h:443\r\n\r\n").head().target());
        assertEquals(400, refused("GET * HTTP/1.1\r\nHost: h\r\n\r\n").status());
        assertEquals(400, refused("GET h:443 HTTP/1.1\r\nHost: h\r\n\r\n").status());
        assertEquals(400, refused("CONNECT /x HTTP/1.1\r\nHost: h\r\n\r\n").status());
        assertEquals(400, refused("GET path HTTP/1.1\r\nHost: h\r\n\r\n").status());
    }

    @Test
    void sameContentLengthTwiceIsFineTwoDifferentAreNot() {
        assertEquals("ab", one("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nab").bodyText());
        assertEquals(400, refused("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc").status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5", "+256", "1_000", "0x10", "1 2", "", "\u0661\u0662", "99999999999999999999", "1,1"})
    void contentLengthMustBeDigits(String value) {
        assertEquals(400, refused("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: " + value + "\r\n\r\n").status());
    }

    @Test
    void contentLengthWithTransferEncodingIsSmuggling() {
        var e = refused("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("smuggling"));
    }

    @Test
    void transferEncodingMustBeOneFinalChunked() {
        assertEquals(501, refused("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n").status());
        assertEquals(400, refused("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n").status());
        assertEquals(400, refused("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n").status());
        assertEquals(400, refused("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked,\r\n\r\n").status());
        assertEquals(501, refused("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunkedx\r\n\r\n").status());
        assertEquals(400, refused("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n").status());
        assertEquals("x", one("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: CHUNKED\r\n\r\n1\r\nx\r\n0\r\n\r\n").bodyText());
    }

    @Test
    void obsoleteLineFoldingIsRefused() {
        assertTrue(refused("GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\n\r\n").getMessage().contains("folding"));
        assertEquals(400, refused("GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n\tb\r\n\r\n").status());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET / HTTP/1.1\nHost: h\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\n\n",
        "GET / HTTP/1.1\r\nHost: h\rX: y\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nX: a\rb\r\n\r\n",
        "GET /\r HTTP/1.1\r\nHost: h\r\n\r\n",
    })
    void bareCrOrLfIsRefused(String input) {
        assertEquals(400, refused(input).status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"X Y: z", "X : z", "X\t: z", "\"X\": z", "X(: z", ": z", "X@Y: z", "X\u00e9: z", "X\u0000: z", "{X}: z"})
    void fieldNamesMustBeTokensWithTheColonRightAfter(String field) {
        assertEquals(400, refused("GET / HTTP/1.1\r\nHost: h\r\n" + field + "\r\n\r\n").status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "a\u0001b", "a\u007fb", "a\u001bb"})
    void fieldValuesMustHaveNoControlBytes(String value) {
        assertEquals(400, refused("GET / HTTP/1.1\r\nHost: h\r\nX: " + value + "\r\n\r\n").status());
    }

    @Test
    void obsTextInValuesIsKeptByteForByte() {
        assertEquals("caf\u00e9", one("GET / HTTP/1.1\r\nHost: h\r\nX: caf\u00e9\r\n\r\n").head().headers().get("x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET  / HTTP/1.1", "GET /  HTTP/1.1", "GET / HTTP/1.1 ", " GET / HTTP/1.1", "GET / http/1.1", "GET / HTTP/1.1\u0000",
        "GET / HTTP/11", "GET /", "GET", "G(T / HTTP/1.1", "GET /a\u0000b HTTP/1.1", "GET /\u00e9 HTTP/1.1", "GET\t/ HTTP/1.1",
    })
    void badRequestLines(String line) {
        assertEquals(400, refused(line + "\r\nHost: h\r\n\r\n").status());
    }

    @Test
    void unsupportedVersionsAre505() {
        assertEquals(505, refused("GET / HTTP/2.0\r\nHost: h\r\n\r\n").status());
        assertEquals(505, refused("GET / HTTP/1.2\r\nHost: h\r\n\r\n").status());
        assertEquals(505, refused("GET / HTTP/0.9\r\n\r\n").status());
    }

    @Test
    void hostIsRequiredOnceInHttp11() {
        assertEquals(400, refused("GET / HTTP/1.1\r\n\r\n").status());
        assertEquals(400, refused("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").status());
        assertNull(Parsed.requests("GET / HTTP/1.0\r\n\r\n").error);
    }

    @ParameterizedTest
    @ValueSource(strings = {":", "h:", ":80", "a b", "h\u00ff", "\"h\"", "/h", "h/x", "[::1", "h%zz"})
    void hostMustBeHostAndPort(String host) {
        assertEquals(400, refused("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n").status());
    }

    @Test
    void validHosts() {
        for (String host : new String[] {"h", "h:8080", "[::1]:80", "127.0.0.1", "xn--bcher-kva.example", "a%20b", ""}) {
            assertNull(Parsed.requests("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n").error, host);
        }
    }

    @Test
    void lineLimits() {
        String ok = "GET /" + "a".repeat(8190 - 14) + " HTTP/1.1";
        assertEquals(8190, ok.length());
        assertNull(Parsed.requests(ok + "\r\nHost: h\r\n\r\n").error);
        assertEquals(400, refused("GET /" + "a".repeat(8190 - 13) + " HTTP/1.1\r\nHost: h\r\n\r\n").status());
        String field = "X: " + "v".repeat(8190 - 3);
        assertNull(Parsed.requests("GET / HTTP/1.1\r\nHost: h\r\n" + field + "\r\n\r\n").error);
        assertEquals(431, refused("GET / HTTP/1.1\r\nHost: h\r\n" + field + "v\r\n\r\n").status());
    }

    @Test
    void aLineThatNeverEndsIsRefusedBeforeItIsWhole() {
        Parsed p = Parsed.run(true, ("GET /" + "a".repeat(20_000)).getBytes(StandardCharsets.US_ASCII), 1000, false);
        assertEquals(400, p.error.status());
    }

    @Test
    void headerCountLimit() {
        StringBuilder sb = new StringBuilder("GET / HTTP/1.1\r\nHost: h\r\n");
        for (int i = 0; i < 127; i++) {
            sb.append("X").append(i).append(": v\r\n");
        }
        assertNull(Parsed.requests(sb + "\r\n").error);
        assertEquals(431, refused(sb + "One-Too-Many: v\r\n\r\n").status());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "X\r\n", "-1\r\n", "0x1\r\n", "\r\n", " 1\r\n", "1\n", "1;a\nb\r\n", "1;a\rb\r\n", "1;\r\n", "1;a=\r\n",
        "1;a=\"b\r\n", "1;a=\"\u0000\"\r\n", "1 x\r\n", "10000000000000000\r\n", "ffffffffffffffff\r\n", "1_0\r\n",
    })
    void badChunkSizeLines(String line) {
        assertEquals(400, refused("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n" + line + "x\r\n0\r\n\r\n").status());
    }

    @Test
    void chunkExtensionsThatAreWellFormedAreSkipped() {
        var m = one("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "2 ; a ; b = c;d=\"e;f\"\r\nxy\r\n0;last\r\n\r\n");
        assertEquals("xy", m.bodyText());
    }

    @Test
    void chunkDataMustEndWithCrlf() {
        String h = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n";
        assertEquals(400, refused(h + "1\r\nxy\r\n0\r\n\r\n").status());
        assertEquals(400, refused(h + "1\r\nx\n0\r\n\r\n").status());
        assertEquals(400, refused(h + "1\r\nx\r0\r\n\r\n").status());
    }

    @Test
    void trailersAreValidatedLikeFields() {
        String h = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n";
        assertEquals(400, refused(h + "X : y\r\n\r\n").status());
        assertEquals(400, refused(h + "X: y\r\n z\r\n\r\n").status());
        assertEquals(400, refused(h + "X: y\n\r\n").status());
        assertTrue(one(h + "\r\n").trailers().isEmpty());
    }

    @Test
    void aFailedParserStaysFailed() {
        Parsed p = new Parsed();
        HttpParser parser = HttpParser.forRequests(p);
        var first = assertThrows(BadHttpMessage.class, () -> parser.feed(ByteBuffer.wrap("GET / HTTP/1.1\r\nX : y\r\n".getBytes(StandardCharsets.US_ASCII))));
        var second = assertThrows(BadHttpMessage.class, () -> parser.feed(ByteBuffer.wrap("GET / HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII))));
        assertSame(first, second);
        assertTrue(p.messages.isEmpty());
    }

    @Test
    void eofInTheMiddleOfARequestIsAnError() {
        Parsed p = Parsed.run(true, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nab".getBytes(StandardCharsets.US_ASCII), 100, true);
        assertEquals(400, p.error.status());
        Parsed clean = Parsed.run(true, "GET / HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 100, true);
        assertNull(clean.error);
    }

    @Test
    void bodyViewsAreOfTheInputWithoutCopy() {
        byte[] input = "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer[] seen = new ByteBuffer[1];
        HttpParser parser = HttpParser.forRequests(new HttpParser.Listener() {
            @Override
            public void onHead(HttpHead head) {}

            @Override
            public void onBody(ByteBuffer data) {
                seen[0] = data;
            }

            @Override
            public void onComplete(io.jasyncio.http.Headers trailers) {}
        });
        assertThrows(IllegalArgumentException.class, () -> HttpParser.forRequests(null));
        try {
            parser.feed(ByteBuffer.wrap(input));
        } catch (BadHttpMessage e) {
            throw new AssertionError(e);
        }
        assertSame(input, seen[0].array());
        byte[] got = new byte[3];
        seen[0].get(got);
        assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), got);
    }
}
