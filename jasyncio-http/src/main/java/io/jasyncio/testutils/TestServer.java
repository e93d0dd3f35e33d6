package io.jasyncio.testutils;

import io.jasyncio.web.AppRunner;
import io.jasyncio.web.Application;
import io.jasyncio.web.Handler;
import io.jasyncio.web.TcpSite;

import java.io.IOException;
import java.net.URI;
import java.util.Objects;

/**
 * An application served on 127.0.0.1 for a test: aiohttp's {@code test_utils.TestServer} (and,
 * through {@link #raw(Handler)}, its {@code RawTestServer}). {@link #startServer()} binds a free
 * port (or the one given) and runs the application's startup hooks; {@link #close()} runs its
 * shutdown and cleanup hooks and releases the port. Use it with try-with-resources, or through a
 * {@link TestClient}, which starts and closes it.
 *
 * <pre>{@code
 * try (TestServer server = new TestServer(app)) {
 *     server.startServer();
 *     URI url = server.makeUrl("/users/7");   // http://127.0.0.1:PORT/users/7
 * }
 * }</pre>
 *
 * <p>Loop-confined: start and close it in the same loop; both suspend.
 */
public final class TestServer implements AutoCloseable {
    private final Application app;
    private final String host;
    private final int requestedPort;
    private AppRunner runner;
    private TcpSite site;
    private boolean closed;

    /** A server for {@code app} on 127.0.0.1 and a free port (aiohttp's default). */
    public TestServer(Application app) {
        this(app, "127.0.0.1", 0);
    }

    /**
     * A server for {@code app} on {@code host} and {@code port} (0: a free one).
     *
     * @throws NullPointerException naming the argument if {@code app} or {@code host} is null
     * @throws IllegalArgumentException if the port is out of range
     */
    public TestServer(Application app, String host, int port) {
        this.app = Objects.requireNonNull(app, "app");
        this.host = Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        this.requestedPort = port;
    }

    /**
     * A server that answers every method on every path with {@code handler}: aiohttp's
     * {@code RawTestServer}, for testing a handler without an application's routes.
     */
    public static TestServer raw(Handler handler) {
        Objects.requireNonNull(handler, "handler");
        Application app = new Application();
        app.router().addRoute("*", "/{path:.*}", handler);
        return new TestServer(app);
    }

    /**
     * Binds the port and starts serving (runs the application's startup hooks). Suspends. A second
     * call does nothing, as aiohttp's {@code start_server()}.
     *
     * @throws IllegalStateException if the server was closed
     * @throws IOException if the port cannot be bound
     */
    public void startServer() throws Exception {
        if (closed) {
            throw new IllegalStateException("the test server is closed");
        }
        if (runner != null) {
            return;
        }
        AppRunner r = new AppRunner(app);
        TcpSite s;
        try {
            r.setup();
            s = new TcpSite(r, host, requestedPort);
            s.start();
        } catch (Exception e) {
            // what a startup hook or cleanup context opened is closed again, as run_app's finally does
            try {
                r.cleanup();
            } catch (Exception cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        runner = r;
        site = s;
    }

    /**
     * The absolute URL of {@code path} on this server (aiohttp's {@code make_url}); {@code path} is
     * relative to the server's root and may carry a query.
     *
     * @throws IllegalArgumentException if {@code path} is absolute (has a scheme or host)
     * @throws IllegalStateException before {@link #startServer()}
     */
    public URI makeUrl(String path) {
        Objects.requireNonNull(path, "path");
        URI rel = URI.create(path);
        if (rel.isAbsolute() || rel.getRawAuthority() != null) {
            throw new IllegalArgumentException("path must be relative to the test server, got " + path);
        }
        String p = path.startsWith("/") ? path : "/" + path;
        return URI.create(scheme() + "://" + hostForUrl() + ":" + port() + p);
    }

    private String hostForUrl() {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    /** The scheme: {@code http}. */
    public String scheme() {
        return "http";
    }

    /** The host the server listens on. */
    public String host() {
        return host;
    }

    /**
     * The port the server listens on.
     *
     * @throws IllegalStateException before {@link #startServer()}
     */
    public int port() {
        if (site == null) {
            throw new IllegalStateException("the test server is not started: call startServer() first");
        }
        return site.port();
    }

    /** The application served. */
    public Application app() {
        return app;
    }

    /** The runner, once started (for its connection count and timeouts); null before. */
    public AppRunner runner() {
        return runner;
    }

    /** Whether {@link #startServer()} ran. */
    public boolean started() {
        return runner != null;
    }

    /** Whether {@link #close()} ran. */
    public boolean closed() {
        return closed;
    }

    /**
     * Stops serving: closes the connections, runs the shutdown and cleanup hooks and releases the
     * port. Suspends. Idempotent; closing a server never started only marks it closed.
     */
    @Override
    public void close() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        if (runner != null) {
            runner.cleanup();
        }
    }

    @Override
    public String toString() {
        return "TestServer[" + (site == null ? host + ":" + (requestedPort == 0 ? "?" : requestedPort) : site.name())
                + (closed ? ", closed" : started() ? ", serving" : ", not started") + "]";
    }
}
