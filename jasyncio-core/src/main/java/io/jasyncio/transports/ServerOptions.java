package io.jasyncio.transports;

import io.jasyncio.internal.Args;
import java.util.List;

/**
 * The options of {@code createServer} and {@code Asyncio.startServer}, as asyncio's keyword
 * arguments: hosts (one or several; an empty list listens on every interface), port (0: any free
 * port), backlog, reuseAddress, reusePort, startServing, and the stream reader's limit.
 *
 * <p>Immutable and thread-safe: each {@code with...} method returns a changed copy.
 *
 * @param hosts the host names or addresses to bind (each resolved; every address is bound)
 * @param port the port, 0 for any free one
 * @param backlog the listen backlog (asyncio's default: 100)
 * @param reuseAddress SO_REUSEADDR (asyncio's default on POSIX: true)
 * @param reusePort SO_REUSEPORT (default false)
 * @param startServing whether to accept at once (default true)
 * @param limit the stream reader's buffer limit for {@code startServer} (default 64 KiB)
 */
public record ServerOptions(List<String> hosts, int port, int backlog, boolean reuseAddress,
        boolean reusePort, boolean startServing, int limit) {
    /** The default stream reader limit: 64 KiB, as asyncio's {@code _DEFAULT_LIMIT}. */
    public static final int DEFAULT_LIMIT = 64 * 1024;

    /** Checks the values. */
    public ServerOptions {
        hosts = List.copyOf(Args.notNull(hosts, "hosts"));
        for (String h : hosts) {
            Args.notNull(h, "each host");
        }
        if (backlog < 0) {
            throw new IllegalArgumentException("backlog must be >= 0: " + backlog);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
    }

    /** Defaults for one host (null: every interface) and a port. */
    public static ServerOptions of(String host, int port) {
        return new ServerOptions(host == null ? List.of() : List.of(host), port, 100, true, false, true, DEFAULT_LIMIT);
    }

    /** Defaults for several hosts and a port. */
    public static ServerOptions of(List<String> hosts, int port) {
        Args.notNull(hosts, "hosts");
        return new ServerOptions(hosts, port, 100, true, false, true, DEFAULT_LIMIT);
    }

    /** A copy with this port (0: any free port). */
    public ServerOptions withPort(int port) {
        return new ServerOptions(hosts, port, backlog, reuseAddress, reusePort, startServing, limit);
    }

    /** A copy with this backlog. */
    public ServerOptions withBacklog(int backlog) {
        return new ServerOptions(hosts, port, backlog, reuseAddress, reusePort, startServing, limit);
    }

    /** A copy with this SO_REUSEADDR setting. */
    public ServerOptions withReuseAddress(boolean reuseAddress) {
        return new ServerOptions(hosts, port, backlog, reuseAddress, reusePort, startServing, limit);
    }

    /** A copy with this SO_REUSEPORT setting. */
    public ServerOptions withReusePort(boolean reusePort) {
        return new ServerOptions(hosts, port, backlog, reuseAddress, reusePort, startServing, limit);
    }

    /** A copy that starts serving at once or not. */
    public ServerOptions withStartServing(boolean startServing) {
        return new ServerOptions(hosts, port, backlog, reuseAddress, reusePort, startServing, limit);
    }

    /** A copy with this stream reader limit. */
    public ServerOptions withLimit(int limit) {
        return new ServerOptions(hosts, port, backlog, reuseAddress, reusePort, startServing, limit);
    }
}
