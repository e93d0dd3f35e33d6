package io.jasyncio.client;

import io.jasyncio.tls.TlsOptions;
import io.jasyncio.web.JsonCodec;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The options of a {@link ClientSession}, as aiohttp's {@code ClientSession(...)} and
 * {@code TCPConnector(...)} keyword arguments: a base URL for relative request URLs, default
 * headers, the {@link ClientTimeout}, the pool's limits ({@code limit} 100 connections in all,
 * {@code limitPerHost} 0 = no per-host limit, idle connections kept {@code keepaliveTimeout} 15 s,
 * {@code forceClose} for no reuse), {@code raiseForStatus}, {@code autoDecompress} (gzip and
 * deflate bodies), the redirect limit (10), the JSON codec (Jackson 3) and the TLS options used
 * for {@code https://} (the JDK's trust store with hostname verification by default).
 *
 * <p>Immutable and thread-safe: each {@code with...} method returns a changed copy.
 */
public record SessionOptions(URI baseUrl, Map<String, String> headers, ClientTimeout timeout, int limit,
        int limitPerHost, double keepaliveTimeout, boolean forceClose, boolean raiseForStatus,
        boolean autoDecompress, int maxRedirects, JsonCodec json, TlsOptions ssl) {

    /** Checks the values. */
    public SessionOptions {
        headers = Map.copyOf(headers);
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(ssl, "ssl");
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
    }

    /** aiohttp's defaults. */
    public static SessionOptions defaults() {
        return new SessionOptions(null, Map.of(), ClientTimeout.defaults(), 100, 0, 15.0, false, false, true, 10,
                JsonCodec.jackson(), TlsOptions.client());
    }

    public SessionOptions withBaseUrl(String baseUrl) {
        return new SessionOptions(URI.create(Objects.requireNonNull(baseUrl, "baseUrl")), headers, timeout, limit,
                limitPerHost, keepaliveTimeout, forceClose, raiseForStatus, autoDecompress, maxRedirects, json, ssl);
    }

    /** A copy with this default header added (or replaced). */
    public SessionOptions withHeader(String name, String value) {
        io.jasyncio.http.Headers.checkName(name);
        io.jasyncio.http.Headers.checkValue(name, value);
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new SessionOptions(baseUrl, h, timeout, limit, limitPerHost, keepaliveTimeout, forceClose,
                raiseForStatus, autoDecompress, maxRedirects, json, ssl);
    }

    public SessionOptions withTimeout(ClientTimeout timeout) {
        return new SessionOptions(baseUrl, headers, timeout, limit, limitPerHost, keepaliveTimeout, forceClose,
                raiseForStatus, autoDecompress, maxRedirects, json, ssl);
    }

    public SessionOptions withLimit(int limit) {
        return new SessionOptions(baseUrl, headers, timeout, limit, limitPerHost, keepaliveTimeout, forceClose,
                raiseForStatus, autoDecompress, maxRedirects, json, ssl);
    }

    public SessionOptions withLimitPerHost(int limitPerHost) {
        return new SessionOptions(baseUrl, headers, timeout, limit, limitPerHost, keepaliveTimeout, forceClose,
                raiseForStatus, autoDecompress, maxRedirects, json, ssl);
    }

    public SessionOptions withKeepaliveTimeout(double seconds) {
        return new SessionOptions(baseUrl, headers, timeout, limit, limitPerHost, seconds, forceClose,
                raiseForStatus, autoDecompress, maxRedirects, json, ssl);
    }

    public SessionOptions withForceClose(boolean forceClose) {
        return new SessionOptions(baseUrl, headers, timeout, limit, limitPerHost, keepaliveTimeout, forceClose,
                raiseForStatus, autoDecompress, maxRedirects, json, ssl);
    }

    public SessionOptions withRaiseForStatus(boolean raiseForStatus) {
        return new SessionOptions(baseUrl, headers, timeout, limit, limitPerHost, keepaliveTimeout, forceClose,
                raiseForStatus, autoDecompress, maxRedirects, json, ssl);
    }

    public SessionOptions withAutoDecompress(boolean autoDecompress) {
        return new SessionOptions(baseUrl, headers, timeout, limit, limitPerHost, keepaliveTimeout, forceClose,
                raiseForStatus, autoDecompress, maxRedirects, json, ssl);
    }

    public SessionOptions withMaxRedirects(int maxRedirects) {
        return new SessionOptions(baseUrl, headers, timeout, limit, limitPerHost, keepaliveTimeout, forceClose,
                raiseForStatus, autoDecompress, maxRedirects, json, ssl);
    }

    public SessionOptions withJson(JsonCodec json) {
        return new SessionOptions(baseUrl, headers, timeout, limit, limitPerHost, keepaliveTimeout, forceClose,
                raiseForStatus, autoDecompress, maxRedirects, json, ssl);
    }

    /** A copy with these TLS options for {@code https://} URLs (a test CA, verification off...). */
    public SessionOptions withSsl(TlsOptions ssl) {
        return new SessionOptions(baseUrl, headers, timeout, limit, limitPerHost, keepaliveTimeout, forceClose,
                raiseForStatus, autoDecompress, maxRedirects, json, ssl);
    }
}
