package io.jasyncio.web;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.EventLoopGroup;
import io.jasyncio.GroupServer;
import io.jasyncio.tls.TlsOptions;
import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.ServerOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * An HTTP site served by every loop of an {@link EventLoopGroup}: what aiohttp does with N
 * gunicorn workers on one port, in one JVM. Each loop gets its own {@link AppRunner} over its
 * own {@link Application}, both made on that loop by {@code runnerFactory} (aiohttp's app
 * factory: every worker builds its app, so startup hooks, application state and WebSocket client
 * sets are per loop and need no locks); connections are spread over the loops by a
 * {@link GroupServer} ({@link GroupServer.Balancing}: SO_REUSEPORT listeners, or one acceptor
 * handing connections round robin), plain or TLS. A connection and its requests stay on one loop.
 *
 * <p>Thread-safe. {@link #start} and {@link #close()} wait for the loops: call them from a thread
 * outside the group (a {@code main} thread), not from one of its loops.
 */
public final class GroupSite implements AutoCloseable {
    private final List<EventLoop> loops;
    private final List<AppRunner> runners;
    private final GroupServer server;
    private final String host;
    private final boolean tls;
    private final List<CompletableFuture<Void>> closing = new CopyOnWriteArrayList<>();
    private volatile boolean cutShort;
    private boolean closed;

    private GroupSite(List<EventLoop> loops, List<AppRunner> runners, GroupServer server, String host, boolean tls) {
        this.loops = loops;
        this.runners = runners;
        this.server = server;
        this.host = host;
        this.tls = tls;
    }

    /**
     * Serves plain HTTP on {@code host:port} (port 0: one free port for all loops) with
     * {@link GroupServer.Balancing#AUTO}.
     *
     * @param runnerFactory called once on each loop, e.g. {@code () -> new AppRunner(MyApp.app())}
     * @throws Exception what a startup hook throws, or an {@code IOException} if the port cannot be bound
     */
    public static GroupSite start(EventLoopGroup group, Supplier<AppRunner> runnerFactory, String host, int port)
            throws Exception {
        return start(group, runnerFactory, host, port, null, GroupServer.Balancing.AUTO);
    }

    /**
     * Sets up one runner per loop (their startup hooks run, on every loop at once), then starts
     * serving. If a loop's setup or the bind fails, the runners already set up are cleaned up and
     * the error is thrown.
     *
     * @param ssl TLS server options (https), or null for plain HTTP
     * @throws IllegalArgumentException if an argument is null (but {@code ssl}), the port is out
     *     of range, or the factory returns null
     * @throws Exception what a startup hook throws, or an {@code IOException} if the port cannot be bound
     */
    public static GroupSite start(EventLoopGroup group, Supplier<AppRunner> runnerFactory, String host, int port,
            TlsOptions ssl, GroupServer.Balancing balancing) throws Exception {
        notNull(group, "group");
        notNull(runnerFactory, "runnerFactory");
        notNull(balancing, "balancing");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        List<EventLoop> loops = group.loops();
        List<CompletableFuture<AppRunner>> setups = new ArrayList<>();
        for (EventLoop loop : loops) {
            setups.add(group.submit(loop, () -> {
                AppRunner runner = runnerFactory.get();
                if (runner == null) {
                    throw new IllegalArgumentException("runnerFactory returned null");
                }
                runner.setup();
                return runner;
            }));
        }
        List<AppRunner> runners = new ArrayList<>();
        Throwable failed = null;
        for (CompletableFuture<AppRunner> f : setups) {
            try {
                runners.add(f.get());
            } catch (ExecutionException e) {
                failed = failed == null ? e.getCause() : failed;
                runners.add(null);
            }
        }
        if (failed != null) {
            cleanupAll(group.loops(), runners);
            throw rethrowable(failed);
        }
        Map<EventLoop, Supplier<HttpConnection>> connections = new HashMap<>();
        for (int i = 0; i < loops.size(); i++) {
            connections.put(loops.get(i), runners.get(i).protocolFactory());
        }
        Map<EventLoop, Supplier<HttpConnection>> byLoop = Map.copyOf(connections);
        // called on the loop that serves the connection: its own runner makes the protocol
        Supplier<Protocol> factory = () -> byLoop.get(Asyncio.getRunningLoop()).get();
        GroupServer server;
        try {
            server = group.createServer(factory, ServerOptions.of(host, port), ssl, balancing);
        } catch (IOException | RuntimeException e) {
            cleanupAll(loops, runners);
            throw e;
        }
        return new GroupSite(loops, List.copyOf(runners), server, host, ssl != null);
    }

    /** The port every loop serves. */
    public int port() {
        return server.port();
    }

    /** How connections are spread: {@link GroupServer.Balancing#REUSE_PORT} or {@code ONE_ACCEPTOR}. */
    public GroupServer.Balancing balancing() {
        return server.balancing();
    }

    /** The runners, one per loop, in the group's loop order (each is confined to its loop). */
    public List<AppRunner> runners() {
        return runners;
    }

    /** How many connections are open, per loop, in the group's loop order. */
    public List<Integer> activeConnections() throws IOException {
        return server.activeConnections();
    }

    /** The site's URL, e.g. {@code http://127.0.0.1:8080}. */
    public String name() {
        return (tls ? "https" : "http") + "://" + (host == null ? "0.0.0.0" : host) + ":" + port();
    }

    /**
     * Shuts down gracefully on every loop at once: every loop stops accepting, then each
     * runner's {@link AppRunner#cleanup()} runs (idle keep-alive connections close, live requests
     * get the shutdown timeout, the shutdown and cleanup hooks run). Idempotent.
     *
     * @throws Exception the first error a cleanup hook threw (the others suppressed into it)
     */
    @Override
    public synchronized void close() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        server.close();
        startCleanups(loops, runners, closing);
        if (cutShort) {
            cutShutdownShort(); // asked for before the cleanups had started
        }
        Throwable failed = awaitAll(closing);
        if (failed != null) {
            throw rethrowable(failed);
        }
    }

    /**
     * Cancels the cleanups that {@link #close()} runs (or will run) on the loops, so that it
     * returns at once: aiohttp's second signal interrupting {@code run_app}'s graceful shutdown.
     * Connections still open are left to the loops' closing. Thread-safe.
     */
    void cutShutdownShort() {
        cutShort = true;
        for (CompletableFuture<Void> f : closing) {
            f.cancel(true);
        }
    }

    private static Throwable cleanupAll(List<EventLoop> loops, List<AppRunner> runners) {
        List<CompletableFuture<Void>> cleanups = new ArrayList<>();
        startCleanups(loops, runners, cleanups);
        return awaitAll(cleanups);
    }

    /** Starts each runner's cleanup on its loop, adding its future to {@code cleanups}. */
    private static void startCleanups(List<EventLoop> loops, List<AppRunner> runners,
            List<CompletableFuture<Void>> cleanups) {
        for (int i = 0; i < runners.size(); i++) {
            AppRunner r = runners.get(i);
            EventLoop loop = loops.get(i);
            if (r != null && !loop.isClosed()) {
                cleanups.add(Asyncio.runCoroutineThreadsafe(() -> {
                    r.cleanup();
                    return null;
                }, loop));
            }
        }
    }

    private static Throwable awaitAll(List<CompletableFuture<Void>> cleanups) {
        Throwable first = null;
        for (CompletableFuture<Void> f : cleanups) {
            try {
                f.get();
            } catch (CancellationException cutShort) {
                // the shutdown was cut short: this loop's connections close with the loop
            } catch (ExecutionException e) {
                if (first == null) {
                    first = e.getCause();
                } else {
                    first.addSuppressed(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return e;
            }
        }
        return first;
    }

    private static Exception rethrowable(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        return t instanceof Exception e ? e : new IllegalStateException(t);
    }

    private static void notNull(Object value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is null");
        }
    }

    @Override
    public String toString() {
        return "<GroupSite " + name() + " loops=" + loops.size() + " " + server.balancing() + ">";
    }
}
