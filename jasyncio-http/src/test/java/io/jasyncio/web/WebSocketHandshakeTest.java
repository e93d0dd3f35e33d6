package io.jasyncio.web;

import static io.jasyncio.web.RawClient.one;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The opening handshake (RFC 6455 §4.2): the accept key, and what is refused with 400. */
class WebSocketHandshakeTest {
    static final String UPGRADE = "GET /ws HTTP/1.1\r\nHost: t\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";

    @Test
    void acceptKeyOfTheRfc() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketResponse.accept("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    @Test
    void badHandshakesAre400() {
        Served.serve(WebSocketPeersTest.echoApp(0), (port, runner) -> {
            assertEquals(400, one(port, "GET /ws HTTP/1.1\r\nHost: t\r\n\r\n").status());
            assertEquals(400, one(port, UPGRADE + "Sec-WebSocket-Version: 8\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").status());
            assertEquals(400, one(port, UPGRADE + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: short\r\n\r\n").status());
            var ok = one(port, UPGRADE + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
            assertEquals(101, ok.status());
            assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", ok.headers().get("Sec-WebSocket-Accept"));
        });
    }
}
