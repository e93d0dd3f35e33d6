package io.jasyncio.web;

import io.jasyncio.Asyncio;

/** Test fixture: runs an application on 127.0.0.1 (a free port) for the body, then cleans up. */
final class Served {
    interface Body {
        void run(int port, AppRunner runner) throws Exception;
    }

    static void serve(Application app, Body body) {
        AppRunner runner = new AppRunner(app);
        serve(runner, body);
    }

    static void serve(AppRunner runner, Body body) {
        Asyncio.run(() -> {
            runner.setup();
            TcpSite site = new TcpSite(runner, "127.0.0.1", 0);
            site.start();
            try {
                body.run(site.port(), runner);
            } finally {
                runner.cleanup();
            }
        });
    }
}
