package io.jasyncio.internal.net;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.internal.tls.SslProtocol;
import io.jasyncio.internal.tls.Tls;
import io.jasyncio.tls.TlsOptions;
import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.TransportAndProtocol;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Outgoing connections: asyncio's {@code create_connection} and {@code create_unix_connection}. */
public final class Connector {
    private Connector() {}

    /**
     * Suspends while {@code host} is resolved and each of its addresses is tried in turn; returns
     * once the protocol's {@code connectionMade} has run.
     *
     * @throws ConnectException naming every address tried if none accepted
     */
    public static <P extends Protocol> TransportAndProtocol<P> createConnection(
            EventLoop loop, Supplier<P> factory, String host, int port) throws IOException {
        return createConnection(loop, factory, host, port, null);
    }

    /**
     * {@link #createConnection(EventLoop, Supplier, String, int)} over TLS when {@code tls} is not
     * null: returns once the handshake is done and connectionMade has run.
     *
     * @throws javax.net.ssl.SSLException if the handshake fails or times out
     */
    public static <P extends Protocol> TransportAndProtocol<P> createConnection(
            EventLoop loop, Supplier<P> factory, String host, int port, TlsOptions tls) throws IOException {
        if (tls != null) {
            Tls.check(tls, false, host);
        }
        return connectFirst(loop, factory, Resolver.resolve(loop, host, port), host + ":" + port, tls, host, port);
    }

    /** Tries each address in turn; the first that accepts wins. */
    static <P extends Protocol> TransportAndProtocol<P> connectFirst(
            EventLoop loop, Supplier<P> factory, List<InetSocketAddress> addrs, String target) throws IOException {
        return connectFirst(loop, factory, addrs, target, null, null, -1);
    }

    private static <P extends Protocol> TransportAndProtocol<P> connectFirst(EventLoop loop, Supplier<P> factory,
            List<InetSocketAddress> addrs, String target, TlsOptions tls, String host, int port) throws IOException {
        List<IOException> errors = new ArrayList<>();
        for (InetSocketAddress addr : addrs) {
            SocketChannel ch = SocketChannel.open(addr.getAddress() instanceof Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            try {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.configureBlocking(false);
                SocketOps.connect(loop, ch, addr);
            } catch (IOException e) {
                ch.close();
                errors.add(e);
                continue;
            } catch (Throwable t) {
                ch.close(); // cancelled while connecting
                throw t;
            }
            return start(loop, ch, factory, tls, host, port);
        }
        throw combine(errors, target);
    }

    /** Suspends until connected to the Unix socket at {@code path} and connectionMade has run. */
    public static <P extends Protocol> TransportAndProtocol<P> createUnixConnection(
            EventLoop loop, Supplier<P> factory, Path path) throws IOException {
        return createUnixConnection(loop, factory, path, null);
    }

    /** {@link #createUnixConnection(EventLoop, Supplier, Path)}, over TLS when {@code tls} is not null. */
    public static <P extends Protocol> TransportAndProtocol<P> createUnixConnection(
            EventLoop loop, Supplier<P> factory, Path path, TlsOptions tls) throws IOException {
        if (tls != null) {
            Tls.check(tls, false, null);
        }
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.configureBlocking(false);
            SocketOps.connect(loop, ch, UnixDomainSocketAddress.of(path));
        } catch (Throwable t) {
            ch.close();
            throw t;
        }
        return start(loop, ch, factory, tls, null, -1);
    }

    /**
     * asyncio's {@code connect_accepted_socket}: wraps a connection accepted elsewhere in a
     * transport of {@code loop} (server side of TLS when {@code tls} is not null). Suspends until
     * the protocol's {@code connectionMade} has run (after the handshake with TLS).
     *
     * @throws IllegalArgumentException if the channel is closed or not connected
     */
    public static <P extends Protocol> TransportAndProtocol<P> connectAccepted(EventLoop loop, Supplier<P> factory,
            SocketChannel ch, TlsOptions tls) throws IOException {
        if (!ch.isOpen()) {
            throw new IllegalArgumentException("channel is closed: " + ch);
        }
        if (!ch.isConnected()) {
            throw new IllegalArgumentException("channel is not connected: " + ch);
        }
        if (tls != null) {
            Tls.check(tls, true, null);
        }
        int port;
        try {
            SocketServer.configureAccepted(ch);
            port = ch.getRemoteAddress() instanceof InetSocketAddress a ? a.getPort() : -1;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        return start(loop, ch, factory, tls, true, null, port);
    }

    private static <P extends Protocol> TransportAndProtocol<P> start(EventLoop loop, SocketChannel ch,
            Supplier<P> factory, TlsOptions tls, String host, int port) throws IOException {
        return start(loop, ch, factory, tls, false, host, port);
    }

    private static <P extends Protocol> TransportAndProtocol<P> start(EventLoop loop, SocketChannel ch,
            Supplier<P> factory, TlsOptions tls, boolean serverSide, String host, int port) throws IOException {
        P protocol;
        SslProtocol ssl = null;
        Future<Void> made = loop.createFuture();
        try {
            protocol = factory.get();
            if (tls != null) {
                ssl = Tls.layer(loop, protocol, tls, serverSide, host, port, made);
            }
        } catch (Throwable t) {
            ch.close();
            throw t;
        }
        SocketTransport transport = new SocketTransport(loop, ch, ssl != null ? ssl : protocol, null);
        transport.start(ssl != null ? null : made);
        try {
            made.await();
        } catch (Throwable t) {
            transport.abort();
            throw t;
        }
        return new TransportAndProtocol<>(ssl != null ? ssl.appTransport() : transport, protocol);
    }

    /** One error as is; several as asyncio's "Multiple exceptions", the others suppressed. */
    private static IOException combine(List<IOException> errors, String target) {
        if (errors.size() == 1) {
            return errors.get(0);
        }
        StringBuilder sb = new StringBuilder("Multiple exceptions connecting to " + target + ": ");
        for (int i = 0; i < errors.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(errors.get(i).getMessage());
        }
        ConnectException ce = new ConnectException(sb.toString());
        errors.forEach(ce::addSuppressed);
        return ce;
    }
}
