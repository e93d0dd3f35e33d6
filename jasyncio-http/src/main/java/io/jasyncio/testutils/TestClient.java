package io.jasyncio.testutils;

import io.jasyncio.client.ClientResponse;
import io.jasyncio.client.ClientSession;
import io.jasyncio.client.ClientWebSocketResponse;
import io.jasyncio.client.CookieJar;
import io.jasyncio.client.RequestOptions;
import io.jasyncio.client.SessionOptions;
import io.jasyncio.client.WsConnectOptions;
import io.jasyncio.web.Application;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A client for one {@link TestServer}, taking paths instead of URLs: aiohttp's
 * {@code test_utils.TestClient} (pytest-aiohttp's {@code aiohttp_client} fixture). It starts the
 * server if needed, keeps a {@link ClientSession} of its own with a cookie jar, and on
 * {@link #close()} releases every response and closes every WebSocket it handed out, then the
 * session, then the server — so a failing assertion leaks nothing.
 *
 * <pre>{@code
 * Asyncio.run(() -> {
 *     try (TestClient client = TestClient.start(app)) {
 *         ClientResponse resp = client.get("/users/7");
 *         assertEquals(200, resp.status());
 *         assertEquals("{\"id\":\"7\"}", resp.text());
 *     }
 * });
 * }</pre>
 *
 * <p>Loop-confined: one loop, as its session and server. Request methods suspend and throw what
 * {@link ClientSession}'s do.
 */
public final class TestClient implements AutoCloseable {
    private final TestServer server;
    private final ClientSession session;
    private final List<ClientResponse> responses = new ArrayList<>();
    private final List<ClientWebSocketResponse> websockets = new ArrayList<>();
    private boolean closed;

    /** A client of {@code server} with a default session (the server is started on first use). */
    public TestClient(TestServer server) {
        this(server, SessionOptions.defaults(), CookieJar.create());
    }

    /**
     * A client of {@code server} whose session has {@code options} and {@code cookieJar}
     * (aiohttp's {@code TestClient(server, cookie_jar=..., **session_kwargs)}).
     */
    public TestClient(TestServer server, SessionOptions options, CookieJar cookieJar) {
        this.server = Objects.requireNonNull(server, "server");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(cookieJar, "cookieJar");
        if (options.baseUrl() != null) {
            throw new IllegalArgumentException("a TestClient's URLs come from its server; options must have no baseUrl");
        }
        this.session = new ClientSession(options, cookieJar);
    }

    /** Starts a server for {@code app} on 127.0.0.1 and a free port, and returns its client. Suspends. */
    public static TestClient start(Application app) throws Exception {
        TestClient client = new TestClient(new TestServer(app));
        client.startServer();
        return client;
    }

    /** Starts the server (nothing if it runs already). Suspends. */
    public void startServer() throws Exception {
        checkOpen();
        server.startServer();
    }

    /** {@code GET path}. */
    public ClientResponse get(String path) throws Exception {
        return request("GET", path, RequestOptions.defaults());
    }

    /** {@code GET path} with {@code opts}. */
    public ClientResponse get(String path, RequestOptions opts) throws Exception {
        return request("GET", path, opts);
    }

    /** {@code POST path} with {@code opts} (its body). */
    public ClientResponse post(String path, RequestOptions opts) throws Exception {
        return request("POST", path, opts);
    }

    /** {@code PUT path} with {@code opts}. */
    public ClientResponse put(String path, RequestOptions opts) throws Exception {
        return request("PUT", path, opts);
    }

    /** {@code PATCH path} with {@code opts}. */
    public ClientResponse patch(String path, RequestOptions opts) throws Exception {
        return request("PATCH", path, opts);
    }

    /** {@code DELETE path}. */
    public ClientResponse delete(String path) throws Exception {
        return request("DELETE", path, RequestOptions.defaults());
    }

    /** {@code HEAD path}. */
    public ClientResponse head(String path) throws Exception {
        return request("HEAD", path, RequestOptions.defaults());
    }

    /** {@code OPTIONS path}. */
    public ClientResponse options(String path) throws Exception {
        return request("OPTIONS", path, RequestOptions.defaults());
    }

    /**
     * {@code method path} with {@code opts}; the response is released by {@link #close()} if the
     * test did not. Suspends.
     *
     * @throws IllegalArgumentException if {@code path} is an absolute URL
     * @throws IllegalStateException if the client is closed
     */
    public ClientResponse request(String method, String path, RequestOptions opts) throws Exception {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(opts, "opts");
        URI url = urlOf(path);
        ClientResponse resp = session.request(method, url.toString(), opts);
        responses.add(resp);
        return resp;
    }

    /** Opens a WebSocket to {@code path}; it is closed by {@link #close()} if the test did not. Suspends. */
    public ClientWebSocketResponse wsConnect(String path) throws Exception {
        return wsConnect(path, WsConnectOptions.defaults());
    }

    /** Opens a WebSocket to {@code path} with {@code opts}. Suspends. */
    public ClientWebSocketResponse wsConnect(String path, WsConnectOptions opts) throws Exception {
        Objects.requireNonNull(opts, "opts");
        URI url = urlOf(path);
        ClientWebSocketResponse ws = session.wsConnect("ws" + url.toString().substring("http".length()), opts);
        websockets.add(ws);
        return ws;
    }

    private URI urlOf(String path) throws Exception {
        checkOpen();
        server.startServer();
        return server.makeUrl(path);
    }

    /** The absolute URL of {@code path} on the server. */
    public URI makeUrl(String path) {
        return server.makeUrl(path);
    }

    /** The server's host. */
    public String host() {
        return server.host();
    }

    /** The server's port (once started). */
    public int port() {
        return server.port();
    }

    /** The server. */
    public TestServer server() {
        return server;
    }

    /** The application the server serves. */
    public Application app() {
        return server.app();
    }

    /** The client's own session (its cookie jar, pool counters). */
    public ClientSession session() {
        return session;
    }

    /** Whether {@link #close()} ran. */
    public boolean closed() {
        return closed;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the test client is closed");
        }
    }

    /**
     * Releases the responses and closes the WebSockets it handed out, then closes the session and
     * the server (aiohttp's {@code TestClient.close()}). Suspends. Idempotent.
     */
    @Override
    public void close() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (ClientResponse r : responses) {
                r.close();
            }
            for (ClientWebSocketResponse ws : websockets) {
                if (!ws.closed()) {
                    ws.close();
                }
            }
            session.close();
        } finally {
            server.close();
        }
    }

    @Override
    public String toString() {
        return "TestClient[" + server + "]";
    }
}
