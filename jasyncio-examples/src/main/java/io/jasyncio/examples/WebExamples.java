package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.web.AppRunner;
import io.jasyncio.web.Application;
import io.jasyncio.web.Response;
import io.jasyncio.web.TcpSite;
import io.jasyncio.web.WebRunner;
import java.io.PrintStream;
import java.util.OptionalInt;

/** What the web examples share: serve until a signal with {@code --serve PORT}, else a demonstration against a free port. */
final class WebExamples {
    private WebExamples() {}

    /** A 200 text/html response. */
    static Response html(String page) {
        Response r = Response.ofText(page);
        r.setContentType("text/html; charset=utf-8");
        return r;
    }

    interface Demo {
        void run(int port) throws Exception;
    }

    static void serveOrDemo(Application app, PrintStream out, String[] args, Demo demo) throws Exception {
        OptionalInt serve = ExampleArgs.servePort(args);
        if (serve.isPresent()) {
            WebRunner.runApp(new AppRunner(app).setAccessLog(true), "127.0.0.1", serve.getAsInt(), out);
            return;
        }
        Asyncio.run(() -> {
            AppRunner runner = new AppRunner(app);
            runner.setup();
            TcpSite site = new TcpSite(runner, "127.0.0.1", 0);
            site.start();
            try {
                demo.run(site.port());
            } finally {
                runner.cleanup();
            }
        });
    }
}
