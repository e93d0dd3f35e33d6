package io.jasyncio.client;

import io.jasyncio.http.Headers;

import java.net.URI;
import java.util.Objects;

/**
 * A request on its way out, as client middlewares see it: aiohttp's {@code ClientRequest}. A
 * middleware may change the headers, the URL or the body before calling the next handler
 * (adding credentials, signing, rewriting). The session adds Host, Accept, cookies and the
 * body's Content-Type/Length after the middlewares.
 *
 * <p>Loop-confined and mutable; one per attempt (a redirect hop makes a new one).
 */
public final class ClientRequest {
    private String method;
    private URI url;
    private final Headers headers;
    private Payload body;

    ClientRequest(String method, URI url, Headers headers, Payload body) {
        this.method = method;
        this.url = url;
        this.headers = headers;
        this.body = body;
    }

    /** The method, upper case. */
    public String method() {
        return method;
    }

    /** The absolute URL. */
    public URI url() {
        return url;
    }

    /** Sends it to another absolute http(s) URL instead. */
    public void setUrl(URI url) {
        Objects.requireNonNull(url, "url");
        if (url.getHost() == null || !("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))) {
            throw new IllegalArgumentException("url must be an absolute http(s) URL, got " + url);
        }
        this.url = url;
    }

    /** The headers to send (mutable): the session's defaults, the request's own, its credentials. */
    public Headers headers() {
        return headers;
    }

    /** The body, or null. */
    public Payload body() {
        return body;
    }

    /** Replaces the body (null: none). */
    public void setBody(Payload body) {
        this.body = body;
    }

    /** Replaces the method (e.g. a middleware's own retry strategy); upper-cased. */
    public void setMethod(String method) {
        Headers.checkName(Objects.requireNonNull(method, "method"));
        this.method = method.toUpperCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return "<ClientRequest(" + method + " " + url + ")>";
    }
}
