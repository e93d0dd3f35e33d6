package io.jasyncio.transports;

import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.List;

/**
 * A listening server made by {@code createServer}, {@code createUnixServer} or
 * {@code Asyncio.startServer}: asyncio's {@code Server}.
 *
 * <p>Loop-confined. Closing a server stops it accepting and closes its listening sockets but,
 * as in asyncio, leaves live connections alone; {@link #closeClients()} and
 * {@link #abortClients()} end them too. Usable in try-with-resources ({@link #close()}).
 *
 * <p>Difference from asyncio: {@link #close()} never suspends, so try-with-resources does not
 * wait for connections the way {@code async with server} does; call {@link #waitClosed()} for that.
 */
public interface Server extends AutoCloseable {
    /** Stops accepting and closes the listening sockets; live connections stay. Idempotent. */
    @Override
    void close();

    /** Closes every live connection gracefully (buffered writes are flushed first). */
    void closeClients();

    /** Closes every live connection at once. */
    void abortClients();

    /**
     * Suspends until the server is closed and every connection it accepted is closed.
     *
     * @throws io.jasyncio.CancelledError if the calling task is cancelled
     */
    void waitClosed();

    /** Starts accepting connections (if not already); does nothing once closed. */
    void startServing();

    /**
     * Starts accepting and suspends until the calling task is cancelled; then closes the server,
     * suspends until every connection it accepted is closed ({@link #waitClosed()}, as asyncio
     * 3.12+ does) and rethrows the {@link io.jasyncio.CancelledError}. A second cancel while it
     * waits for the connections ends the wait and is thrown instead.
     *
     * @throws IllegalStateException if the server is closed or already serves forever
     */
    void serveForever();

    /** The loop the server runs on: asyncio's {@code Server.get_loop()}. */
    io.jasyncio.EventLoop getLoop();

    /** Whether the server accepts connections. */
    boolean isServing();

    /** The listening sockets (empty once closed). */
    List<ServerSocketChannel> sockets();

    /** The bound addresses (port 0 resolved to the actual port); empty once closed. */
    List<SocketAddress> addresses();

    /** The first bound address's port (-1 for a Unix server or when closed). */
    int port();

    /** How many connections accepted by this server are still open. */
    int activeConnections();
}
