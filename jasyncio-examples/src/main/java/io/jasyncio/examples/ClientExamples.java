package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.locks.Event;
import io.jasyncio.web.AppRunner;
import io.jasyncio.web.Application;
import io.jasyncio.web.Response;
import io.jasyncio.web.TcpSite;

import java.util.Map;
import java.util.Optional;

/**
 * What the HTTP client examples share: {@code --url URL} fetches from a server the user names;
 * without it the example starts a local jasyncio-http server on 127.0.0.1, port 0, whose routes
 * it needs, and fetches from that.
 */
final class ClientExamples {
    private ClientExamples() {}

    interface Client {
        /** Runs the client part against {@code url}; {@code local} is true against the local server. */
        void run(String url, boolean local) throws Exception;
    }

    /**
     * The local server's routes: {@code /} (Hello, world), {@code /a} {@code /b} {@code /c},
     * {@code /chain/{n}} (JSON naming the next URL, up to 3), {@code /slow} (answers once
     * {@code released} is set: after the client gave up, so that the server's cleanup does not wait).
     */
    static Application app(Event released) {
        Application app = new Application();
        app.router().addGet("/", r -> Response.ofText("Hello, world"));
        for (String page : new String[] {"a", "b", "c"}) {
            app.router().addGet("/" + page, r -> Response.ofText("page " + page));
        }
        app.router().addGet("/chain/{n}", r -> {
            int n = Integer.parseInt(r.matchInfo().get("n"));
            return n < 3 ? Response.json(Map.of("step", n, "next", "/chain/" + (n + 1)))
                    : Response.json(Map.of("step", n, "done", true));
        });
        app.router().addGet("/slow", r -> {
            Asyncio.waitFor(() -> released.await(), 30);
            return Response.ofText("too late");
        });
        return app;
    }

    /** Runs {@code fetch} against {@code --url URL}, or against {@code path} on a local server. */
    static void fetchFrom(String[] args, String path, Client fetch) {
        Optional<String> url = ExampleArgs.option(args, "--url");
        Asyncio.run(() -> {
            if (url.isPresent()) {
                fetch.run(url.get(), false);
                return;
            }
            Event released = new Event();
            AppRunner runner = new AppRunner(app(released));
            runner.setup();
            TcpSite site = new TcpSite(runner, "127.0.0.1", 0);
            site.start();
            try {
                fetch.run("http://127.0.0.1:" + site.port() + path, true);
            } finally {
                released.set();
                runner.cleanup();
            }
        });
    }
}
