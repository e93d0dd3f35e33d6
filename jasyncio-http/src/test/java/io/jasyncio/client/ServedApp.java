package io.jasyncio.client;

import io.jasyncio.Asyncio;
import io.jasyncio.testutils.TestServer;
import io.jasyncio.web.Application;

/** Test fixture: runs an application on 127.0.0.1 (a free port) for the body, bounded to 60 s, then cleans up. */
final class ServedApp {
    private ServedApp() {}

    interface OnPort {
        void run(int port) throws Exception;
    }

    static void serve(Application app, OnPort body) {
        Asyncio.run(() -> {
            try (TestServer server = new TestServer(app)) {
                server.startServer();
                Asyncio.timeout(60, () -> body.run(server.port()));
            }
        });
    }
}
