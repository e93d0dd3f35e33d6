package io.jasyncio.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Future;
import io.jasyncio.VoidCoroutine;
import io.jasyncio.client.ClientWebSocketResponse;
import io.jasyncio.client.WsConnectOptions;
import io.jasyncio.testutils.TestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * aiohttp's {@code WebSocketResponse} surface beyond send and receive, against our client on
 * 127.0.0.1: subprotocols, {@code can_prepare}, {@code receive_str/bytes/json} on the wrong kind
 * of message, {@code exception()} and the close code after a message over {@code max_msg_size}.
 */
class WebSocketResponseTest {
    private static void run(VoidCoroutine body) {
        Asyncio.run(() -> Asyncio.timeout(30, body));
    }

    /** Speaks "chat" and "chat.v2"; the first message says what both checks saw. */
    private static Application protocolsApp() {
        Application app = new Application();
        app.router().addGet("/ws", request -> {
            WebSocketResponse ws = new WebSocketResponse().setProtocols("chat", "chat.v2");
            WebSocketReady ready = ws.canPrepare(request);
            ws.prepare(request);
            ws.sendStr("ready " + ready.ok() + " " + ready.protocol() + ", protocol " + ws.protocol());
            for (WSMessage m : ws) {
                ws.sendStr("echo: " + m.text());
            }
            return ws;
        });
        app.router().addGet("/plain", request -> {
            WebSocketReady ready = new WebSocketResponse().canPrepare(request);
            return Response.ofText("ready " + ready.ok() + " " + ready.protocol());
        });
        return app;
    }

