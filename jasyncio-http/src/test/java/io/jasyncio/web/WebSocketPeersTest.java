package io.jasyncio.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our WebSocketResponse against CPython's websockets library and aiohttp's ws_connect, on 127.0.0.1. */
class WebSocketPeersTest {
    @TempDir
    Path tmp;

    static Application echoApp(double heartbeat) {
        Application app = new Application();
        app.router().addGet("/ws", request -> {
            WebSocketResponse ws = new WebSocketResponse().setHeartbeat(heartbeat).setMaxMsgSize(1024 * 1024);
            ws.prepare(request);
            for (WSMessage msg : ws) {
                if (msg.type() == WSMsgType.BINARY) {
                    ws.sendBytes(msg.data());
                } else if (msg.text().equals("close")) {
                    ws.close(4000, "bye");
                } else if (msg.text().startsWith("{")) {
                    ws.sendJson(java.util.Map.of("got", msg.json(java.util.Map.class)));
                } else {
                    ws.sendStr(msg.text().length() > 50 ? "len " + msg.text().length() : "echo: " + msg.text());
                }
            }
            return ws;
        });
        app.router().addGet("/", r -> Response.ofText("not a websocket"));
        return app;
    }

    @Test
    void websocketsLibrary() throws Exception {
        Peers.require("python3-websockets", "/usr/bin/python3 -c 'import websockets'", "apt-get install python3-websockets");
        Path script = Peers.script(tmp, "ws.py", """
                import asyncio, sys, websockets
                async def main(port):
                    url = f"ws://127.0.0.1:{port}/ws"
                    async with websockets.connect(url, compression="deflate") as ws:
                        print("deflate" if ws.extensions else "no extension")
                        await ws.send("hello"); print(await ws.recv())
                        await ws.send(b"\\x00\\x01\\x02"); print(list(await ws.recv()))
                        await ws.send("x" * 100000); print(await ws.recv())
                        await ws.send('{"a": 1}'); print(await ws.recv())
                        await (await ws.ping(b"p")); print("pong")
                        await ws.send("close")
                        try:
                            await ws.recv()
                        except websockets.ConnectionClosed as e:
                            print("closed", e.rcvd.code, e.rcvd.reason)
                    async with websockets.connect(url, compression=None, max_size=None) as ws:
                        await ws.send("y" * (2 * 1024 * 1024))
                        try:
                            await ws.recv()
                        except websockets.ConnectionClosed as e:
                            print("too big", e.rcvd.code)
                    try:
                        async with websockets.connect(f"ws://127.0.0.1:{port}/"):
                            pass
                    except websockets.InvalidStatusCode as e:
                        print("refused", e.status_code)
                asyncio.run(main(int(sys.argv[1])))
                """);
        Served.serve(echoApp(0), (port, runner) -> {
            var r = Peers.run(List.of("/usr/bin/python3", script.toString(), Integer.toString(port)), null, 60);
            assertEquals(0, r.exit(), r.err());
            assertEquals("""
                    deflate
                    echo: hello
                    [0, 1, 2]
                    len 100000
                    {"got":{"a":1}}
                    pong
                    closed 4000 bye
                    too big 1009
                    refused 200
                    """, r.out());
        });
    }

    @Test
    void websocketsSubprotocolsAndTheWindowItAsksOfUs() throws Exception {
        Peers.require("python3-websockets", "/usr/bin/python3 -c 'import websockets'", "apt-get install python3-websockets");
        Application app = new Application();
        app.router().addGet("/ws", request -> {
            WebSocketResponse ws = new WebSocketResponse().setProtocols("chat", "superchat");
            ws.prepare(request);
            for (WSMessage msg : ws) {
                ws.sendStr(ws.protocol() + ": " + msg.text());
            }
            return ws;
        });
        Path script = Peers.script(tmp, "wsproto.py", """
                import asyncio, random, sys, websockets
                from websockets.extensions.permessage_deflate import ClientPerMessageDeflateFactory
                async def main(port):
                    url = f"ws://127.0.0.1:{port}/ws"
                    for offered in (["superchat", "chat"], ["mqtt"], None):
                        async with websockets.connect(url, subprotocols=offered) as ws:
                            await ws.send("hi"); print(ws.subprotocol, "|", await ws.recv())
                    small = ClientPerMessageDeflateFactory(server_max_window_bits=9, client_max_window_bits=True)
                    async with websockets.connect(url, compression=None, extensions=[small]) as ws:
                        d = ws.extensions[0]
                        print("window", d.remote_max_window_bits)
                        random.seed(1)  # a block repeated 5000 bytes apart: deflate with a 15-bit window reaches back that far
                        block = "".join(random.choice("abcdefghijklmnop") for _ in range(5000))
                        text = block * 3  # our answer must not: zlib with wbits=-9 inflates it
                        await ws.send(text); answer = await ws.recv()
                        print(len(answer), answer == "null: " + text)
                asyncio.run(main(int(sys.argv[1])))
                """);
        Served.serve(app, (port, runner) -> {
            var r = Peers.run(List.of("/usr/bin/python3", script.toString(), Integer.toString(port)), null, 60);
            assertEquals(0, r.exit(), r.err());
            assertEquals("""
                    superchat | superchat: hi
                    None | null: hi
                    None | null: hi
                    window 9
                    15006 True
                    """, r.out(), "the client's first choice that we speak, as aiohttp; none in common is still accepted");
        });
    }

