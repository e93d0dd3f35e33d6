package io.jasyncio.client;

import io.jasyncio.http.Headers;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The per-request arguments of aiohttp's {@code session.request(...)}: headers, query
 * {@code params}, a body ({@code data=}: a {@link Payload} — bytes, text, a file, a stream of
 * chunks, a {@link FormData} or {@link MultipartWriter} — or {@code json=} an object the
 * session's codec writes), {@code allowRedirects} (default true), a {@link ClientTimeout} that
 * replaces the session's for this request, and {@code chunked} to send the body with
 * {@code Transfer-Encoding: chunked} even when its length is known (a body of unknown length
 * always goes chunked), an HTTP {@code proxy} with its {@code proxyAuth}, {@code expect100}, and
 * {@code middlewares} that replace the session's (null: the session's).
 *
 * <p>Immutable and thread-safe as far as its payload is: each {@code with...} method returns a
 * changed copy.
 */
public record RequestOptions(Map<String, String> headers, Map<String, String> params, Payload data,
        Object json, boolean allowRedirects, ClientTimeout timeout, boolean chunked, URI proxy, BasicAuth proxyAuth,
        boolean expect100, List<ClientMiddleware> middlewares) {

    public RequestOptions {
        headers = OrderedCopy.of(headers, "headers");
        params = OrderedCopy.of(params, "params");
        middlewares = middlewares == null ? null : List.copyOf(middlewares);
        if (proxy != null && (!"http".equalsIgnoreCase(proxy.getScheme()) || proxy.getHost() == null)) {
            throw new IllegalArgumentException("proxy must be an http://host:port URL, got " + proxy);
        }
        if (data != null && json != null) {
            throw new IllegalArgumentException("data and json can not be used at the same time");
        }
    }

    /** No headers, no body, redirects followed, the session's timeout. */
    public static RequestOptions defaults() {
        return new RequestOptions(Map.of(), Map.of(), null, null, true, null, false, null, null, false, null);
    }

    /** A copy with this header added (or replaced). */
    public RequestOptions withHeader(String name, String value) {
        Headers.checkName(name);
        Headers.checkValue(name, value);
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new RequestOptions(h, params, data, json, allowRedirects, timeout, chunked, proxy, proxyAuth, expect100, middlewares);
    }

    /** A copy that sends these Basic credentials ({@code Authorization}): aiohttp's {@code auth=}. */
    public RequestOptions withBasicAuth(BasicAuth auth) {
        return withHeader("Authorization", Objects.requireNonNull(auth, "auth").encode());
    }

    /** A copy with this query parameter added to the URL (percent-encoded). */
    public RequestOptions withParam(String name, String value) {
        Map<String, String> p = new LinkedHashMap<>(params);
        p.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new RequestOptions(headers, p, data, json, allowRedirects, timeout, chunked, proxy, proxyAuth, expect100, middlewares);
    }

    /** A copy with this body ({@code data=}): any {@link Payload}. */
    public RequestOptions withData(Payload data) {
        return new RequestOptions(headers, params, Objects.requireNonNull(data, "data"), null, allowRedirects, timeout,
                chunked, proxy, proxyAuth, expect100, middlewares);
    }

    /** A copy with this form as the body: urlencoded, or multipart/form-data when it has files. */
    public RequestOptions withData(FormData form) {
        return withData(Objects.requireNonNull(form, "form").payload());
    }

    /** A copy with these fields as an urlencoded form ({@code data=dict}). */
    public RequestOptions withForm(Map<String, String> fields) {
        return withData(FormData.of(fields));
    }

    /** A copy with these body bytes ({@code application/octet-stream}). */
    public RequestOptions withBody(byte[] data) {
        return withData(Payload.of(data));
    }

    /** A copy with this text body ({@code text/plain; charset=utf-8}). */
    public RequestOptions withText(String text) {
        return withData(Payload.ofText(text));
    }

    /** A copy whose body is {@code value} written as JSON by the session's codec. */
    public RequestOptions withJson(Object value) {
        return new RequestOptions(headers, params, null, Objects.requireNonNull(value, "value"), allowRedirects, timeout,
                chunked, proxy, proxyAuth, expect100, middlewares);
    }

    public RequestOptions withAllowRedirects(boolean allowRedirects) {
        return new RequestOptions(headers, params, data, json, allowRedirects, timeout, chunked, proxy, proxyAuth, expect100, middlewares);
    }

    public RequestOptions withTimeout(ClientTimeout timeout) {
        return new RequestOptions(headers, params, data, json, allowRedirects, Objects.requireNonNull(timeout, "timeout"),
                chunked, proxy, proxyAuth, expect100, middlewares);
    }

    /**
     * A copy sent through this HTTP proxy ({@code proxy=}): plain http in absolute form, https
     * through a {@code CONNECT} tunnel. Replaces the session's proxy.
     */
    public RequestOptions withProxy(String proxy) {
        URI u = URI.create(Objects.requireNonNull(proxy, "proxy").contains("://") ? proxy : "http://" + proxy);
        return new RequestOptions(headers, params, data, json, allowRedirects, timeout, chunked, u, proxyAuth, expect100, middlewares);
    }

    /** A copy sending these credentials to the proxy ({@code proxy_auth=}: {@code Proxy-Authorization}). */
    public RequestOptions withProxyAuth(BasicAuth proxyAuth) {
        return new RequestOptions(headers, params, data, json, allowRedirects, timeout, chunked, proxy,
                Objects.requireNonNull(proxyAuth, "proxyAuth"), expect100, middlewares);
    }

    /**
     * A copy that sends {@code Expect: 100-continue} and the body only after the server's
     * {@code 100 Continue} (aiohttp's {@code expect100=True}); a server that answers at once
     * (413, 401...) gets no body, and that answer is the response.
     */
    public RequestOptions withExpect100(boolean expect100) {
        return new RequestOptions(headers, params, data, json, allowRedirects, timeout, chunked, proxy, proxyAuth,
                expect100, middlewares);
    }

    /**
     * A copy whose request passes through these middlewares instead of the session's (aiohttp
     * 3.12's per-request {@code middlewares=}; none at all with no arguments).
     */
    public RequestOptions withMiddlewares(ClientMiddleware... middlewares) {
        return new RequestOptions(headers, params, data, json, allowRedirects, timeout, chunked, proxy, proxyAuth,
                expect100, List.of(middlewares));
    }

    /** A copy that sends the body chunked even when its length is known (aiohttp's {@code chunked=True}). */
    public RequestOptions withChunked(boolean chunked) {
        return new RequestOptions(headers, params, data, json, allowRedirects, timeout, chunked, proxy, proxyAuth, expect100, middlewares);
    }
}
