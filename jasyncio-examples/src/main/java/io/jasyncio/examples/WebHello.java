package io.jasyncio.examples;

import io.jasyncio.web.Application;
import io.jasyncio.web.Response;
import java.io.PrintStream;

/**
 * aiohttp's "Hello, world" server on jasyncio-http:
 * <pre>
 * async def hello(request):
 *     return web.Response(text="Hello, world")
 * app = web.Application()
 * app.add_routes([web.get('/', hello)])
 * web.run_app(app)
 * </pre>
 * {@code --serve PORT} serves on 127.0.0.1 until Ctrl-C or SIGTERM; without it, one request is made.
 */
public final class WebHello implements ServerExample {
    @Override
    public String name() {
        return "web-hello";
    }

    @Override
    public String description() {
        return "aiohttp.web's Hello, world on jasyncio-http (--serve PORT to try it with curl)";
    }

    static Application app() {
        Application app = new Application();
        app.router().addGet("/", request -> Response.ofText("Hello, world"));
        return app;
    }

    @Override
    public void run(PrintStream out, String... args) throws Exception {
        WebExamples.serveOrDemo(app(), out, args, port -> {
            DemoHttp.Answer a = DemoHttp.get(port, "/");
            out.println("GET / -> " + a.statusLine());
            out.println(a.body());
        });
    }
}
