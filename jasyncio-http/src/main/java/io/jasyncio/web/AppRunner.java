package io.jasyncio.web;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.TimeoutError;
import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.Transport;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs an {@link Application} on sites ({@link TcpSite}, {@link UnixSite}) inside your own event
 * loop code: aiohttp's {@code web.AppRunner}. {@link #setup()} runs the startup hooks;
 * {@link #cleanup()} shuts down gracefully: sites stop accepting, the shutdown hooks run, idle
 * keep-alive connections close at once, live requests get {@code shutdownTimeout} to finish
 * (then they are aborted), and the cleanup hooks run.
 *
 * <p>Loop-confined: create, set up and clean up from tasks of one loop. {@link #setup()} and
 * {@link #cleanup()} suspend and throw what the hooks throw, or {@link io.jasyncio.CancelledError}.
 */
public final class AppRunner {
    private static final System.Logger SERVER_LOG = System.getLogger("io.jasyncio.web.server");

    private final Application app;
    private final Set<HttpConnection> connections = new LinkedHashSet<>();
    private final List<BaseSite> sites = new ArrayList<>();
    private final AccessLog accessLog = new AccessLog();
    private double keepAliveTimeout = 75;
    private double headerTimeout = 60;
    private double shutdownTimeout = 60;
    private EventLoop loop;
    private Future<Void> allClosed;
    private boolean setUp;
    private boolean accessLogOn;

    /** A runner for {@code app}. */
    public AppRunner(Application app) {
        if (app == null) {
            throw new IllegalArgumentException("app is null");
        }
        this.app = app;
    }

    /** The application. */
    public Application app() {
        return app;
    }

    /** Seconds an idle keep-alive connection stays open (aiohttp's {@code keepalive_timeout}, 75). */
    public AppRunner setKeepAliveTimeout(double seconds) {
        keepAliveTimeout = positive(seconds, "keepAliveTimeout");
        return this;
    }

    /** Seconds a client has to send a whole request head from its first byte (60). */
    public AppRunner setHeaderTimeout(double seconds) {
        headerTimeout = positive(seconds, "headerTimeout");
        return this;
    }

    /** Seconds live requests get to finish at {@link #cleanup()} ({@code shutdown_timeout}, 60). */
    public AppRunner setShutdownTimeout(double seconds) {
        shutdownTimeout = positive(seconds, "shutdownTimeout");
        return this;
    }

    /**
     * Turns the access log on or off (off by default for an embedded runner, as an aiohttp
     * access logger without a handler is silent; {@link WebRunner#runApp} turns it on).
     */
    public AppRunner setAccessLog(boolean on) {
        accessLogOn = on;
        return this;
    }

    double shutdownTimeoutSeconds() {
        return shutdownTimeout;
    }

    double keepAliveTimeout() {
        return keepAliveTimeout;
    }

    double headerTimeout() {
        return headerTimeout;
    }

    /**
     * Freezes the application and runs its (and its sub-applications') startup hooks.
     *
     * @throws IllegalStateException if already set up
     */
    public void setup() throws Exception {
        if (setUp) {
            throw new IllegalStateException("the runner is already set up");
        }
        loop = Asyncio.getRunningLoop();
        setUp = true;
        app.startup();
    }

    /** The sites added to this runner. */
    public List<BaseSite> sites() {
        return List.copyOf(sites);
    }

    /** How many connections are open. */
    public int activeConnections() {
        return connections.size();
    }

    /** The graceful shutdown described in the class comment. Idempotent once done. */
    public void cleanup() throws Exception {
        if (!setUp) {
            return;
        }
        setUp = false;
        for (BaseSite site : List.copyOf(sites)) {
            site.stop();
        }
        app.shutdown();
        for (HttpConnection c : List.copyOf(connections)) {
            c.shutdown();
        }
        if (!connections.isEmpty()) {
            allClosed = loop.createFuture();
            try {
                Asyncio.waitFor(Asyncio.shield(allClosed), shutdownTimeout);
            } catch (TimeoutError e) {
                for (HttpConnection c : List.copyOf(connections)) {
                    c.abort();
                }
            }
        }
        app.cleanup();
    }

    /**
     * The protocol factory of this runner's HTTP server, as aiohttp's {@code runner.server}: for
     * {@code loop.createServer(runner.server(), ...)} on a socket no site covers, or to serve a
     * connection over any {@link Transport}. Every connection it makes belongs to this runner
     * ({@link #activeConnections()}, graceful shutdown and {@link #cleanup()} include it).
     *
     * @throws IllegalStateException before {@link #setup()}
     */
    public Supplier<? extends Protocol> server() {
        return protocolFactory();
    }

    Supplier<HttpConnection> protocolFactory() {
        if (!setUp) {
            throw new IllegalStateException("call setup() before starting a site");
        }
        return () -> new HttpConnection(this, loop);
    }

    void addSite(BaseSite site) {
        sites.add(site);
    }

    void removeSite(BaseSite site) {
        sites.remove(site);
    }

    void register(HttpConnection c) {
        connections.add(c);
    }

    void unregister(HttpConnection c) {
        connections.remove(c);
        if (connections.isEmpty() && allClosed != null && !allClosed.done()) {
            allClosed.setResult(null);
        }
    }

    boolean accessLogOn() {
        return accessLogOn;
    }

    void accessLog(Request request, StreamResponse response, double seconds) {
        accessLog.log(request, response, seconds);
    }

    void logError(Request request, Throwable e) {
        SERVER_LOG.log(Level.ERROR, "Error handling request " + request, e);
    }

    /** A handler failed because its client had gone: aiohttp's debug-level "premature client disconnection". */
    void logClientGone(Request request, Throwable e) {
        SERVER_LOG.log(Level.DEBUG, "Ignored premature client disconnection in " + request + ": " + e);
    }

    private static double positive(double v, String name) {
        if (!(v > 0)) {
            throw new IllegalArgumentException(name + " must be positive: " + v);
        }
        return v;
    }
}