    @Test
    void theFirstProtocolTheClientOffersThatTheServerSpeaksIsChosenAsAiohttp() {
        List<LogRecord> warnings = new ArrayList<>();
        Logger log = Logger.getLogger("io.jasyncio.web.websocket");
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                synchronized (warnings) {
                    warnings.add(r);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        log.addHandler(capture);
        try {
            run(() -> {
                try (TestClient client = TestClient.start(protocolsApp())) {
                    ClientWebSocketResponse ws = client.wsConnect("/ws", WsConnectOptions.defaults().withProtocols("chat.v2", "chat"));
                    assertEquals("chat.v2", ws.protocol(), "the client's order decides, as aiohttp's loop over the request's list");
                    assertEquals("ready true chat.v2, protocol chat.v2", ws.receiveStr());
                    ws.sendStr("hi");
                    assertEquals("echo: hi", ws.receiveStr());
                    ws.close();
                    assertTrue(warnings.isEmpty());

                    ws = client.wsConnect("/ws", WsConnectOptions.defaults().withProtocols("mqtt"));
                    assertNull(ws.protocol(), "no protocol in common: the handshake still succeeds, without one");
                    assertEquals("ready true null, protocol null", ws.receiveStr());
                    ws.close();
                    assertEquals(1, warnings.size());
                    assertEquals(Level.WARNING, warnings.get(0).getLevel());
                    assertTrue(String.valueOf(warnings.get(0).getParameters()[0]).contains("mqtt"));

                    ws = client.wsConnect("/ws");
                    assertNull(ws.protocol());
                    assertEquals("ready true null, protocol null", ws.receiveStr());
                    ws.close();
                    assertEquals(1, warnings.size(), "no offer, no warning");

                    assertEquals("ready false null", client.get("/plain").text(), "not a WebSocket handshake");
                }
            });
        } finally {
            log.removeHandler(capture);
        }
    }

    @Test
    void canPrepareAndSetProtocolsAreRefusedOncePrepared() {
        Application app = new Application();
        List<String> seen = new ArrayList<>();
        app.router().addGet("/ws", request -> {
            WebSocketResponse ws = new WebSocketResponse();
            ws.prepare(request);
            seen.add(assertThrows(IllegalStateException.class, () -> ws.canPrepare(request)).getClass().getSimpleName());
            seen.add(assertThrows(IllegalStateException.class, () -> ws.setProtocols("x")).getClass().getSimpleName());
            ws.close();
            return ws;
        });
        run(() -> {
            try (TestClient client = TestClient.start(app)) {
                ClientWebSocketResponse ws = client.wsConnect("/ws");
                assertEquals(WSMsgType.CLOSE, ws.receive().type());
            }
        });
        assertEquals(List.of("IllegalStateException", "IllegalStateException"), seen);
        assertThrows(IllegalArgumentException.class, () -> new WebSocketResponse().setProtocols("two words"));
    }

    @Test
    void receiveStrBytesAndJsonRefuseTheWrongKindOfMessage() {
        Application app = new Application();
        app.router().addGet("/ws", request -> {
            WebSocketResponse ws = new WebSocketResponse();
            ws.prepare(request);
            ws.sendStr(assertThrows(IllegalStateException.class, ws::receiveStr).getMessage());
            ws.sendStr(assertThrows(IllegalStateException.class, ws::receiveBytes).getMessage());
            ws.sendStr("bytes " + new String(ws.receiveBytes(), java.nio.charset.StandardCharsets.UTF_8));
            ws.sendStr("str " + ws.receiveStr());
            ws.sendJson(Map.of("got", ws.receiveJson(Map.class)));
            ws.sendStr(assertThrows(IllegalStateException.class, () -> ws.receiveJson(Map.class)).getMessage());
            return ws;
        });
        run(() -> {
            try (TestClient client = TestClient.start(app)) {
                ClientWebSocketResponse ws = client.wsConnect("/ws");
                ws.sendBytes(new byte[] {1, 2});
                assertEquals("Received message WSMessage(BINARY, 2 bytes) is not TEXT", ws.receiveStr());
                ws.sendStr("t");
                assertEquals("Received message WSMessage(TEXT, t) is not BINARY", ws.receiveStr());
                ws.sendBytes("b".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                assertEquals("bytes b", ws.receiveStr());
                ws.sendStr("s");
                assertEquals("str s", ws.receiveStr());
                ws.sendStr("{\"a\":[1]}");
                assertEquals("{\"got\":{\"a\":[1]}}", ws.receiveStr());
                ws.sendBytes(new byte[] {'{', '}'});
                assertEquals("Received message WSMessage(BINARY, 2 bytes) is not TEXT", ws.receiveStr());
            }
        });
    }

    @Test
    void aMessageOverMaxMsgSizeClosesWith1009AndExceptionSaysWhy() {
        Application app = new Application();
        List<Future<List<Object>>> serverSaw = new ArrayList<>(); // made on the loop, below
        app.router().addGet("/ws", request -> {
            WebSocketResponse ws = new WebSocketResponse().setMaxMsgSize(1024);
            ws.prepare(request);
            assertNull(ws.exception());
            assertEquals(0, ws.closeCode());
            ws.sendStr("ok " + ws.receiveStr().length());
            WSMessage m = ws.receive();
            serverSaw.get(0).setResult(java.util.Arrays.asList(m.type(), m.closeCode(), ws.closeCode(), ws.exception(), ws.closed()));
            return ws;
        });
        run(() -> {
            serverSaw.add(Asyncio.getRunningLoop().createFuture());
            try (TestClient client = TestClient.start(app)) {
                ClientWebSocketResponse ws = client.wsConnect("/ws", WsConnectOptions.defaults().withCompress(false));
                ws.sendStr("x".repeat(1024));
                assertEquals("ok 1024", ws.receiveStr(), "exactly maxMsgSize is accepted");
                ws.sendStr("x".repeat(1025));
                WSMessage close = ws.receive();
                assertEquals(WSMsgType.CLOSE, close.type(), close.toString());
                assertEquals(1009, close.closeCode(), "1009 message too big (RFC 6455 §7.4.1)");
                List<Object> saw = serverSaw.get(0).await();
                assertEquals(List.of(WSMsgType.ERROR, 1009, 1009), saw.subList(0, 3));
                WebSocketError e = assertInstanceOf(WebSocketError.class, saw.get(3));
                assertEquals(1009, e.code());
                assertEquals("message over maxMsgSize 1024", e.getMessage());
                assertEquals(true, saw.get(4));
                assertNull(ws.exception(), "the client saw a clean close");
                assertFalse(ws.compressed());
            }
        });
    }
}