    @Test
    void aWindowUnder15BitsHoldsForAnInflaterThatOnlyKeepsThatWindow() throws Exception {
        // zlib inflating a whole message in one call copes with any distance; one that hands out
        // 64 bytes at a time must reach back through its 2^bits window, and refuses a longer
        // reach ("invalid distance too far back"). Our frames for windows of 9, 12 and 15 bits:
        Peers.require("python3", "/usr/bin/python3 -c 'import zlib'", "apt-get install python3");
        java.util.Random random = new java.util.Random(1);
        StringBuilder block = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            block.append((char) ('a' + random.nextInt(16)));
        }
        byte[] text = block.toString().repeat(3).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Path dir = Files.writeString(tmp.resolve("text"), new String(text, java.nio.charset.StandardCharsets.US_ASCII)).getParent();
        for (int bits : new int[] {9, 12, 15}) {
            byte[] frame = new io.jasyncio.http.internal.ws.WsFrameWriter(false, bits).frame(2, text);
            int header = (frame[1] & 0x7f) == 126 ? 4 : (frame[1] & 0x7f) == 127 ? 10 : 2;
            Files.write(dir.resolve("deflated" + bits), java.util.Arrays.copyOfRange(frame, header, frame.length));
        }
        Path script = Peers.script(tmp, "inflate.py", """
                import sys, zlib
                text = open(sys.argv[1] + "/text", "rb").read()
                for bits in (9, 12, 15):
                    d = zlib.decompressobj(-bits)
                    rest = open(f"{sys.argv[1]}/deflated{bits}", "rb").read() + b"\\x00\\x00\\xff\\xff"
                    out = b""
                    while rest:
                        out += d.decompress(rest, 64)
                        rest = d.unconsumed_tail
                    print(bits, out == text)
                """);
        var r = io.jasyncio.Asyncio.run(() -> Peers.run(List.of("/usr/bin/python3", script.toString(), dir.toString()), null, 60));
        assertEquals(0, r.exit(), r.err());
        assertEquals("9 True\n12 True\n15 True\n", r.out());
    }

    @Test
    void aiohttpWsConnectAndHeartbeat() throws Exception {
        Peers.require("python3-aiohttp", "/usr/bin/python3 -c 'import aiohttp'", "apt-get install python3-aiohttp");
        Path script = Peers.script(tmp, "aiows.py", """
                import asyncio, sys, aiohttp
                async def main(port):
                    url = f"http://127.0.0.1:{port}/ws"
                    async with aiohttp.ClientSession() as s:
                        async with s.ws_connect(url, compress=15) as ws:
                            print("compress", ws.compress)
                            await ws.send_str("hi"); print((await ws.receive()).data)
                            await ws.send_bytes(b"ab"); print((await ws.receive()).data)
                            await ws.close(); print("close code", ws.close_code)
                        async with s.ws_connect(url, autoping=False) as ws:
                            msg = await ws.receive(timeout=10); print(msg.type.name)
                            msg = await ws.receive(timeout=10); print(msg.type.name)
                asyncio.run(main(int(sys.argv[1])))
                """);
        Served.serve(echoApp(0.3), (port, runner) -> {
            var r = Peers.run(List.of("/usr/bin/python3", script.toString(), Integer.toString(port)), null, 60);
            assertEquals(0, r.exit(), r.err());
            assertEquals("""
                    compress 15
                    echo: hi
                    b'ab'
                    close code 1000
                    PING
                    CLOSED
                    """, r.out(), "no pong within half the heartbeat: the server drops the connection (1006), as aiohttp's");
        });
    }
}
