package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoopGroup;
import io.jasyncio.GroupServer;
import io.jasyncio.client.ClientResponse;
import io.jasyncio.client.ClientSession;
import io.jasyncio.web.AppRunner;
import io.jasyncio.web.Application;
import io.jasyncio.web.GroupSite;
import io.jasyncio.web.Response;
import io.jasyncio.web.WebRunner;

import java.io.PrintStream;
import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One HTTP service on every loop of an {@link EventLoopGroup} ({@link GroupSite}): what aiohttp
 * does with N gunicorn workers on one port, in one JVM. The application factory runs once on each
 * loop, so each loop has its own {@link Application} and its own request counter (loop-confined
 * state, no locks); {@code GET /} answers which loop served it. The tour hands connections round
 * robin ({@link GroupServer.Balancing#ONE_ACCEPTOR}) so its output is fixed, shows that a
 * keep-alive connection stays on its loop, then lets SO_REUSEPORT spread connections.
 * {@code --loops N} sets the number of loops (default 2); {@code --serve PORT} serves on
 * 127.0.0.1 until SIGTERM or Ctrl-C ({@code curl 127.0.0.1:PORT/} a few times), as
 * {@code WebRunner.runApp(group, ...)}.
 */
public final class WebGroup implements ServerExample {
    private static final int SPREAD_CONNECTIONS = 32;

    @Override
    public String name() {
        return "web-group";
    }

    @Override
    public String description() {
        return "an HTTP app per loop of an EventLoopGroup (GroupSite): requests answered by different loops (--serve PORT)";
    }

    /**
     * The application one loop serves: made on that loop by the factory. {@code loop} is its
     * 1-based place in the group. The counter belongs to this loop alone: only its handlers touch it.
     */
    static Application app(int loop, int loops) {
        long[] served = {0};
        Application app = new Application();
        app.router().addGet("/", request -> {
            served[0]++;
            return Response.ofText("Hello from loop " + loop + " of " + loops + " (its request " + served[0] + ")");
        });
        return app;
    }

    /** The factory {@link GroupSite} calls on each loop: the app of the loop it runs on. */
    private static Supplier<AppRunner> runners(EventLoopGroup group, boolean accessLog) {
        return () -> {
            int place = group.loops().indexOf(Asyncio.getRunningLoop()) + 1;
            return new AppRunner(app(place, group.size())).setAccessLog(accessLog);
        };
    }

    @Override
    public void run(PrintStream out, String... args) throws Exception {
        int loops = ExampleArgs.intOption(args, "--loops").orElse(2);
        if (loops <= 0) {
            throw new IllegalArgumentException("--loops needs a positive number, got " + loops);
        }
        OptionalInt serve = ExampleArgs.servePort(args);
        try (EventLoopGroup group = new EventLoopGroup(loops)) {
            if (serve.isPresent()) {
                // run_app over every loop: SIGINT/SIGTERM shut all of them down gracefully at once
                WebRunner.runApp(group, runners(group, true), "127.0.0.1", serve.getAsInt(), null,
                        GroupServer.Balancing.AUTO, out);
                return;
            }
            out.println("HTTP on " + loops + " loops, an Application per loop; connections handed round robin:");
            try (GroupSite site = GroupSite.start(group, runners(group, false), "127.0.0.1", 0, null,
                    GroupServer.Balancing.ONE_ACCEPTOR)) {
                int port = site.port();
                Asyncio.run(() -> {
                    for (int i = 0; i < 2 * loops; i++) {
                        out.println("new connection: GET / -> " + DemoHttp.get(port, "/").body());
                    }
                    try (ClientSession session = new ClientSession()) {
                        for (int i = 0; i < 3; i++) {
                            out.println("one keep-alive connection: GET / -> " + text(session, port));
                        }
                        out.println("(" + session.connectionsOpened() + " connection: it stays on the loop that accepted it)");
                    }
                });
            }
            try (GroupSite site = GroupSite.start(group, runners(group, false), "127.0.0.1", 0)) {
                int port = site.port();
                Set<String> answered = Asyncio.run(() -> {
                    Set<String> seen = new HashSet<>();
                    for (int i = 0; i < SPREAD_CONNECTIONS; i++) {
                        String body = DemoHttp.get(port, "/").body();
                        seen.add(body.substring(0, body.indexOf(" (")));
                    }
                    return seen;
                });
                out.println(SPREAD_CONNECTIONS + " connections spread by " + site.balancing() + ": "
                        + (answered.size() == loops ? "every loop answered" : answered.size() + " of " + loops + " loops answered"));
            }
        }
    }

    private static String text(ClientSession session, int port) throws Exception {
        try (ClientResponse response = session.get("http://127.0.0.1:" + port + "/")) {
            return response.text();
        }
    }
}
