package io.jasyncio.client;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.TimeoutError;
import io.jasyncio.http.Headers;
import io.jasyncio.http.internal.h1.HttpHead;
import io.jasyncio.http.internal.h1.HttpWriter;
import io.jasyncio.http.internal.ws.PermessageDeflate;
import io.jasyncio.http.internal.ws.WsHandshake;
import io.jasyncio.streams.StreamWriter;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An HTTP/1.1 client session: aiohttp's {@code ClientSession}, with its connection pool
 * (keep-alive reuse, limits), redirects, timeouts, gzip/deflate bodies and https through
 * jasyncio's TLS layer.
 *
 * <pre>{@code
 * try (ClientSession session = new ClientSession();
 *      ClientResponse resp = session.get("http://127.0.0.1:8080/")) {
 *     String body = resp.text();
 * }
 * }</pre>
 *
 * <p>Loop-confined: a session belongs to the loop of its first request, as every jasyncio object
 * (make one session per loop). Request methods suspend and throw {@link ClientError}s (connector,
 * TLS, disconnect, payload, redirect, URL errors), {@link TimeoutError} naming the phase, and
 * {@link io.jasyncio.CancelledError}; a cancelled request closes its connection.
 *
 * <p>Cookies set by servers are kept in the session's {@link CookieJar} and sent back by domain
 * and path. Response bodies stream from {@link ClientResponse#content()}; request bodies are
 * {@link Payload}s (files, streams, {@link FormData}, {@link MultipartWriter}) written with
 * back-pressure. HTTP proxies (CONNECT for https) and a Unix socket instead of TCP come from the
 * options, and so do client middlewares ({@link ClientMiddleware}) and trace hooks
 * ({@link ClientTrace}).
 */
public final class ClientSession implements AutoCloseable {
    /** Idempotent methods: retried once on a reused connection the server had closed (RFC 9110 §9.2.2). */
    private static final java.security.SecureRandom WS_KEYS = new java.security.SecureRandom();
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE");

    private final SessionOptions options;
    private final Pool pool;
    private final CookieJar cookieJar;
    private final HttpWriter writer = new HttpWriter();
    private EventLoop loop;
    private boolean closed;

    /** A session with aiohttp's defaults. */
    public ClientSession() {
        this(SessionOptions.defaults());
    }

    /** A session with these options and a cookie jar of its own. */
    public ClientSession(SessionOptions options) {
        this(options, CookieJar.create());
    }

    /** A session with these options and this cookie jar ({@link CookieJar#dummy()}: no cookies kept). */
    public ClientSession(SessionOptions options, CookieJar cookieJar) {
        this.options = Objects.requireNonNull(options, "options");
        this.cookieJar = Objects.requireNonNull(cookieJar, "cookieJar");
        this.pool = new Pool(options);
    }

    /** The session's cookie jar. */
    public CookieJar cookieJar() {
        return cookieJar;
    }

    public ClientResponse get(String url) throws IOException {
        return request("GET", url, RequestOptions.defaults());
    }

    public ClientResponse get(String url, RequestOptions opts) throws IOException {
        return request("GET", url, opts);
    }

    public ClientResponse post(String url, RequestOptions opts) throws IOException {
        return request("POST", url, opts);
    }

    public ClientResponse put(String url, RequestOptions opts) throws IOException {
        return request("PUT", url, opts);
    }

    public ClientResponse patch(String url, RequestOptions opts) throws IOException {
        return request("PATCH", url, opts);
    }

    public ClientResponse delete(String url) throws IOException {
        return request("DELETE", url, RequestOptions.defaults());
    }

    public ClientResponse head(String url) throws IOException {
        return request("HEAD", url, RequestOptions.defaults().withAllowRedirects(false));
    }

    public ClientResponse options(String url) throws IOException {
        return request("OPTIONS", url, RequestOptions.defaults());
    }

    /**
     * Sends a request and suspends until the response's head has arrived (follow redirects when
     * {@code opts.allowRedirects()}); read the body from the response.
     */
    public ClientResponse request(String method, String url, RequestOptions opts) throws IOException {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(opts, "opts");
        Headers.checkName(method);
        bindLoop();
        if (closed) {
            throw new ClientError("Session is closed");
        }
        URI target = QueryParams.extend(resolve(url), opts.params());
        ClientTimeout timeout = opts.timeout() != null ? opts.timeout() : options.timeout();
        double deadline = timeout.total() == ClientTimeout.NONE ? ClientTimeout.NONE : loop.time() + timeout.total();
        Payload body = opts.json() != null ? new BytesPayload(options.json().dumps(opts.json()), "application/json")
                : opts.data();
        String m = method.toUpperCase(Locale.ROOT);
        for (ClientTrace t : options.traces()) {
            Headers given = new Headers();
            options.headers().forEach(given::set);
            opts.headers().forEach(given::set);
            t.onRequestStart(m, target, given);
        }
        ClientResponse resp;
        try {
            try {
                resp = deadline == ClientTimeout.NONE ? follow(m, target, opts, body, timeout, deadline)
                        : Asyncio.timeoutAt(deadline, () -> follow(m, target, opts, body, timeout, deadline));
            } catch (TimeoutError e) {
                if (e.getMessage() != null) {
                    throw e;
                }
                throw new TimeoutError("total timeout: " + method + " " + target + " took more than " + timeout.total() + " s");
            }
        } catch (IOException | RuntimeException | Error e) {
            for (ClientTrace t : options.traces()) {
                t.onRequestException(m, target, e);
            }
            throw e;
        }
        for (ClientTrace t : options.traces()) {
            t.onRequestEnd(m, resp.url(), resp);
        }
        return resp;
    }

    /** The request through the session's middlewares (outermost first), then {@link #once}. */
    private ClientResponse chain(ClientRequest req, RequestOptions opts, ClientTimeout timeout, double deadline, URI proxy,
            BasicAuth proxyAuth) throws IOException {
        ClientHandler handler = r -> once(r.method(), r.url(), r.headers(), r.body(), opts.chunked(), timeout, deadline,
                proxy, proxyAuth, opts.expect100());
        List<ClientMiddleware> ms = opts.middlewares() != null ? opts.middlewares() : options.middlewares();
        for (int i = ms.size() - 1; i >= 0; i--) {
            ClientMiddleware mw = ms.get(i);
            ClientHandler inner = handler;
            handler = r -> mw.handle(r, inner);
        }
        return handler.handle(req);
    }

    private ClientResponse follow(String method, URI url, RequestOptions opts, Payload body, ClientTimeout timeout,
            double deadline) throws IOException {
        List<ClientResponse> history = new ArrayList<>();
        Headers extra = new Headers();
        options.headers().forEach(extra::set);
        opts.headers().forEach(extra::set);
        if (options.auth() != null && extra.get("Authorization") == null) {
            extra.set("Authorization", options.auth().encode()); // the session's auth=, unless the request has its own
        }
        URI proxy = opts.proxy() != null ? opts.proxy() : options.proxy();
        BasicAuth proxyAuth = opts.proxyAuth() != null ? opts.proxyAuth() : options.proxyAuth();
        while (true) {
            Headers hop = new Headers();
            for (Map.Entry<String, String> e : extra) {
                hop.add(e.getKey(), e.getValue());
            }
            ClientResponse resp = chain(new ClientRequest(method, url, hop, body), opts, timeout, deadline, proxy,
                    proxyAuth);
            int status = resp.status();
            String location = resp.headers().get("Location");
            if (!opts.allowRedirects() || location == null || !(status == 301 || status == 302 || status == 303
                    || status == 307 || status == 308)) {
                resp.setHistory(history);
                check(resp, opts.raiseForStatus() != null ? opts.raiseForStatus() : options.raiseForStatus());
                return resp;
            }
            resp.release();
            for (ClientTrace t : options.traces()) {
                t.onRequestRedirect(method, url, resp);
            }
            history.add(resp);
            if (history.size() > options.maxRedirects()) {
                throw new TooManyRedirects(status, url);
            }
            URI next;
            try {
                next = resp.url().resolve(new URI(location.trim())); // the URL a middleware may have changed
            } catch (URISyntaxException e) {
                throw new InvalidURL(location, "the server redirected to a URL that does not parse");
            }
            // 303 turns any method but HEAD into GET; 301/302 turn POST into GET, as browsers and
            // aiohttp do; 307/308 keep the method and the body.
            if ((status == 303 && !method.equals("HEAD")) || ((status == 301 || status == 302) && method.equals("POST"))) {
                method = "GET";
                body = null;
            } else if (body != null && !body.reusable()) {
                throw new ClientError("cannot follow the " + status + " redirect of " + method + " " + url
                        + ": its streamed body was already sent and cannot be sent again (pass allowRedirects=false)");
            }
            if (!sameOrigin(resp.url(), next)) {
                extra.remove("Authorization"); // credentials never follow a redirect to another host
            }
            url = next;
        }
    }

    /** Runs the request's (else the session's) raise_for_status; a response it rejects is released, never handed out. */
    private static void check(ClientResponse resp, RaiseForStatus check) throws IOException {
        if (check == RaiseForStatus.NEVER) {
            return;
        }
        boolean passed = false;
        try {
            check.check(resp);
            passed = true;
        } finally {
            if (!passed) {
                resp.release();
            }
        }
    }

    /** {@link #wsConnect(String, WsConnectOptions)} with aiohttp's defaults. */
    public ClientWebSocketResponse wsConnect(String url) throws IOException {
        return wsConnect(url, WsConnectOptions.defaults());
    }

    /**
     * Opens a WebSocket: aiohttp's {@code session.ws_connect(url, ...)}. {@code ws://} and
     * {@code wss://} (or {@code http://}/{@code https://}) URLs; the handshake goes through the
     * pool (limits, cookies, default headers, TLS), within the timeout. Suspends.
     *
     * @throws WSServerHandshakeError if the server does not accept the handshake
     * @throws ClientError as for any request ({@link ClientConnectorError}, {@link ClientSSLError}...)
     * @throws TimeoutError if the handshake takes longer than the timeout
     */
    public ClientWebSocketResponse wsConnect(String url, WsConnectOptions opts) throws IOException {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(opts, "opts");
        bindLoop();
        if (closed) {
            throw new ClientError("Session is closed");
        }
        String lower = url.toLowerCase(Locale.ROOT);
        String httpUrl = lower.startsWith("ws://") ? "http://" + url.substring(5)
                : lower.startsWith("wss://") ? "https://" + url.substring(6) : url;
        URI target = resolve(httpUrl);
        ClientTimeout timeout = opts.timeout() != null ? opts.timeout() : options.timeout();
        byte[] nonce = new byte[16];
        WS_KEYS.nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        Headers extra = new Headers();
        options.headers().forEach(extra::set);
        extra.set("Upgrade", "websocket");
        extra.set("Connection", "Upgrade");
        extra.set("Sec-WebSocket-Version", "13");
        extra.set("Sec-WebSocket-Key", key);
        if (!opts.protocols().isEmpty()) {
            extra.set("Sec-WebSocket-Protocol", String.join(", ", opts.protocols()));
        }
        if (opts.compress()) {
            extra.set("Sec-WebSocket-Extensions", PermessageDeflate.CLIENT_OFFER);
        }
        opts.headers().forEach(extra::set);
        if (options.auth() != null && extra.get("Authorization") == null) {
            extra.set("Authorization", options.auth().encode());
        }
        double deadline = timeout.total() == ClientTimeout.NONE ? ClientTimeout.NONE : loop.time() + timeout.total();
        ClientResponse resp;
        try {
            resp = deadline == ClientTimeout.NONE ? once("GET", target, extra, null, false, timeout, deadline, options.proxy(), options.proxyAuth(), false)
                    : Asyncio.timeoutAt(deadline, () -> once("GET", target, extra, null, false, timeout, deadline, options.proxy(), options.proxyAuth(), false));
        } catch (TimeoutError e) {
            if (e.getMessage() != null) {
                throw e;
            }
            throw new TimeoutError("total timeout: the WebSocket handshake with " + target + " took more than "
                    + timeout.total() + " s");
        }
        String problem = resp.status() != 101 ? "Invalid response status"
                : !"websocket".equalsIgnoreCase(resp.headers().getOrDefault("Upgrade", "").trim()) ? "Invalid upgrade header"
                : !resp.headers().getOrDefault("Connection", "").toLowerCase(Locale.ROOT).contains("upgrade")
                        ? "Invalid connection header"
                : !WsHandshake.accept(key).equals(resp.headers().getOrDefault("Sec-WebSocket-Accept", "").trim())
                        ? "Invalid challenge response" : null;
        String protocol = resp.headers().get("Sec-WebSocket-Protocol");
        if (problem == null && protocol != null && !opts.protocols().contains(protocol.trim())) {
            problem = "the server chose a protocol that was not offered: " + protocol;
        }
        String ext = resp.headers().get("Sec-WebSocket-Extensions");
        PermessageDeflate deflate = null;
        if (problem == null && ext != null && !ext.isBlank() && !opts.compress()) {
            problem = "the server enabled an extension, which was not offered: " + ext;
        } else if (problem == null) {
            try {
                deflate = PermessageDeflate.parseResponse(ext);
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
        }
        if (problem != null) {
            resp.release();
            throw new WSServerHandshakeError(resp.status(), problem, target);
        }
        Connection c = resp.content().detach();
        return new ClientWebSocketResponse(pool, c, opts, protocol == null ? null : protocol.trim(), deflate,
                options.json(), c.takeAfterUpgrade());
    }

    private ClientResponse once(String method, URI url, Headers extra, Payload body, boolean forceChunked,
            ClientTimeout timeout, double deadline, URI proxy, BasicAuth proxyAuth, boolean expect100) throws IOException {
        PoolKey key = keyOf(url, options.unixSocket() == null ? proxy : null, proxyAuth);
        long size = body == null ? 0 : body.size();
        boolean chunked = body != null && (forceChunked || size < 0);
        if (expect100 && body != null) {
            extra.set("Expect", "100-continue");
        }
        Headers sent = requestHeaders(method, url, key, extra, body, size, chunked);
        byte[] head = writer.requestHead(method, requestTarget(url, key, sent), sent);
        RequestInfo info = new RequestInfo(withoutFragment(url), method, sent, url);
        String what = method + " " + url;
        for (int attempt = 0; ; attempt++) {
            Connection c = pool.acquire(key, options.ssl(), timeout.connect());
            boolean handedOver = false;
            try {
                c.begin(pool, options.autoDecompress(), method.equals("HEAD"));
                HttpHead h;
                try {
                    send(c, head, body, size, chunked, what, expect100 ? timeout.sockRead() : -1);
                    h = c.readHead(timeout.sockRead(), what);
                } catch (ServerDisconnectedError | java.net.SocketException e) {
                    // aiohttp's most reported failure: a keep-alive connection the server closed
                    // just as it was reused. Nothing came back, so an idempotent request is safe
                    // to send once more, on a fresh connection (if its body can be sent again).
                    if (c.reused && attempt == 0 && IDEMPOTENT.contains(method) && (body == null || body.reusable())) {
                        continue;
                    }
                    throw e instanceof ServerDisconnectedError sd ? sd
                            : new ServerDisconnectedError("Server disconnected: " + e.getMessage() + " (" + what + ")");
                }
                List<java.net.HttpCookie> set = new ArrayList<>();
                for (String v : h.headers().getAll("Set-Cookie")) {
                    set.addAll(cookieJar.update(url, v));
                }
                ClientResponse r = new ClientResponse(c.content(), h, info, deadline, timeout.sockRead(),
                        options.json(), set);
                handedOver = true;
                return r;
            } finally {
                if (!handedOver) {
                    pool.release(c, false);
                }
            }
        }
    }

    /**
     * Writes the head and the body; every chunk waits for the socket to take it (drain), so a
     * slow server slows the payload's source instead of filling memory.
     */
    private static void send(Connection c, byte[] head, Payload body, long size, boolean chunked, String what,
            double expectContinue) throws IOException {
        StreamWriter w = c.io.writer();
        w.write(head);
        if (body != null && expectContinue != -1) {
            w.drain();
            if (!c.awaitContinue(expectContinue, what)) {
                return; // the server answered without wanting the body; the connection is not reused
            }
        }
        if (body != null) {
            long[] written = {0};
            body.writeTo(chunk -> {
                if (chunk.length == 0) {
                    return;
                }
                written[0] += chunk.length;
                if (chunked) {
                    w.write(HttpWriter.chunkHeader(chunk.length));
                    w.write(chunk);
                    w.write(HttpWriter.crlf());
                } else {
                    if (written[0] > size) {
                        throw new ClientError("the body of " + what + " is longer than its size, " + size + " bytes");
                    }
                    w.write(chunk);
                }
                w.drain();
            });
            if (chunked) {
                w.write(HttpWriter.LAST_CHUNK);
            } else if (written[0] != size) {
                throw new ClientError("the body of " + what + " ended after " + written[0] + " of its " + size + " bytes");
            }
        }
        w.drain();
    }

    private Headers requestHeaders(String method, URI url, PoolKey key, Headers extra, Payload body, long size,
            boolean chunked) {
        Headers h = new Headers();
        boolean defaultPort = key.port() == (key.https() ? 443 : 80);
        h.set("Host", defaultPort ? key.host() : key.host() + ":" + key.port());
        h.set("Accept", "*/*");
        if (options.autoDecompress()) {
            h.set("Accept-Encoding", "gzip, deflate");
        }
        h.set("User-Agent", "jasyncio-http");
        if (body != null && body.contentType() != null) {
            h.set("Content-Type", body.contentType());
        }
        if (chunked) {
            h.set("Transfer-Encoding", "chunked");
        } else if (body != null || method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            h.set("Content-Length", Long.toString(size));
        }
        if (options.forceClose()) {
            h.set("Connection", "close");
        }
        for (Map.Entry<String, String> e : extra) {
            h.set(e.getKey(), e.getValue());
        }
        String cookies = cookieJar.headerFor(url);
        if (cookies != null) {
            String own = h.get("Cookie");
            h.set("Cookie", own == null ? cookies : own + "; " + cookies);
        }
        if (key.absoluteForm() && key.proxyAuth() != null) {
            h.set("Proxy-Authorization", key.proxyAuth().encode());
        }
        return h;
    }

    /** The request target: origin form, or absolute form for plain http through a proxy (RFC 9112 §3.2.2). */
    private static String requestTarget(URI url, PoolKey key, Headers sent) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String target = url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
        return key.absoluteForm() ? "http://" + sent.get("Host") + target : target;
    }

    /** {@code url} without its fragment (a fragment is never sent: aiohttp's {@code url} vs {@code real_url}). */
    private static URI withoutFragment(URI url) {
        if (url.getRawFragment() == null) {
            return url;
        }
        String s = url.toString();
        return URI.create(s.substring(0, s.indexOf('#')));
    }

    private URI resolve(String url) throws InvalidURL {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new InvalidURL(url, e.getReason());
        }
        if (!u.isAbsolute()) {
            if (options.baseUrl() == null) {
                throw new InvalidURL(url, "a relative URL needs the session's baseUrl");
            }
            u = options.baseUrl().resolve(u);
        }
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidURL(url, "the scheme must be http or https");
        }
        if (u.getHost() == null) {
            throw new InvalidURL(url, "no host");
        }
        return u;
    }

    private static PoolKey keyOf(URI u) {
        return keyOf(u, null, null);
    }

    private static PoolKey keyOf(URI u, URI proxy, BasicAuth proxyAuth) {
        boolean https = u.getScheme().equalsIgnoreCase("https");
        int port = u.getPort() >= 0 ? u.getPort() : (https ? 443 : 80);
        return new PoolKey(https, u.getHost().toLowerCase(Locale.ROOT), port, proxy, proxy == null ? null : proxyAuth);
    }

    private static boolean sameOrigin(URI a, URI b) {
        return keyOf(a).equals(keyOf(b));
    }

    private void bindLoop() {
        EventLoop running = Asyncio.getRunningLoop();
        if (loop == null) {
            loop = running;
        } else if (loop != running) {
            throw new IllegalStateException("this ClientSession belongs to another event loop: make one session per loop");
        }
    }

    /** Connections idle in the pool now (for tests and monitoring). */
    public int idleConnections() {
        return pool.idleCount();
    }

    /** Connections handed to requests and not released yet. */
    public int connectionsInUse() {
        return pool.inUse();
    }

    /** How many connections the session has opened so far. */
    public int connectionsOpened() {
        return pool.opened();
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** Closes the idle connections; a response still open closes its own when released. Idempotent. */
    @Override
    public void close() {
        closed = true;
        pool.close();
    }
}
