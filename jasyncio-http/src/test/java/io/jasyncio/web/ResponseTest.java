package io.jasyncio.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a Response holds before it is sent: aiohttp's defaults for text bodies and reasons. */
class ResponseTest {
    @Test
    void aTextBodyGetsTheContentTypeOfItsCharsetUnlessOneIsSet() {
        Response utf8 = Response.ofText("caf\u00e9");
        assertEquals("text/plain; charset=utf-8", utf8.headers().get("Content-Type"));
        assertEquals(5, utf8.body().length);
        Response latin1 = new Response().setText("caf\u00e9", StandardCharsets.ISO_8859_1);
        assertEquals("text/plain; charset=iso-8859-1", latin1.headers().get("Content-Type"));
        assertEquals(4, latin1.body().length);
        Response html = new Response();
        html.setContentType("text/html");
        html.setText("<p>");
        assertEquals("text/html", html.headers().get("Content-Type"), "a type set first is kept");
    }

    @Test
    void aJsonResponseIsUtf8JsonFromTheDefaultCodecOrTheOneGiven() {
        Response json = Response.json(Map.of("message", "caf\u00e9"));
        assertEquals("application/json; charset=utf-8", json.headers().get("Content-Type"));
        assertEquals("{\"message\":\"caf\u00e9\"}", json.text());
        assertEquals(19, json.body().length, "UTF-8: the \u00e9 is two bytes");
        JsonCodec custom = new JsonCodec() {
            @Override
            public byte[] dumps(Object value) {
                return ("<" + value + ">").getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public <T> T loads(byte[] json, Class<T> type) {
                throw new UnsupportedOperationException();
            }
        };
        Response dumped = Response.json(List.of(1, 2), custom);
        assertEquals("<[1, 2]>", dumped.text(), "aiohttp's dumps=: the given codec writes the body");
        assertEquals("application/json; charset=utf-8", dumped.headers().get("Content-Type"));
    }

    @Test
    void theReasonIsTheStandardPhraseUnlessGivenAndAGivenOneIsChecked() {
        assertEquals("OK", new Response().reason());
        assertEquals("Not Found", new Response(404, null).reason());
        assertEquals("", new Response(299, null).reason(), "no standard phrase");
        assertEquals("Fine", new Response(200, "Fine").reason());
        assertThrows(IllegalArgumentException.class, () -> new Response(200, "OK\r\nSet-Cookie: x=1"));
        assertThrows(IllegalArgumentException.class, () -> new Response().setStatus(404, "Gone\n"));
    }
}
