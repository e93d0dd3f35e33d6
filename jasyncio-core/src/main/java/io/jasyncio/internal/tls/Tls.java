package io.jasyncio.internal.tls;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Handle;
import io.jasyncio.tls.TlsOptions;
import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.Transport;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

/** The TLS entry points the connectors, servers and streams call: asyncio's {@code ssl=} plumbing and {@code start_tls}. */
public final class Tls {
    private Tls() {}

    /**
     * Checks options before any socket is opened: a server needs a context (or an engine
     * factory); a client over a Unix socket ({@code host} null) needs a server name to check.
     */
    public static void check(TlsOptions options, boolean serverSide, String host) {
        Objects.requireNonNull(options, "ssl must not be null");
        if (serverSide && options.context() == null && options.engineFactory() == null) {
            throw new IllegalArgumentException(
                    "a TLS server needs an SSLContext holding its key and certificate: TlsOptions.server(context)");
        }
        if (!serverSide && host == null && options.serverHostname() == null && options.checkHostname()) {
            throw new IllegalArgumentException(
                    "TLS without a host name to check: set TlsOptions.withServerHostname(name) (asyncio: server_hostname)");
        }
    }

    /** A TLS layer around {@code app}, to be the socket transport's protocol. */
    public static SslProtocol layer(EventLoop loop, Protocol app, TlsOptions options, boolean serverSide, String host,
            int port, Future<Void> handshakeDone) {
        return new SslProtocol(loop, app, options, serverSide, host, port, handshakeDone, true, null);
    }

    /**
     * Upgrades a live connection to TLS: asyncio's {@code loop.start_tls}. Suspends until the
     * handshake is done; {@code protocol} gets no second connectionMade. {@code alreadyRead} (may
     * be null) holds bytes already taken from the socket that belong to the TLS stream.
     *
     * @throws javax.net.ssl.SSLException (an IOException) if the handshake fails or times out
     * @throws IllegalArgumentException if the transport cannot carry TLS (it is closing, or it is TLS already)
     * @throws io.jasyncio.CancelledError if the task is cancelled (the connection is then closed)
     */
    public static Transport startTls(EventLoop loop, Transport transport, Protocol protocol, TlsOptions options,
            boolean serverSide, ByteBuffer alreadyRead) {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(protocol, "protocol");
        if (transport instanceof SslTransport) {
            throw new IllegalArgumentException("transport " + transport + " is TLS already: startTls needs a plain socket transport");
        }
        if (transport.isClosing()) {
            throw new IllegalArgumentException("transport " + transport + " is closing: startTls needs a live one");
        }
        String host = null;
        int port = -1;
        if (transport.getExtraInfo("peername") instanceof InetSocketAddress a) {
            host = a.getHostString();
            port = a.getPort();
        }
        check(options, serverSide, host);
        Future<Void> waiter = loop.createFuture();
        SslProtocol ssl = new SslProtocol(loop, protocol, options, serverSide, host, port, waiter, false, alreadyRead);
        // As asyncio: stop reading, swap the protocol, then start the handshake and resume reading
        // on the next iteration, so no byte reaches the old protocol in between.
        transport.pauseReading();
        transport.setProtocol(ssl);
        Handle made = loop.callSoon(() -> ssl.connectionMade(transport));
        Handle resume = loop.callSoon(transport::resumeReading);
        try {
            waiter.await();
        } catch (Throwable t) {
            made.cancel();
            resume.cancel();
            transport.close();
            throw t;
        }
        return ssl.appTransport();
    }
}
