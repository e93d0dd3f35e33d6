package io.jasyncio.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.http.internal.ws.WsHandshake;
import io.jasyncio.transports.Server;
import io.jasyncio.web.Application;
import io.jasyncio.web.Response;
import io.jasyncio.web.WSMessage;
import io.jasyncio.web.WSMsgType;
import io.jasyncio.web.WebSocketResponse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WebSocket client ({@code session.wsConnect}) against our server, a raw server and aiohttp.web's, on 127.0.0.1. */
class ClientWebSocketTest {
    @TempDir
    Path tmp;

    interface Body {
        void run(String base) throws Exception;
    }

    private static void served(Application app, Body body) {
        ServedApp.serve(app, port -> body.run("127.0.0.1:" + port));
    }

    /** Echoes text and binary; "close" makes the server close with 4000 "bye"; "big" sends 2 MiB. */
    private static Application echoApp(double serverHeartbeat) {
        Application app = new Application();
        app.router().addGet("/ws", request -> {
            WebSocketResponse ws = new WebSocketResponse().setHeartbeat(serverHeartbeat);
            ws.prepare(request);
            for (WSMessage msg : ws) {
                if (msg.type() == WSMsgType.BINARY) {
                    ws.sendBytes(msg.data());
                } else if (msg.text().equals("close")) {
                    ws.close(4000, "bye");
                } else if (msg.text().equals("big")) {
                    ws.sendStr("x".repeat(2 << 20));
                } else {
                    ws.sendStr("echo: " + msg.text());
                }
            }
            return ws;
        });
        app.router().addGet("/", r -> Response.ofText("not a websocket"));
        return app;
    }

    @Test
    void textBinaryJsonIterationAndAServerClose() {
        served(echoApp(0), host -> {
            try (ClientSession s = new ClientSession()) {
                try (ClientWebSocketResponse ws = s.wsConnect("ws://" + host + "/ws")) {
                    assertTrue(ws.compressed(), "our server accepts permessage-deflate");
                    assertNull(ws.protocol());
                    ws.sendStr("hello");
                    assertEquals("echo: hello", ws.receiveStr());
                    ws.sendBytes(new byte[] {0, 1, 2});
                    assertArrayEquals(new byte[] {0, 1, 2}, ws.receiveBytes());
                    ws.sendJson(Map.of("a", 1));
                    assertEquals("echo: {\"a\":1}", ws.receiveStr());
                    assertEquals(1, s.connectionsInUse(), "a WebSocket holds its pool slot");
                    List<String> got = new ArrayList<>();
                    for (int i = 0; i < 3; i++) {
                        ws.sendStr("m" + i);
                    }
                    ws.sendStr("close");
                    for (WSMessage m : ws) {
                        got.add(m.text());
                    }
                    assertEquals(List.of("echo: m0", "echo: m1", "echo: m2"), got);
                    assertTrue(ws.closed());
                    assertEquals(4000, ws.closeCode());
                    assertEquals(WSMsgType.CLOSED, ws.receive().type());
                    assertThrows(ClientError.class, () -> ws.sendStr("late"));
                    assertFalse(ws.close(1000, ""), "closed already");
                }
                assertEquals(0, s.connectionsInUse(), "the slot is freed when the WebSocket closes");
                try (ClientWebSocketResponse ws = s.wsConnect("http://" + host + "/ws",
                        WsConnectOptions.defaults().withCompress(false))) {
                    assertFalse(ws.compressed());
                    ws.sendStr("plain");
                    assertEquals("echo: plain", ws.receive(10).text());
                    assertTrue(ws.close(1000, "done"));
                    assertEquals(1000, ws.closeCode());
                }
                var e = assertThrows(WSServerHandshakeError.class, () -> s.wsConnect("ws://" + host + "/"));
                assertEquals(200, e.status());
                assertTrue(e.getMessage().contains("Invalid response status"), e.getMessage());
                assertEquals(0, s.connectionsInUse());
            }
        });
    }

