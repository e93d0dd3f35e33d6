package io.jasyncio.client;

import io.jasyncio.tls.TlsOptions;
import io.jasyncio.web.JsonCodec;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The options of a {@link ClientSession}, as aiohttp's {@code ClientSession(...)} and
 * {@code TCPConnector(...)} keyword arguments: a base URL for relative request URLs, default
 * headers, the {@link ClientTimeout}, the pool's limits ({@code limit} 100 connections in all,
 * {@code limitPerHost} 0 = no per-host limit, idle connections kept {@code keepaliveTimeout} 15 s,
 * {@code forceClose} for no reuse), {@code raiseForStatus}, {@code autoDecompress} (gzip and
 * deflate bodies), the redirect limit (10), the JSON codec (Jackson 3), the TLS options used
 * for {@code https://} (the JDK's trust store with hostname verification by default), session-wide
 * Basic {@code auth}, an HTTP {@code proxy} (with {@code proxyAuth}), and a Unix socket to connect
 * to instead of TCP ({@code UnixConnector}), client middlewares and trace listeners.
 *
 * <p>Immutable and thread-safe: each {@code with...} method returns a changed copy.
 */
public record SessionOptions(URI baseUrl, Map<String, String> headers, ClientTimeout timeout, int limit, int limitPerHost, double keepaliveTimeout, boolean forceClose, RaiseForStatus raiseForStatus, boolean autoDecompress, int maxRedirects, JsonCodec json, TlsOptions ssl, BasicAuth auth, URI proxy, BasicAuth proxyAuth, Path unixSocket,
        List<ClientMiddleware> middlewares, List<ClientTrace> traces) {

    /** Checks the values. */
    public SessionOptions {
        headers = OrderedCopy.of(headers, "headers");
        middlewares = List.copyOf(middlewares);
        traces = List.copyOf(traces);
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(ssl, "ssl");
        Objects.requireNonNull(raiseForStatus, "raiseForStatus");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0 (0: no limit), got " + limit);
        }
        if (limitPerHost < 0) {
            throw new IllegalArgumentException("limitPerHost must be >= 0 (0: no limit), got " + limitPerHost);
        }
        if (!(keepaliveTimeout > 0)) {
            throw new IllegalArgumentException("keepaliveTimeout must be > 0 seconds, got " + keepaliveTimeout);
        }
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("maxRedirects must be >= 0, got " + maxRedirects);
        }
        if (baseUrl != null && (baseUrl.getScheme() == null || baseUrl.getHost() == null)) {
            throw new IllegalArgumentException("baseUrl must be absolute (scheme and host), got " + baseUrl);
        }
        if (proxy != null && (!"http".equalsIgnoreCase(proxy.getScheme()) || proxy.getHost() == null)) {
            throw new IllegalArgumentException("proxy must be an http://host:port URL, got " + proxy);
        }
    }

    /** aiohttp's defaults. */
    public static SessionOptions defaults() {
        return new SessionOptions(null, Map.of(), ClientTimeout.defaults(), 100, 0, 15.0, false, RaiseForStatus.NEVER, true, 10,
                JsonCodec.jackson(), TlsOptions.client(), null, null, null, null, List.of(), List.of());
    }

    /** A copy with this default header added (or replaced). */
    public SessionOptions withHeader(String name, String value) {
        io.jasyncio.http.Headers.checkName(name);
        io.jasyncio.http.Headers.checkValue(name, value);
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return with(c -> c.headers = h);
    }

    /** A copy whose relative request URLs resolve against {@code baseUrl}. */
    public SessionOptions withBaseUrl(String baseUrl) {
        URI u = URI.create(Objects.requireNonNull(baseUrl, "baseUrl"));
        return with(c -> c.baseUrl = u);
    }

    /** A copy with this timeout for every request (a request may override it). */
    public SessionOptions withTimeout(ClientTimeout timeout) {
        return with(c -> c.timeout = timeout);
    }

    /** A copy with this bound on all the session's connections (0: none). */
    public SessionOptions withLimit(int limit) {
        return with(c -> c.limit = limit);
    }

    /** A copy with this bound on the connections to one (scheme, host, port) (0: none). */
    public SessionOptions withLimitPerHost(int limitPerHost) {
        return with(c -> c.limitPerHost = limitPerHost);
    }

    /** A copy keeping idle connections this many seconds. */
    public SessionOptions withKeepaliveTimeout(double seconds) {
        return with(c -> c.keepaliveTimeout = seconds);
    }

    /** A copy that closes every connection after its response ({@code Connection: close}). */
    public SessionOptions withForceClose(boolean forceClose) {
        return with(c -> c.forceClose = forceClose);
    }

    /**
     * A copy that raises {@link ClientResponseError} for every status of 400 or more (true), or
     * hands out every response (false, the default): aiohttp's {@code raise_for_status=bool}.
     */
    public SessionOptions withRaiseForStatus(boolean raiseForStatus) {
        return withRaiseForStatus(RaiseForStatus.of(raiseForStatus));
    }

    /**
     * A copy that passes every final response to {@code check} before handing it out (aiohttp
     * 3.9's {@code raise_for_status=callable}); a request's own setting replaces it.
     */
    public SessionOptions withRaiseForStatus(RaiseForStatus check) {
        Objects.requireNonNull(check, "raiseForStatus");
        return with(c -> c.raiseForStatus = check);
    }

    /** A copy that does (or does not) undo gzip and deflate bodies. */
    public SessionOptions withAutoDecompress(boolean autoDecompress) {
        return with(c -> c.autoDecompress = autoDecompress);
    }

    /** A copy following at most this many redirects. */
    public SessionOptions withMaxRedirects(int maxRedirects) {
        return with(c -> c.maxRedirects = maxRedirects);
    }

    /** A copy with this JSON codec. */
    public SessionOptions withJson(JsonCodec json) {
        return with(c -> c.json = json);
    }

    /**
     * A copy whose {@code https://} connections accept exactly the certificate pinned by
     * {@code fingerprint} (aiohttp's {@code ssl=Fingerprint(digest)}): the CA chain and the host name
     * are not checked; another certificate fails with {@link ServerFingerprintMismatch}.
     */
    public SessionOptions withSsl(Fingerprint fingerprint) {
        return withSsl(Objects.requireNonNull(fingerprint, "fingerprint").tlsOptions());
    }

    /**
     * {@code withSsl(false)} is aiohttp's {@code ssl=False}: encryption without any check of the
     * server's certificate or name, so anyone on the path can impersonate the server; for tests and
     * trusted networks only. {@code withSsl(true)} is the default ({@link TlsOptions#client()}).
     */
    public SessionOptions withSsl(boolean verify) {
        return withSsl(verify ? TlsOptions.client() : new ServerCertificateCheck(null).tlsOptions());
    }

    /** A copy with these TLS options for {@code https://} URLs (a test CA, verification off...). */
    public SessionOptions withSsl(TlsOptions ssl) {
        return with(c -> c.ssl = ssl);
    }

    /** A copy sending these Basic credentials with every request that sets no {@code Authorization} of its own (aiohttp's session {@code auth=}). */
    public SessionOptions withAuth(BasicAuth auth) {
        Objects.requireNonNull(auth, "auth");
        return with(c -> c.auth = auth);
    }

    /** A copy sending every request through this HTTP proxy ({@code http://host:port}; https through {@code CONNECT}). */
    public SessionOptions withProxy(String proxy) {
        URI u = proxyUri(proxy);
        return with(c -> c.proxy = u);
    }

    /** A copy sending these credentials to the proxy ({@code Proxy-Authorization}). */
    public SessionOptions withProxyAuth(BasicAuth proxyAuth) {
        Objects.requireNonNull(proxyAuth, "proxyAuth");
        return with(c -> c.proxyAuth = proxyAuth);
    }

    /** A copy connecting every request to this Unix socket, whatever the URL's host (aiohttp's {@code UnixConnector(path)}). */
    public SessionOptions withUnixSocket(Path path) {
        Objects.requireNonNull(path, "path");
        return with(c -> c.unixSocket = path);
    }

    /**
     * A copy whose requests pass through these middlewares, outermost first (aiohttp 3.12's
     * {@code middlewares=}); they run for every request and every redirect hop.
     */
    public SessionOptions withMiddlewares(ClientMiddleware... middlewares) {
        List<ClientMiddleware> m = List.of(middlewares); // null elements are refused here
        return with(c -> c.middlewares = m);
    }

    /** A copy that tells these listeners what each request does (aiohttp's {@code trace_configs=}). */
    public SessionOptions withTraces(ClientTrace... traces) {
        List<ClientTrace> t = List.of(traces);
        return with(c -> c.traces = t);
    }

    /** This record with {@code change} applied to a mutable copy of its components; the constructor checks the result. */
    private SessionOptions with(Consumer<Components> change) {
        Components c = new Components(this);
        change.accept(c);
        return c.toOptions();
    }

    /** The components as mutable fields: the one place that lists them all, so a with-method names only what it changes. */
    private static final class Components {
        URI baseUrl;
        Map<String, String> headers;
        ClientTimeout timeout;
        int limit;
        int limitPerHost;
        double keepaliveTimeout;
        boolean forceClose;
        RaiseForStatus raiseForStatus;
        boolean autoDecompress;
        int maxRedirects;
        JsonCodec json;
        TlsOptions ssl;
        BasicAuth auth;
        URI proxy;
        BasicAuth proxyAuth;
        Path unixSocket;
        List<ClientMiddleware> middlewares;
        List<ClientTrace> traces;

        Components(SessionOptions o) {
            baseUrl = o.baseUrl;
            headers = o.headers;
            timeout = o.timeout;
            limit = o.limit;
            limitPerHost = o.limitPerHost;
            keepaliveTimeout = o.keepaliveTimeout;
            forceClose = o.forceClose;
            raiseForStatus = o.raiseForStatus;
            autoDecompress = o.autoDecompress;
            maxRedirects = o.maxRedirects;
            json = o.json;
            ssl = o.ssl;
            auth = o.auth;
            proxy = o.proxy;
            proxyAuth = o.proxyAuth;
            unixSocket = o.unixSocket;
            middlewares = o.middlewares;
            traces = o.traces;
        }

        SessionOptions toOptions() {
            return new SessionOptions(baseUrl, headers, timeout, limit, limitPerHost, keepaliveTimeout, forceClose, raiseForStatus,
                    autoDecompress, maxRedirects, json, ssl, auth, proxy, proxyAuth, unixSocket, middlewares, traces);
        }
    }

    private static URI proxyUri(String proxy) {
        Objects.requireNonNull(proxy, "proxy");
        URI u = URI.create(proxy.contains("://") ? proxy : "http://" + proxy);
        if (!u.getScheme().toLowerCase(Locale.ROOT).equals("http")) {
            throw new IllegalArgumentException("proxy must be an http:// URL (a proxy reached over TLS is not supported), got " + proxy);
        }
        return u;
    }
}
