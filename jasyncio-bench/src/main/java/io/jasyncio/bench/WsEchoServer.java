package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.web.AppRunner;
import io.jasyncio.web.Application;
import io.jasyncio.web.TcpSite;
import io.jasyncio.web.WSMessage;
import io.jasyncio.web.WSMsgType;
import io.jasyncio.web.WebSocketResponse;

/**
 * The jasyncio-http side of the WebSocket echo benchmark: {@code GET /ws} upgrades and sends
 * every text or binary message back, as the aiohttp peer ({@code jasyncio-bench/python/ws_echo_aiohttp.py})
 * does. Public API only; no compression (the load client offers none).
 *
 * <p>Usage: {@code WsEchoServer PORT}. Listens on 127.0.0.1 until killed.
 */
public final class WsEchoServer {
    private WsEchoServer() {}

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: WsEchoServer PORT");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Application app = new Application();
        app.router().addGet("/ws", request -> {
            WebSocketResponse ws = new WebSocketResponse();
            ws.prepare(request);
            for (WSMessage msg : ws) {
                if (msg.type() == WSMsgType.TEXT) {
                    ws.sendStr(msg.text());
                } else if (msg.type() == WSMsgType.BINARY) {
                    ws.sendBytes(msg.data());
                }
            }
            return ws;
        });
        Asyncio.run(() -> {
            AppRunner runner = new AppRunner(app);
            runner.setup();
            new TcpSite(runner, "127.0.0.1", port).start();
            Asyncio.getRunningLoop().createFuture().await();
        });
    }
}
