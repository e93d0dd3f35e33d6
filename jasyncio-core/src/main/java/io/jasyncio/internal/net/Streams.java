package io.jasyncio.internal.net;

import io.jasyncio.EventLoop;
import io.jasyncio.streams.ClientConnected;
import io.jasyncio.tls.TlsOptions;
import io.jasyncio.streams.StreamPair;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamReaderProtocol;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.transports.Server;
import io.jasyncio.transports.ServerOptions;
import io.jasyncio.transports.TransportAndProtocol;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;

/** The streams entry points behind {@code Asyncio.openConnection}, {@code startServer} and kin. */
public final class Streams {
    private Streams() {}

    /** Suspends until connected; a reader with the given limit and its writer. */
    public static StreamPair openConnection(EventLoop loop, String host, int port, int limit) throws IOException {
        return openConnection(loop, host, port, limit, null);
    }

    /** {@link #openConnection(EventLoop, String, int, int)}, over TLS when {@code tls} is not null. */
    public static StreamPair openConnection(EventLoop loop, String host, int port, int limit, TlsOptions tls)
            throws IOException {
        StreamReader reader = new StreamReader(loop, limit);
        TransportAndProtocol<StreamReaderProtocol> tp =
                Connector.createConnection(loop, () -> new StreamReaderProtocol(loop, reader), host, port, tls);
        return new StreamPair(reader, new StreamWriter(tp.transport(), tp.protocol(), reader, loop));
    }

    /** Suspends until connected to a Unix socket; a reader with the given limit and its writer. */
    public static StreamPair openUnixConnection(EventLoop loop, Path path, int limit) throws IOException {
        return openUnixConnection(loop, path, limit, null);
    }

    /** {@link #openUnixConnection(EventLoop, Path, int)}, over TLS when {@code tls} is not null. */
    public static StreamPair openUnixConnection(EventLoop loop, Path path, int limit, TlsOptions tls)
            throws IOException {
        StreamReader reader = new StreamReader(loop, limit);
        TransportAndProtocol<StreamReaderProtocol> tp =
                Connector.createUnixConnection(loop, () -> new StreamReaderProtocol(loop, reader), path, tls);
        return new StreamPair(reader, new StreamWriter(tp.transport(), tp.protocol(), reader, loop));
    }

    /** Suspends while binding; each connection runs {@code handler} in a new task. */
    public static Server startServer(EventLoop loop, ClientConnected handler, ServerOptions options)
            throws IOException {
        return startServer(loop, handler, options, null);
    }

    /** {@link #startServer(EventLoop, ClientConnected, ServerOptions)}, serving TLS when {@code tls} is not null. */
    public static Server startServer(EventLoop loop, ClientConnected handler, ServerOptions options, TlsOptions tls)
            throws IOException {
        return SocketServer.create(loop, serverProtocolFactory(loop, handler, options.limit()), options, tls);
    }

    /** The protocols of a stream server on {@code loop}: each connection runs {@code handler} in a new task. */
    public static Supplier<StreamReaderProtocol> serverProtocolFactory(EventLoop loop, ClientConnected handler,
            int limit) {
        return () -> new StreamReaderProtocol(loop, new StreamReader(loop, limit), handler);
    }

    /** {@link #startServer} on a Unix socket at {@code path}. */
    public static Server startUnixServer(EventLoop loop, ClientConnected handler, Path path, ServerOptions options)
            throws IOException {
        return startUnixServer(loop, handler, path, options, null);
    }

    /** {@link #startUnixServer(EventLoop, ClientConnected, Path, ServerOptions)}, TLS when {@code tls} is not null. */
    public static Server startUnixServer(EventLoop loop, ClientConnected handler, Path path, ServerOptions options,
            TlsOptions tls) throws IOException {
        int limit = options.limit();
        return SocketServer.createUnix(loop,
                () -> new StreamReaderProtocol(loop, new StreamReader(loop, limit), handler), path, options, tls);
    }
}
