package io.jasyncio.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.transports.Protocol;
import org.junit.jupiter.api.Test;

/**
 * {@code AppRunner.server()}, aiohttp's {@code runner.server}: the protocol factory a site would
 * use, usable on any transport; its connections are the runner's.
 */
class AppRunnerServerTest {
    private static Application hello() {
        Application app = new Application();
        app.router().addGet("/", r -> Response.ofText("hello"));
        return app;
    }

    @Test
    void beforeSetupItRefusesWithAClearError() {
        Asyncio.run(() -> {
            AppRunner runner = new AppRunner(hello());
            IllegalStateException e = assertThrows(IllegalStateException.class, runner::server);
            assertTrue(e.getMessage().contains("setup()"), e.getMessage());
            return null;
        });
    }

    @Test
    void itsConnectionsServeAndBelongToTheRunner() {
        Asyncio.run(() -> {
            AppRunner runner = new AppRunner(hello());
            runner.setup();
            EventLoop loop = Asyncio.getRunningLoop();
            RecordingTransport transport = new RecordingTransport(loop);
            Protocol connection = runner.server().get();
            transport.setProtocol(connection);
            connection.connectionMade(transport);
            assertEquals(1, runner.activeConnections());
            ServedConnection.feed(loop, connection, "GET / HTTP/1.1\r\nHost: t\r\n\r\n");
            String wire = transport.written();
            assertTrue(wire.startsWith("HTTP/1.1 200 OK\r\n") && wire.endsWith("\r\n\r\nhello"), wire);
            runner.cleanup();
            assertTrue(transport.isClosing(), "cleanup closes the runner's idle keep-alive connection");
            Asyncio.sleep(0);
            assertEquals(0, runner.activeConnections());
            return null;
        });
    }
}