    @Test
    void aMessageOverMaxMsgSizeIsAnError1009() {
        served(echoApp(0), host -> {
            try (ClientSession s = new ClientSession()) {
                ClientWebSocketResponse ws = s.wsConnect("ws://" + host + "/ws", WsConnectOptions.defaults().withMaxMsgSize(1 << 20));
                ws.sendStr("big");
                WSMessage m = ws.receive();
                assertEquals(WSMsgType.ERROR, m.type(), m.toString());
                assertEquals(1009, m.closeCode());
                assertTrue(ws.closed());
                assertEquals(0, s.connectionsInUse());
            }
        });
    }

    @Test
    void heartbeatsBothWaysKeepAnIdleWebSocketOpen() {
        served(echoApp(0.2), host -> {
            try (ClientSession s = new ClientSession();
                 ClientWebSocketResponse ws = s.wsConnect("ws://" + host + "/ws", WsConnectOptions.defaults().withHeartbeat(0.2))) {
                // The server pings every 200 ms and closes without a pong within 100 ms; our reader
                // task answers (autoping) while this task does nothing, and our own pings get the
                // server's pongs. The idle time is what is tested: several heartbeats each way.
                Asyncio.sleep(0.9);
                ws.sendStr("still here");
                assertEquals("echo: still here", ws.receiveStr());
                assertFalse(ws.closed());
            }
        });
    }

