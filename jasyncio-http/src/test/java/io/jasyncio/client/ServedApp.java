package io.jasyncio.client;

import io.jasyncio.Asyncio;
import io.jasyncio.web.AppRunner;
import io.jasyncio.web.Application;
import io.jasyncio.web.TcpSite;

/** Test fixture: runs an application on 127.0.0.1 (a free port) for the body, bounded to 60 s, then cleans up. */
final class ServedApp {
    private ServedApp() {}

    interface OnPort {
        void run(int port) throws Exception;
    }

    static void serve(Application app, OnPort body) {
        Asyncio.run(() -> {
            AppRunner runner = new AppRunner(app);
            runner.setup();
            TcpSite site = new TcpSite(runner, "127.0.0.1", 0);
            site.start();
            try {
                Asyncio.timeout(60, () -> body.run(site.port()));
            } finally {
                runner.cleanup();
            }
        });
    }
}
