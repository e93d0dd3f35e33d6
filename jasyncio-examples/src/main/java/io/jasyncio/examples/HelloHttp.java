package io.jasyncio.examples;

import io.jasyncio.web.Application;
import io.jasyncio.web.Response;
import java.io.PrintStream;

/**
 * The seeds' tiny "Hello, world!" HTTP server, now on jasyncio-http's server (it used to parse
 * the request head by hand on {@code startServer}): one route, and one request to it.
 */
public final class HelloHttp implements Example {
    @Override
    public String name() {
        return "http-hello";
    }

    @Override
    public String description() {
        return "a \"Hello, world!\" HTTP server on jasyncio-http, and one request to it";
    }

    @Override
    public void run(PrintStream out) throws Exception {
        Application app = new Application();
        app.router().addGet("/", request -> {
            out.println("server: " + request.method() + " " + request.rawPath() + " " + request.version());
            return Response.ofText("Hello, world!");
        });
        WebExamples.serveOrDemo(app, out, new String[0], port -> {
            DemoHttp.Answer a = DemoHttp.get(port, "/");
            out.println("client: " + a.statusLine());
            out.println("client: body '" + a.body() + "'");
        });
    }
}
