package io.jasyncio.web;

import io.jasyncio.Asyncio;
import io.jasyncio.tls.TlsOptions;
import io.jasyncio.transports.Server;
import io.jasyncio.transports.ServerOptions;
import java.io.IOException;
import javax.net.ssl.SSLContext;

/**
 * A TCP site, plain or TLS (https): aiohttp's {@code web.TCPSite}, whose {@code ssl_context=}
 * is the {@link SSLContext} (or, for client authentication and ALPN, the {@link TlsOptions}) given
 * here. Port 0 picks a free port ({@link #port()} tells it). With TLS each connection reaches the
 * application only after its handshake (asyncio's {@code create_server(ssl=)}); a failed
 * handshake closes that connection and nothing else.
 *
 * <p>Loop-confined.
 */
public final class TcpSite extends BaseSite {
    private final String host;
    private final int requestedPort;
    private final boolean reusePort;
    private final TlsOptions ssl;

    /** A plain-HTTP site on {@code host} (null: every interface) and {@code port}. */
    public TcpSite(AppRunner runner, String host, int port) {
        this(runner, host, port, false, (TlsOptions) null);
    }

    /** A plain-HTTP site with SO_REUSEPORT on or off (several processes may share the port). */
    public TcpSite(AppRunner runner, String host, int port, boolean reusePort) {
        this(runner, host, port, reusePort, (TlsOptions) null);
    }

    /**
     * An https site: aiohttp's {@code TCPSite(runner, host, port, ssl_context=ctx)}.
     *
     * @param sslContext the server's context, holding its certificate chain and key
     *                   ({@link io.jasyncio.tls.TlsContexts#create} builds one from PEM files)
     * @throws IllegalArgumentException if {@code sslContext} is null
     */
    public TcpSite(AppRunner runner, String host, int port, SSLContext sslContext) {
        this(runner, host, port, false, TlsOptions.server(notNull(sslContext, "sslContext")));
    }

    /**
     * A site with every option: SO_REUSEPORT, and TLS through {@code ssl} (null: plain HTTP), which
     * must be server options ({@link TlsOptions#server(SSLContext)}, with client authentication,
     * ALPN or timeouts as wanted).
     *
     * @throws IllegalArgumentException if the port is out of range
     */
    public TcpSite(AppRunner runner, String host, int port, boolean reusePort, TlsOptions ssl) {
        super(runner);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.host = host;
        this.requestedPort = port;
        this.reusePort = reusePort;
        this.ssl = ssl;
    }

    private static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        return value;
    }

    @Override
    Server bind() throws IOException {
        ServerOptions options = ServerOptions.of(host, requestedPort).withReusePort(reusePort);
        return ssl == null
                ? Asyncio.getRunningLoop().createServer(runner.protocolFactory(), options)
                : Asyncio.getRunningLoop().createServer(runner.protocolFactory(), options, ssl);
    }

    /** The bound port (after {@link #start()}), else the requested one. */
    public int port() {
        return server == null ? requestedPort : server.port();
    }

    /** Whether this site serves https. */
    public boolean isTls() {
        return ssl != null;
    }

    @Override
    public String name() {
        return (ssl == null ? "http" : "https") + "://" + (host == null ? "0.0.0.0" : host) + ":" + port();
    }
}