    @Test
    void aServerThatNeverAnswersPingsIsClosedByTheHeartbeat() {
        Asyncio.run(() -> {
            Server mute = Asyncio.startServer((reader, writer) -> {
                String head = new String(reader.readuntil("\r\n\r\n".getBytes(UTF_8)), UTF_8);
                String key = head.lines().filter(l -> l.toLowerCase().startsWith("sec-websocket-key:"))
                        .findFirst().orElseThrow().substring(18).trim();
                writer.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + WsHandshake.accept(key) + "\r\n\r\n").getBytes(UTF_8));
                writer.drain();
                Asyncio.sleep(3600); // reads nothing, answers nothing
            }, "127.0.0.1", 0);
            try (ClientSession s = new ClientSession()) {
                Asyncio.timeout(30, () -> {
                    ClientWebSocketResponse ws = s.wsConnect("ws://127.0.0.1:" + mute.port() + "/",
                            WsConnectOptions.defaults().withHeartbeat(0.1));
                    assertFalse(ws.compressed(), "the server did not answer the offer");
                    WSMessage m = ws.receive();
                    assertEquals(WSMsgType.ERROR, m.type());
                    assertEquals("no pong within the heartbeat", m.text());
                    assertEquals(1006, ws.closeCode());
                    assertTrue(ws.closed());
                });
                assertEquals(0, s.connectionsInUse());
            } finally {
                mute.close();
            }
        });
    }

    @Test
    void websocketsServerSubprotocolsAndTheWindowItAsksOfOurClient() throws Exception {
        PythonPeer.require("websockets", "python3-websockets");
        // websockets 10+ answers client_max_window_bits=12 to our offer and inflates our messages
        // with a 4 KiB window (wbits=-12): a longer message must not reach further back.
        String script = """
                import asyncio, sys, websockets
                async def handler(ws, path=None):
                    d = ws.extensions[0] if ws.extensions else None
                    await ws.send(f"{ws.subprotocol} {d and d.remote_max_window_bits}")
                    async for msg in ws:
                        await ws.send(msg)
                async def main(port):
                    async with websockets.serve(handler, "127.0.0.1", port, subprotocols=["chat", "superchat"]):
                        await asyncio.Future()
                asyncio.run(main(int(sys.argv[1])))
                """;
        try (PythonPeer peer = PythonPeer.start(tmp, script)) {
            Asyncio.run(() -> Asyncio.timeout(60, () -> {
                peer.awaitListening();
                try (ClientSession s = new ClientSession()) {
                    String url = "ws://127.0.0.1:" + peer.port + "/";
                    try (ClientWebSocketResponse ws = s.wsConnect(url, WsConnectOptions.defaults().withProtocols("mqtt", "superchat"))) {
                        assertEquals("superchat", ws.protocol());
                        assertTrue(ws.compressed());
                        assertEquals("superchat 12", ws.receiveStr(), "websockets keeps 12-bit windows for our messages");
                        // a block repeated 5000 bytes apart: a 15-bit window would reach back that far
                        java.util.Random random = new java.util.Random(1);
                        StringBuilder block = new StringBuilder();
                        for (int i = 0; i < 5000; i++) {
                            block.append((char) ('a' + random.nextInt(16)));
                        }
                        String text = block.toString().repeat(3);
                        ws.sendStr(text);
                        assertEquals(text, ws.receiveStr(), "inflated by zlib with a 12-bit window");
                        ws.sendStr("short");
                        assertEquals("short", ws.receiveStr());
                    }
                    try (ClientWebSocketResponse ws = s.wsConnect(url, WsConnectOptions.defaults().withProtocols("mqtt"))) {
                        assertNull(ws.protocol(), "no protocol in common: none chosen, still connected");
                        assertEquals("None 12", ws.receiveStr());
                    }
                    try (ClientWebSocketResponse ws = s.wsConnect(url, WsConnectOptions.defaults().withCompress(false))) {
                        assertFalse(ws.compressed());
                        assertEquals("None None", ws.receiveStr());
                    }
                }
                return null;
            }));
        }
    }

    @Test
    void aiohttpWebSocketServer() throws Exception {
        PythonPeer.require("aiohttp", "python3-aiohttp");
        String script = """
                import sys
                from aiohttp import web, WSMsgType
                async def ws(request):
                    ws = web.WebSocketResponse(protocols=("chat", "other"), heartbeat=0.4)
                    await ws.prepare(request)
                    await ws.send_str(f"protocol {ws.ws_protocol} compress {ws.compress}")
                    async for msg in ws:
                        if msg.type == WSMsgType.TEXT:
                            if msg.data == "close":
                                await ws.close(code=4001, message=b"bye")
                            else:
                                await ws.send_str("echo: " + msg.data)
                        elif msg.type == WSMsgType.BINARY:
                            await ws.send_bytes(msg.data[::-1])
                    return ws
                app = web.Application()
                app.router.add_get("/ws", ws)
                web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None)
                """;
        try (PythonPeer peer = PythonPeer.start(tmp, script)) {
            Asyncio.run(() -> Asyncio.timeout(60, () -> {
                peer.awaitListening();
                try (ClientSession s = new ClientSession()) {
                    ClientWebSocketResponse ws = s.wsConnect("ws://127.0.0.1:" + peer.port + "/ws",
                            WsConnectOptions.defaults().withProtocols("chat"));
                    assertEquals("chat", ws.protocol());
                    assertTrue(ws.compressed());
                    assertTrue(ws.receiveStr().startsWith("protocol chat compress "));
                    ws.sendStr("hello " + "é".repeat(1000));
                    assertEquals("echo: hello " + "é".repeat(1000), ws.receiveStr());
                    ws.sendBytes(new byte[] {1, 2, 3});
                    assertArrayEquals(new byte[] {3, 2, 1}, ws.receiveBytes());
                    Asyncio.sleep(1.0); // aiohttp pings every 400 ms and drops us without a pong within 200 ms
                    ws.sendStr("close");
                    WSMessage m = ws.receive();
                    assertEquals(WSMsgType.CLOSE, m.type(), m.toString());
                    assertEquals(4001, m.closeCode());
                    assertEquals("bye", m.text());
                    assertTrue(ws.closed());
                    assertEquals(0, s.connectionsInUse());
                }
                return null;
            }));
        }
    }
}
