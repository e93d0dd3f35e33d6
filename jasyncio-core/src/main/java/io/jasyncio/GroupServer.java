package io.jasyncio;

import io.jasyncio.transports.Server;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A server whose connections are served by every loop of an {@link EventLoopGroup}: either one
 * listening socket per loop on the same port, bound with {@code SO_REUSEPORT}, each served by its
 * own loop, or (where the platform has no SO_REUSEPORT, or when asked) one listening socket on the
 * group's first loop whose accepted channels go to the loops in turn ({@link Balancing}).
 *
 * <p>Thread-safe: unlike a {@link Server} (loop-confined), every method here may be called from
 * any thread outside the group's loops; each reaches the loop's own server through
 * {@link Asyncio#runCoroutineThreadsafe}.
 */
public final class GroupServer implements AutoCloseable {
    /** Whether this platform lets several sockets listen on one port (Linux, the BSDs, macOS). */
    static final boolean REUSE_PORT_SUPPORTED = reusePortSupported();

    /** How a group server spreads new connections over the loops. */
    public enum Balancing {
        /** {@link #REUSE_PORT} where the platform has SO_REUSEPORT, else {@link #ONE_ACCEPTOR}. */
        AUTO,
        /**
         * One listening socket per loop, all bound to the port with SO_REUSEPORT; the kernel
         * picks a listener for each new connection (Linux by a hash of its addresses, so the
         * spread is even only over many connections). No hand-off between threads.
         */
        REUSE_PORT,
        /**
         * One listening socket, on the group's first loop; it hands each accepted channel to the
         * next loop in round-robin order, which serves it as
         * {@link EventLoop#connectAcceptedSocket loop.connectAcceptedSocket} would (one
         * cross-thread call per connection, none per request). The portable choice.
         */
        ONE_ACCEPTOR
    }

    private final List<EventLoop> loops;
    private final List<Server> servers;
    private final int port;
    private final Balancing balancing;

    GroupServer(List<EventLoop> loops, List<Server> servers, Balancing balancing) {
        this.loops = List.copyOf(loops);
        this.servers = List.copyOf(servers);
        this.port = servers.isEmpty() ? -1 : servers.get(0).port();
        this.balancing = balancing;
    }

    /** How this server spreads connections: {@link Balancing#REUSE_PORT} or {@link Balancing#ONE_ACCEPTOR}. */
    public Balancing balancing() {
        return balancing;
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

    /** How many loops serve connections. */
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

    /**
     * Stops accepting on every loop (live connections stay open), as asyncio's {@code close()}:
     * returns once every loop's listening socket is closed, so a connection attempted after it
     * is refused. Idempotent.
     */
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
        return "<GroupServer port=" + port + " loops=" + servers.size() + " " + balancing + ">";
    }
}
