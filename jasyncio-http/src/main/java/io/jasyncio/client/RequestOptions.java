package io.jasyncio.client;

import io.jasyncio.http.Headers;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The per-request arguments of aiohttp's {@code session.request(...)}: headers, query
 * {@code params} (name–value pairs in order, a name may repeat: a {@code MultiDict} or a list of
 * pairs), a body ({@code data=}: a {@link Payload} — bytes, text, a file, a stream of chunks, a
 * {@link FormData} or {@link MultipartWriter} — or {@code json=} an object the session's codec
 * writes), {@code allowRedirects} (default true), a {@link ClientTimeout} that replaces the
 * session's for this request, and {@code chunked} to send the body with
 * {@code Transfer-Encoding: chunked} even when its length is known (a body of unknown length
 * always goes chunked), an HTTP {@code proxy} with its {@code proxyAuth}, {@code expect100},
 * {@code middlewares} that replace the session's (null: the session's), and
 * {@code raiseForStatus} (null: the session's).
 *
 * <p>The params are added to the query already in the URL, which stays as it is (aiohttp 3.9+:
 * yarl's {@code extend_query}), each name and value encoded as yarl does (UTF-8, a space as
 * {@code +}, everything but letters, digits, {@code -._~!$'()*,?/:@} as {@code %XX}).
 *
 * <p>Immutable and thread-safe as far as its payload is: each {@code with...} method returns a
 * changed copy.
 */
public record RequestOptions(Map<String, String> headers, List<Map.Entry<String, String>> params, Payload data,
        Object json, boolean allowRedirects, ClientTimeout timeout, boolean chunked, URI proxy, BasicAuth proxyAuth,
        boolean expect100, List<ClientMiddleware> middlewares, RaiseForStatus raiseForStatus) {

    public RequestOptions {
        headers = OrderedCopy.of(headers, "headers");
        params = pairs(params);
        middlewares = middlewares == null ? null : List.copyOf(middlewares);
        if (proxy != null && (!"http".equalsIgnoreCase(proxy.getScheme()) || proxy.getHost() == null)) {
            throw new IllegalArgumentException("proxy must be an http://host:port URL, got " + proxy);
        }
        if (data != null && json != null) {
            throw new IllegalArgumentException("data and json can not be used at the same time");
        }
    }

    /** No headers, no body, redirects followed, the session's timeout and raiseForStatus. */
    public static RequestOptions defaults() {
        return new RequestOptions(Map.of(), List.of(), null, null, true, null, false, null, null, false, null, null);
    }

    /** A copy with this header added (or replaced). */
    public RequestOptions withHeader(String name, String value) {
        Headers.checkName(name);
        Headers.checkValue(name, value);
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return with(c -> c.headers = h);
    }

    /** A copy that sends these Basic credentials ({@code Authorization}): aiohttp's {@code auth=}. */
    public RequestOptions withBasicAuth(BasicAuth auth) {
        return withHeader("Authorization", Objects.requireNonNull(auth, "auth").encode());
    }

    /**
     * A copy with this query parameter added after the others; a name given again is sent again
     * ({@code ?a=1&a=2}), as a {@code MultiDict}'s {@code add}.
     */
    public RequestOptions withParam(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        List<Map.Entry<String, String>> p = new ArrayList<>(params);
        p.add(Map.entry(name, value));
        return with(c -> c.params = p);
    }

    /**
     * A copy whose query parameters are these pairs, in order, names repeating as they come: aiohttp's
     * {@code params=[("a", "1"), ("a", "2")]} or {@code params=MultiDict(...)} (a
     * {@link io.jasyncio.http.MultiDict} is such an iterable). Replaces the params set so far.
     */
    public RequestOptions withParams(Iterable<? extends Map.Entry<String, String>> params) {
        Objects.requireNonNull(params, "params");
        List<Map.Entry<String, String>> p = new ArrayList<>();
        params.forEach(p::add);
        return with(c -> c.params = p);
    }

    /** A copy whose query parameters are this map's entries in its order ({@code params={...}}). Replaces the params set so far. */
    public RequestOptions withParams(Map<String, String> params) {
        return withParams(Objects.requireNonNull(params, "params").entrySet());
    }

    /** A copy with this body ({@code data=}): any {@link Payload}. */
    public RequestOptions withData(Payload data) {
        Objects.requireNonNull(data, "data");
        return with(c -> {
            c.data = data;
            c.json = null;
        });
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
        Objects.requireNonNull(value, "value");
        return with(c -> {
            c.data = null;
            c.json = value;
        });
    }

    /** A copy that follows redirects (the default) or hands out the redirect response itself. */
    public RequestOptions withAllowRedirects(boolean allowRedirects) {
        return with(c -> c.allowRedirects = allowRedirects);
    }

    /** A copy with this timeout instead of the session's. */
    public RequestOptions withTimeout(ClientTimeout timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return with(c -> c.timeout = timeout);
    }

    /**
     * A copy sent through this HTTP proxy ({@code proxy=}): plain http in absolute form, https
     * through a {@code CONNECT} tunnel. Replaces the session's proxy.
     */
    public RequestOptions withProxy(String proxy) {
        URI u = URI.create(Objects.requireNonNull(proxy, "proxy").contains("://") ? proxy : "http://" + proxy);
        return with(c -> c.proxy = u);
    }

    /** A copy sending these credentials to the proxy ({@code proxy_auth=}: {@code Proxy-Authorization}). */
    public RequestOptions withProxyAuth(BasicAuth proxyAuth) {
        Objects.requireNonNull(proxyAuth, "proxyAuth");
        return with(c -> c.proxyAuth = proxyAuth);
    }

    /**
     * A copy that sends {@code Expect: 100-continue} and the body only after the server's
     * {@code 100 Continue} (aiohttp's {@code expect100=True}); a server that answers at once
     * (413, 401...) gets no body, and that answer is the response.
     */
    public RequestOptions withExpect100(boolean expect100) {
        return with(c -> c.expect100 = expect100);
    }

    /**
     * A copy whose request passes through these middlewares instead of the session's (aiohttp
     * 3.12's per-request {@code middlewares=}; none at all with no arguments).
     */
    public RequestOptions withMiddlewares(ClientMiddleware... middlewares) {
        List<ClientMiddleware> m = List.of(middlewares);
        return with(c -> c.middlewares = m);
    }

    /** A copy that sends the body chunked even when its length is known (aiohttp's {@code chunked=True}). */
    public RequestOptions withChunked(boolean chunked) {
        return with(c -> c.chunked = chunked);
    }

    /**
     * A copy that raises {@link ClientResponseError} for a status of 400 or more (true) or never
     * (false), whatever the session says: the request's {@code raise_for_status=bool}.
     */
    public RequestOptions withRaiseForStatus(boolean raiseForStatus) {
        return withRaiseForStatus(RaiseForStatus.of(raiseForStatus));
    }

    /** A copy whose final response goes through {@code check} instead of the session's (aiohttp 3.9's per-request {@code raise_for_status=callable}). */
    public RequestOptions withRaiseForStatus(RaiseForStatus check) {
        Objects.requireNonNull(check, "raiseForStatus");
        return with(c -> c.raiseForStatus = check);
    }

    /** The pairs as an unmodifiable list of immutable entries; a null pair, name or value is an NPE naming it. */
    private static List<Map.Entry<String, String>> pairs(List<Map.Entry<String, String>> params) {
        Objects.requireNonNull(params, "params");
        List<Map.Entry<String, String>> out = new ArrayList<>(params.size());
        for (Map.Entry<String, String> e : params) {
            Objects.requireNonNull(e, "params: a null pair");
            String name = Objects.requireNonNull(e.getKey(), "params: a null name");
            out.add(Map.entry(name, Objects.requireNonNull(e.getValue(), () -> "params: a null value for " + name)));
        }
        return List.copyOf(out);
    }

    /** This record with {@code change} applied to a mutable copy of its components; the constructor checks the result. */
    private RequestOptions with(Consumer<Components> change) {
        Components c = new Components(this);
        change.accept(c);
        return c.toOptions();
    }

    /** The components as mutable fields: the one place that lists them all. */
    private static final class Components {
        Map<String, String> headers;
        List<Map.Entry<String, String>> params;
        Payload data;
        Object json;
        boolean allowRedirects;
        ClientTimeout timeout;
        boolean chunked;
        URI proxy;
        BasicAuth proxyAuth;
        boolean expect100;
        List<ClientMiddleware> middlewares;
        RaiseForStatus raiseForStatus;

        Components(RequestOptions o) {
            headers = o.headers;
            params = o.params;
            data = o.data;
            json = o.json;
            allowRedirects = o.allowRedirects;
            timeout = o.timeout;
            chunked = o.chunked;
            proxy = o.proxy;
            proxyAuth = o.proxyAuth;
            expect100 = o.expect100;
            middlewares = o.middlewares;
            raiseForStatus = o.raiseForStatus;
        }

        RequestOptions toOptions() {
            return new RequestOptions(headers, params, data, json, allowRedirects, timeout, chunked, proxy, proxyAuth,
                    expect100, middlewares, raiseForStatus);
        }
    }
}
