package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoopGroup;
import io.jasyncio.GroupServer;
import io.jasyncio.web.AppRunner;
import io.jasyncio.web.Application;
import io.jasyncio.web.GroupSite;
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
 * <p>Usage: {@code HttpBenchServer PORT [LOOPS [reuse-port|one-acceptor]]}. Listens on 127.0.0.1
 * until killed: on one loop ({@code Asyncio.run}, the default), or with LOOPS on an
 * {@link EventLoopGroup} through {@link GroupSite} (one application per loop), its connections
 * spread by SO_REUSEPORT (the default) or by one acceptor in turn.
 */
public final class HttpBenchServer {
    private HttpBenchServer() {}

    static Application app() {
        Application app = new Application();
        app.router()
                .addGet("/", request -> Response.ofText("Hello, world"))
                .addGet("/json", request -> Response.json(Map.of("message", "Hello, World!")))
                .addGet("/user/{id}", request -> Response.ofText("user " + request.matchInfo().get("id")))
                .addPost("/echo", request -> Response.ofBytes(request.read()));
        return app;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: HttpBenchServer PORT [LOOPS [reuse-port|one-acceptor]]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        if (args.length == 1) {
            Asyncio.run(() -> {
                AppRunner runner = new AppRunner(app());
                runner.setup();
                new TcpSite(runner, "127.0.0.1", port).start();
                Asyncio.getRunningLoop().createFuture().await();
            });
            return;
        }
        GroupServer.Balancing balancing = args.length == 3 && args[2].equals("one-acceptor")
                ? GroupServer.Balancing.ONE_ACCEPTOR : GroupServer.Balancing.REUSE_PORT;
        EventLoopGroup group = new EventLoopGroup(Integer.parseInt(args[1]));
        GroupSite.start(group, () -> new AppRunner(app()), "127.0.0.1", port, null, balancing);
        group.runForever();
    }
}
