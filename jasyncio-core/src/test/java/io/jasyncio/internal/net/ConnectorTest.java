package io.jasyncio.internal.net;

import static io.jasyncio.transports.RealLoop.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.Server;
import io.jasyncio.transports.TransportAndProtocol;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Trying every resolved address in turn, and literals that need no lookup. */
class ConnectorTest {
    private static int closedPort() throws IOException {
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            return ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
    }

    @Test
    void triesEachAddressInTurnUntilOneAccepts() throws IOException {
        int refused = closedPort();
        run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            try (Server server = loop.createServer(() -> new Protocol() {}, "127.0.0.1", 0)) {
                InetSocketAddress good = new InetSocketAddress("127.0.0.1", server.port());
                TransportAndProtocol<Protocol> c = Connector.connectFirst(loop, () -> new Protocol() {},
                        List.of(new InetSocketAddress("127.0.0.1", refused), good), "test");
                assertEquals(good, c.transport().getExtraInfo("peername"));
                c.transport().close();
                server.closeClients();
            }
        });
    }

    @Test
    void everyAddressRefusedGivesOneErrorNamingThemAll() throws IOException {
        int a = closedPort();
        int b = closedPort();
        ConnectException e = run(() -> assertThrows(ConnectException.class, () -> Connector.connectFirst(
                Asyncio.getRunningLoop(), () -> new Protocol() {},
                List.of(new InetSocketAddress("127.0.0.1", a), new InetSocketAddress("127.0.0.1", b)), "test")));
        assertTrue(e.getMessage().contains(":" + a) && e.getMessage().contains(":" + b), e.getMessage());
        assertEquals(2, e.getSuppressed().length);
    }

    @Test
    void ipLiteralsAreRecognised() {
        assertTrue(Resolver.isLiteral("127.0.0.1"));
        assertTrue(Resolver.isLiteral("::1"));
        assertTrue(!Resolver.isLiteral("localhost"));
        assertTrue(!Resolver.isLiteral(""));
    }
}
