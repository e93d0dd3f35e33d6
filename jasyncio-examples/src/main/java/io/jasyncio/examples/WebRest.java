package io.jasyncio.examples;

import io.jasyncio.web.Application;
import io.jasyncio.web.Response;
import io.jasyncio.web.StreamResponse;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * A small REST service: text at {@code GET /}, JSON at {@code GET /json}, a path parameter at
 * {@code GET /users/{id}}, the body back at {@code POST /echo}, 404 elsewhere, and a middleware
 * that times each request (header {@code X-Response-Time}), as one writes it with aiohttp.web.
 */
public final class WebRest implements ServerExample {
    @Override
    public String name() {
        return "web-rest";
    }

    @Override
    public String description() {
        return "a REST service: routes with parameters, JSON in and out, a timing middleware, 404";
    }

    static Application app() {
        Application app = new Application();
        app.addMiddleware((request, handler) -> {
            long start = System.nanoTime();
            StreamResponse response = handler.handle(request);
            if (!response.prepared()) {
                response.headers().set("X-Response-Time", String.format(Locale.ROOT, "%.3fms", (System.nanoTime() - start) / 1e6));
            }
            return response;
        });
        app.router()
                .addGet("/", request -> Response.ofText("Hello, World!"))
                .addGet("/json", request -> Response.json(Map.of("message", "Hello, World!")))
                .addGet("/users/{id}", request -> Response.json(Map.of("id", request.matchInfo().get("id"))))
                .addPost("/echo", request -> {
                    Response r = Response.ofBytes(request.read());
                    r.setContentType(request.headers().getOrDefault("Content-Type", "application/octet-stream"));
                    return r;
                });
        return app;
    }

    @Override
    public void run(PrintStream out, String... args) throws Exception {
        WebExamples.serveOrDemo(app(), out, args, port -> {
            for (String path : new String[] {"/", "/json", "/users/42", "/nope"}) {
                DemoHttp.Answer a = DemoHttp.get(port, path);
                out.println("GET " + path + " -> " + a.statusLine() + " " + a.body()
                        + (a.header("X-Response-Time") != null ? " (timed)" : ""));
            }
            DemoHttp.Answer e = DemoHttp.request(port, "POST", "/echo", "application/json",
                    "{\"ping\":1}".getBytes(StandardCharsets.UTF_8));
            out.println("POST /echo -> " + e.statusLine() + " " + e.body() + " as " + e.header("Content-Type"));
        });
    }
}
