package io.jasyncio.web;

import io.jasyncio.Asyncio;
import io.jasyncio.transports.Server;
import io.jasyncio.transports.ServerOptions;
import java.io.IOException;

/**
 * A TCP site: aiohttp's {@code web.TCPSite}. Port 0 picks a free port ({@link #port()} tells it).
 *
 * <p>Loop-confined.
 */
public final class TcpSite extends BaseSite {
    private final String host;
    private final int requestedPort;
    private final boolean reusePort;

    /** A site on {@code host} (null: every interface) and {@code port}. */
    public TcpSite(AppRunner runner, String host, int port) {
        this(runner, host, port, false);
    }

    /** A site with SO_REUSEPORT on or off (several processes may share the port). */
    public TcpSite(AppRunner runner, String host, int port, boolean reusePort) {
        super(runner);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.host = host;
        this.requestedPort = port;
        this.reusePort = reusePort;
    }

    @Override
    Server bind() throws IOException {
        return Asyncio.getRunningLoop().createServer(runner.protocolFactory(),
                ServerOptions.of(host, requestedPort).withReusePort(reusePort));
    }

    /** The bound port (after {@link #start()}), else the requested one. */
    public int port() {
        return server == null ? requestedPort : server.port();
    }

    @Override
    public String name() {
        return "http://" + (host == null ? "0.0.0.0" : host) + ":" + port();
    }
}
