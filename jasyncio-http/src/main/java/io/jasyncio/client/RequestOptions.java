package io.jasyncio.client;

import io.jasyncio.http.Headers;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The per-request arguments of aiohttp's {@code session.request(...)}: headers, query
 * {@code params}, a body ({@code data=} bytes or text, or {@code json=} an object the session's
 * codec writes), {@code allowRedirects} (default true), and a {@link ClientTimeout} that replaces
 * the session's for this request.
 *
 * <p>Immutable and thread-safe: each {@code with...} method returns a changed copy.
 */
public record RequestOptions(Map<String, String> headers, Map<String, String> params, byte[] body,
        String contentType, Object json, boolean allowRedirects, ClientTimeout timeout) {

    public RequestOptions {
        headers = Map.copyOf(headers);
        params = Map.copyOf(params);
        if (body != null && json != null) {
            throw new IllegalArgumentException("data and json can not be used at the same time");
        }
    }

    /** No headers, no body, redirects followed, the session's timeout. */
    public static RequestOptions defaults() {
        return new RequestOptions(Map.of(), Map.of(), null, null, null, true, null);
    }

    /** A copy with this header added (or replaced). */
    public RequestOptions withHeader(String name, String value) {
        Headers.checkName(name);
        Headers.checkValue(name, value);
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new RequestOptions(h, params, body, contentType, json, allowRedirects, timeout);
    }

    /** A copy that sends these Basic credentials ({@code Authorization}): aiohttp's {@code auth=}. */
    public RequestOptions withBasicAuth(BasicAuth auth) {
        return withHeader("Authorization", Objects.requireNonNull(auth, "auth").encode());
    }

    /** A copy with this query parameter added to the URL (percent-encoded). */
    public RequestOptions withParam(String name, String value) {
        Map<String, String> p = new LinkedHashMap<>(params);
        p.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new RequestOptions(headers, p, body, contentType, json, allowRedirects, timeout);
    }

    /** A copy with these body bytes ({@code application/octet-stream}). */
    public RequestOptions withBody(byte[] data) {
        return new RequestOptions(headers, params, Objects.requireNonNull(data, "data").clone(),
                "application/octet-stream", null, allowRedirects, timeout);
    }

    /** A copy with this text body ({@code text/plain; charset=utf-8}). */
    public RequestOptions withText(String text) {
        return new RequestOptions(headers, params, Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8),
                "text/plain; charset=utf-8", null, allowRedirects, timeout);
    }

    /** A copy whose body is {@code value} written as JSON by the session's codec. */
    public RequestOptions withJson(Object value) {
        return new RequestOptions(headers, params, null, "application/json", Objects.requireNonNull(value, "value"),
                allowRedirects, timeout);
    }

    public RequestOptions withAllowRedirects(boolean allowRedirects) {
        return new RequestOptions(headers, params, body, contentType, json, allowRedirects, timeout);
    }

    public RequestOptions withTimeout(ClientTimeout timeout) {
        return new RequestOptions(headers, params, body, contentType, json, allowRedirects,
                Objects.requireNonNull(timeout, "timeout"));
    }
}
