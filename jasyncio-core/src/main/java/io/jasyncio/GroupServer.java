package io.jasyncio;

import io.jasyncio.transports.Server;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A server that listens on every loop of an {@link EventLoopGroup}: one listening socket per loop
 * on the same port, bound with {@code SO_REUSEPORT}, each served by its own loop.
 *
 * <p>Thread-safe: unlike a {@link Server} (loop-confined), every method here may be called from
 * any thread outside the group's loops; each reaches the loop's own server through
 * {@link Asyncio#runCoroutineThreadsafe}.
 */
public final class GroupServer implements AutoCloseable {
    /** Whether this platform lets several sockets listen on one port (Linux, the BSDs, macOS). */
    static final boolean REUSE_PORT_SUPPORTED = reusePortSupported();

    private final List<EventLoop> loops;
    private final List<Server> servers;
    private final int port;

    GroupServer(List<EventLoop> loops, List<Server> servers) {
        this.loops = List.copyOf(loops);
        this.servers = List.copyOf(servers);
        this.port = servers.isEmpty() ? -1 : servers.get(0).port();
    }

    private static boolean reusePortSupported() {
        try (ServerSocketChannel ch = ServerSocketChannel.open()) {
            return ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
        } catch (IOException e) {
            return false;
        }
    }

    /** The port every loop listens on. */
    public int port() {
        return port;
    }

    /** How many loops serve (one listening socket each). */
    public int size() {
        return servers.size();
    }

    /** How many connections are open, per loop, in the group's loop order. */
    public List<Integer> activeConnections() throws IOException {
        Integer[] counts = new Integer[servers.size()];
        for (int i = 0; i < servers.size(); i++) {
            Server s = servers.get(i);
            counts[i] = EventLoopGroup.await(Asyncio.runCoroutineThreadsafe(s::activeConnections, loops.get(i)));
        }
        return List.of(counts);
    }

    /**
     * Stops accepting on every loop, then waits until the connections already accepted have
     * closed (asyncio's {@code close()} then {@code wait_closed()}, on each loop).
     */
    public void closeAndWait() throws IOException {
        close();
        for (int i = 0; i < servers.size(); i++) {
            Server s = servers.get(i);
            EventLoopGroup.await(Asyncio.runCoroutineThreadsafe(() -> {
                s.waitClosed();
                return null;
            }, loops.get(i)));
        }
    }

    /** Stops accepting on every loop (live connections stay open). Idempotent. */
    @Override
    public void close() {
        for (int i = 0; i < servers.size(); i++) {
            Server s = servers.get(i);
            EventLoop loop = loops.get(i);
            if (loop.isClosed()) {
                continue; // closing the loop closed its sockets
            }
            CompletableFuture<Void> done = Asyncio.runCoroutineThreadsafe(() -> {
                s.close();
                return null;
            }, loop);
            try {
                EventLoopGroup.await(done);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public String toString() {
        return "<GroupServer port=" + port + " loops=" + servers.size() + ">";
    }
}
