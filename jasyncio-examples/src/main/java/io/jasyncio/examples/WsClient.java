package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.client.ClientSession;
import io.jasyncio.client.ClientWebSocketResponse;
import io.jasyncio.web.AppRunner;
import io.jasyncio.web.TcpSite;

import java.io.PrintStream;
import java.util.Optional;

/**
 * aiohttp's WebSocket client on jasyncio-http: two clients (ann and bob) talk through the
 * {@code web-chat} example's server, which it starts locally:
 * <pre>
 * async with session.ws_connect(url) as ws:
 *     await ws.send_str("hello Bob")
 *     msg = await ws.receive()
 * </pre>
 * {@code --url ws://HOST:PORT/ws} talks to that chat server instead (another {@code web-chat
 * --serve PORT}).
 */
public final class WsClient implements Example {
    @Override
    public String name() {
        return "ws-client";
    }

    @Override
    public String description() {
        return "session.wsConnect: two WebSocket clients talk through the web-chat server (--url ws://HOST:PORT/ws for another)";
    }

    @Override
    public void run(PrintStream out) throws Exception {
        run(out, new String[0]);
    }

    @Override
    public void run(PrintStream out, String... args) throws Exception {
        Optional<String> url = ExampleArgs.option(args, "--url");
        Asyncio.run(() -> {
            if (url.isPresent()) {
                chat(out, url.get());
                return;
            }
            AppRunner runner = new AppRunner(WebChat.app());
            runner.setup();
            TcpSite site = new TcpSite(runner, "127.0.0.1", 0);
            site.start();
            try {
                chat(out, "ws://127.0.0.1:" + site.port() + "/ws");
            } finally {
                runner.cleanup();
            }
        });
    }

    private static void chat(PrintStream out, String url) throws Exception {
        try (ClientSession session = new ClientSession()) {
            ClientWebSocketResponse ann = session.wsConnect(url);
            out.println("ann sees: " + ann.receiveStr());
            try (ClientWebSocketResponse bob = session.wsConnect(url)) {
                out.println("ann sees: " + ann.receiveStr());
                out.println("bob sees: " + bob.receiveStr());
                ann.sendStr("hello Bob");
                out.println("ann sees: " + ann.receiveStr());
                out.println("bob sees: " + bob.receiveStr());
                bob.sendStr("hi Ann");
                out.println("ann sees: " + ann.receiveStr());
                out.println("bob sees: " + bob.receiveStr());
            } // bob closes (1000)
            out.println("ann sees: " + ann.receiveStr());
            ann.close();
            out.println("ann closed with " + ann.closeCode());
        }
    }
}
