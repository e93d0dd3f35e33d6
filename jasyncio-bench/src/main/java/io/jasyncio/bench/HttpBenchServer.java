package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.web.AppRunner;
import io.jasyncio.web.Application;
import io.jasyncio.web.Response;
import io.jasyncio.web.TcpSite;
import java.util.Map;

/**
 * The jasyncio-http server of the HTTP load benchmark, with the routes every peer in
 * {@code ../shared/peers/http} serves: {@code GET /} ("Hello, world"), {@code GET /json}
 * ({@code {"message":"Hello, World!"}}, serialised by Jackson per request), {@code GET /user/{id}}
 * ("user {id}", a path parameter) and {@code POST /echo} (the body back). Full HTTP/1.1 parsing and
 * routing through the public API, access log off (as aiohttp's peer runs it).
 *
 * <p>Usage: {@code HttpBenchServer PORT}. Listens on 127.0.0.1 until killed.
 */
public final class HttpBenchServer {
    private HttpBenchServer() {}

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: HttpBenchServer PORT");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Application app = new Application();
        app.router()
                .addGet("/", request -> Response.ofText("Hello, world"))
                .addGet("/json", request -> Response.json(Map.of("message", "Hello, World!")))
                .addGet("/user/{id}", request -> Response.ofText("user " + request.matchInfo().get("id")))
                .addPost("/echo", request -> Response.ofBytes(request.read()));
        Asyncio.run(() -> {
            AppRunner runner = new AppRunner(app);
            runner.setup();
            new TcpSite(runner, "127.0.0.1", port).start();
            Asyncio.getRunningLoop().createFuture().await();
        });
    }
}
