package io.jasyncio.examples;

import io.jasyncio.web.AppKey;
import io.jasyncio.web.Application;
import io.jasyncio.web.WSMsgType;
import io.jasyncio.web.WSMessage;
import io.jasyncio.web.WebSocketResponse;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A WebSocket chat: {@code GET /} is a page that joins {@code /ws}; every message a client sends
 * goes to every client. With {@code --serve PORT}, open the page in two browser tabs.
 */
public final class WebChat implements ServerExample {
    @SuppressWarnings("unchecked")
    private static final AppKey<Set<WebSocketResponse>> CLIENTS = (AppKey<Set<WebSocketResponse>>) (AppKey<?>) AppKey.of("clients", Set.class);

    static final String PAGE = """
            <!doctype html><meta charset="utf-8"><title>jasyncio chat</title>
            <ul id="log"></ul>
            <form id="f"><input id="msg" autocomplete="off"><button>Send</button></form>
            <script>
            const ws = new WebSocket(`ws://${location.host}/ws`);
            const log = document.getElementById('log');
            ws.onmessage = e => { const li = document.createElement('li'); li.textContent = e.data; log.appendChild(li); };
            document.getElementById('f').onsubmit = e => {
              e.preventDefault(); const m = document.getElementById('msg'); ws.send(m.value); m.value = '';
            };
            </script>
            """;

    @Override
    public String name() {
        return "web-chat";
    }

    @Override
    public String description() {
        return "a WebSocket chat: a page and /ws, every message goes to every client (--serve PORT for a browser)";
    }

    static Application app() {
        Application app = new Application();
        app.set(CLIENTS, new LinkedHashSet<>());
        app.router()
                .addGet("/", request -> {
                    return WebExamples.html(PAGE);
                })
                .addGet("/ws", request -> {
                    WebSocketResponse ws = new WebSocketResponse().setHeartbeat(30);
                    ws.prepare(request);
                    Set<WebSocketResponse> clients = request.app().get(CLIENTS);
                    String who = "guest" + (clients.size() + 1);
                    clients.add(ws);
                    try {
                        broadcast(clients, who + " joined");
                        for (WSMessage msg : ws) {
                            if (msg.type() == WSMsgType.TEXT) {
                                broadcast(clients, who + ": " + msg.text());
                            }
                        }
                    } finally {
                        clients.remove(ws);
                    }
                    broadcast(clients, who + " left");
                    return ws;
                });
        return app;
    }

    private static void broadcast(Set<WebSocketResponse> clients, String text) {
        for (WebSocketResponse c : List.copyOf(clients)) {
            try {
                c.sendStr(text);
            } catch (IOException e) {
                clients.remove(c); // that client is gone; the others still get the message
            }
        }
    }

    @Override
    public void run(PrintStream out, String... args) throws Exception {
        WebExamples.serveOrDemo(app(), out, args, port -> {
            DemoWs ann = DemoWs.connect(port, "/ws");
            out.println("ann sees: " + ann.receive());
            DemoWs bob = DemoWs.connect(port, "/ws");
            out.println("ann sees: " + ann.receive());
            out.println("bob sees: " + bob.receive());
            ann.send("hello Bob");
            out.println("ann sees: " + ann.receive());
            out.println("bob sees: " + bob.receive());
            bob.send("hi Ann");
            out.println("ann sees: " + ann.receive());
            out.println("bob sees: " + bob.receive());
            bob.close();
            out.println("ann sees: " + ann.receive());
            ann.close();
        });
    }
}
