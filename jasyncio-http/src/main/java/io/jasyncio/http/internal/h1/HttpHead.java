package io.jasyncio.http.internal.h1;

import io.jasyncio.http.Headers;
import java.nio.charset.StandardCharsets;

/**
 * A parsed request or response head (start line and header fields) over the bytes received:
 * nothing becomes a {@code String} until a getter is called. Shared by the server (requests) and
 * the client (responses), aiohttp's {@code RawRequestMessage} / {@code RawResponseMessage}.
 *
 * <p>Immutable once the parser hands it out; loop-confined like the parser that made it.
 */
public final class HttpHead {
    byte[] bytes; // the head's own copy; the parser's buffer until the head is complete
    final boolean request;
    int methodStart;
    int methodEnd;
    int targetStart;
    int targetEnd;
    int reasonStart;
    int reasonEnd;
    int status;
    int versionMinor;
    Headers headers;
    long contentLength = -1;
    boolean chunked;
    boolean keepAlive;
    boolean upgrade;
    boolean expectContinue;
    private String method;
    private String target;

    HttpHead(byte[] bytes, boolean request) {
        this.bytes = bytes;
        this.request = request;
    }

    /** Whether this is a request head (else a response head). */
    public boolean isRequest() {
        return request;
    }

    /** The request method as sent (methods are case-sensitive); the common ones are constants. */
    public String method() {
        if (method == null) {
            method = HttpMethods.intern(bytes, methodStart, methodEnd);
        }
        return method;
    }

    /** Whether the method is exactly {@code name}, without making a String. */
    public boolean methodIs(String name) {
        if (methodEnd - methodStart != name.length()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (bytes[methodStart + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The request target as sent (still percent-encoded), e.g. {@code /users/1?x=2}. */
    public String target() {
        if (target == null) {
            target = new String(bytes, targetStart, targetEnd - targetStart, StandardCharsets.ISO_8859_1);
        }
        return target;
    }

    /**
     * The path of an origin-form target ({@code /users/1?x=2} gives {@code /users/1}), still
     * percent-encoded, made from the received bytes without the whole target's String; null for
     * any other form (absolute, authority, {@code *}).
     */
    public String originPath() {
        if (targetEnd == targetStart || bytes[targetStart] != '/') {
            return null;
        }
        if (target != null) {
            int q = target.indexOf('?');
            return q < 0 ? target : target.substring(0, q);
        }
        int end = targetStart;
        while (end < targetEnd && bytes[end] != '?') {
            end++;
        }
        if (end == targetEnd) {
            return target(); // the whole target is the path: one String serves both
        }
        return new String(bytes, targetStart, end - targetStart, StandardCharsets.ISO_8859_1);
    }

    /** The response status code (0 for a request). */
    public int status() {
        return status;
    }

    /** The response reason phrase (empty for a request). */
    public String reason() {
        return new String(bytes, reasonStart, reasonEnd - reasonStart, StandardCharsets.ISO_8859_1);
    }

    /** The minor HTTP version: 0 for HTTP/1.0, 1 for HTTP/1.1. */
    public int versionMinor() {
        return versionMinor;
    }

    /** The header fields, read-only. */
    public Headers headers() {
        return headers;
    }

    /** The Content-Length, or -1 when there is none (chunked, or no body). */
    public long contentLength() {
        return contentLength;
    }

    /** Whether the body is chunked. */
    public boolean chunked() {
        return chunked;
    }

    /** Whether the connection stays open after this message (HTTP/1.1 default, 1.0 keep-alive). */
    public boolean keepAlive() {
        return keepAlive;
    }

    /** Whether the message asks to switch protocols (Upgrade with Connection: upgrade, or CONNECT). */
    public boolean upgrade() {
        return upgrade;
    }

    /** Whether a request carries {@code Expect: 100-continue}. */
    public boolean expectContinue() {
        return expectContinue;
    }

    @Override
    public String toString() {
        return request ? method() + " " + target() + " HTTP/1." + versionMinor
                : "HTTP/1." + versionMinor + " " + status + " " + reason();
    }
}
