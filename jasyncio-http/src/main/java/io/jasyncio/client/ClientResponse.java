package io.jasyncio.client;

import io.jasyncio.TimeoutError;
import io.jasyncio.http.Headers;
import io.jasyncio.http.MultiDict;
import io.jasyncio.http.internal.h1.HttpHead;
import io.jasyncio.web.JsonCodec;

import java.io.IOException;
import java.net.HttpCookie;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.List;

/**
 * A response of a {@link ClientSession}: aiohttp's {@code ClientResponse}. The status and headers
 * are there when the request returns; the body is read whole by {@link #read()}, {@link #text()}
 * or {@link #json(Class)}, or streamed from {@link #content()} (all suspend). Use with
 * try-with-resources: {@link #close()} releases the connection — back to the pool when the body
 * had arrived whole, otherwise closed (a connection with unread bytes on it is never reused).
 * The connection is released by itself as soon as the whole body has arrived.
 *
 * <p>Loop-confined.
 */
public final class ClientResponse implements AutoCloseable {
    private final ResponseContent content;
    private final HttpHead head;
    private final RequestInfo requestInfo;
    private final JsonCodec json;
    private final List<HttpCookie> cookies;
    private List<ClientResponse> history = List.of();
    private byte[] body;

    private MultiDict<Link> links;
    /** The one-shot session of {@link Aiohttp#request}, closed when this response is released. */
    private ClientSession owner;

    ClientResponse(ResponseContent content, HttpHead head, RequestInfo requestInfo, double deadline, double sockRead,
            JsonCodec json, List<HttpCookie> cookies) {
        this.cookies = List.copyOf(cookies);
        this.content = content;
        this.head = head;
        this.requestInfo = requestInfo;
        this.json = json;
        content.start(requestInfo.method() + " " + requestInfo.url(), deadline, sockRead);
    }

    /** The status code. */
    public int status() {
        return head.status();
    }

    /** The reason phrase. */
    public String reason() {
        return head.reason();
    }

    /** The response headers (case-insensitive, repeated names kept). */
    public Headers headers() {
        return head.headers();
    }

    /** The URL that gave this response (after redirects, the last one), without a fragment. */
    public URI url() {
        return requestInfo.url();
    }

    /** {@link #url()} as asked for, fragment included: aiohttp's {@code real_url}. */
    public URI realUrl() {
        return requestInfo.realUrl();
    }

    /** The method of the request that gave this response. */
    public String method() {
        return requestInfo.method();
    }

    /** What was sent for this response (URL, method, headers as sent): aiohttp's {@code request_info}. */
    public RequestInfo requestInfo() {
        return requestInfo;
    }

    /**
     * The response's {@code Link} headers (RFC 8288) keyed by {@code rel} (by the target when a
     * link has no rel), targets resolved against {@link #url()}: aiohttp's {@code links}.
     * Read-only; empty when there are none.
     */
    public MultiDict<Link> links() {
        if (links == null) {
            links = LinkHeader.parse(head.headers().getAll("Link"), url());
        }
        return links;
    }

    /** The cookies this response set ({@code Set-Cookie}), as parsed. */
    public List<HttpCookie> cookies() {
        return cookies;
    }

    /** The redirect responses that led here, oldest first (empty when there were none). */
    public List<ClientResponse> history() {
        return history;
    }

    void setHistory(List<ClientResponse> history) {
        this.history = List.copyOf(history);
    }

    /** Whether the status is below 400. */
    public boolean ok() {
        return head.status() < 400;
    }

    /**
     * Throws {@link ClientResponseError} when the status is 400 or more (and releases the
     * connection first): aiohttp's {@code raise_for_status()}.
     */
    public void raiseForStatus() throws ClientResponseError {
        if (head.status() >= 400) {
            release();
            throw new ClientResponseError(head.status(), head.reason(), url());
        }
    }

    /**
     * The body as a stream: aiohttp's {@code resp.content}. Read it instead of {@link #read()} to
     * handle a body chunk by chunk without holding it whole.
     */
    public ResponseContent content() {
        return content;
    }

    /**
     * The whole body, decompressed when the session's {@code autoDecompress} is on and the
     * server used gzip or deflate. Suspends until it has arrived; later calls return it again.
     *
     * @throws ClientPayloadError if the body is cut short or malformed
     * @throws TimeoutError if the request's total or sock_read limit passes
     * @throws io.jasyncio.CancelledError if the task is cancelled (the bytes read so far stay in
     *     {@link #content()})
     */
    public byte[] read() throws IOException {
        if (body == null) {
            body = content.read();
        }
        return body.clone();
    }

    /** The body as text, in the charset of the Content-Type header (UTF-8 when it names none). */
    public String text() throws IOException {
        return new String(read(), getEncoding());
    }

    /**
     * The body parsed as JSON into a {@code type} with the session's codec; null for an empty
     * body. The Content-Type must be JSON ({@code application/json} or {@code application/...+json}),
     * as aiohttp checks; {@link #json(Class, String)} names another or none.
     *
     * @throws ContentTypeError if the Content-Type is not JSON
     * @throws ClientPayloadError if the body is not JSON of that type
     */
    public <T> T json(Class<T> type) throws IOException {
        return json(type, "application/json");
    }

    /**
     * {@link #json(Class)} expecting {@code contentType} (a substring of the response's media
     * type; {@code "application/json"} means any JSON type), or no check when null (aiohttp's
     * {@code content_type=None}).
     */
    public <T> T json(Class<T> type, String contentType) throws IOException {
        byte[] b = read();
        if (contentType != null && !expectedType(contentType)) {
            throw new ContentTypeError(head.status(), "Attempt to decode JSON with unexpected mimetype: " + mediaType(), url());
        }
        if (new String(b, getEncoding()).isBlank()) {
            return null; // aiohttp returns None for an empty body
        }
        try {
            return json.loads(b, type);
        } catch (IllegalArgumentException e) {
            throw new ClientPayloadError("the body of " + method() + " " + url() + " is not JSON of " + type.getSimpleName()
                    + ": " + e.getMessage(), e);
        }
    }

    /** The media type of the Content-Type, lower case, without parameters (aiohttp's {@code content_type}). */
    private String mediaType() {
        String ct = head.headers().get("Content-Type");
        if (ct == null) {
            return "application/octet-stream"; // RFC 9110 §8.3's default, as aiohttp
        }
        int semi = ct.indexOf(';');
        return (semi >= 0 ? ct.substring(0, semi) : ct).trim().toLowerCase(java.util.Locale.ROOT);
    }

    private boolean expectedType(String expected) {
        String actual = mediaType();
        if (expected.equals("application/json")) {
            return JSON_TYPE.matcher(actual).lookingAt();
        }
        return actual.contains(expected.toLowerCase(java.util.Locale.ROOT));
    }

    /** aiohttp's {@code json_re}: application/json and application/{something}+json. */
    private static final java.util.regex.Pattern JSON_TYPE = java.util.regex.Pattern.compile("application/(?:[\\w.+-]+?\\+)?json");

    /**
     * The charset {@link #text()} decodes with: the Content-Type's {@code charset} when the JDK
     * knows it, else UTF-8 (aiohttp's {@code get_encoding()}, whose fallback resolver is UTF-8
     * since 3.9; JSON is UTF-8 by RFC 8259).
     */
    public Charset getEncoding() {
        String ct = head.headers().get("Content-Type");
        if (ct != null) {
            for (String part : ct.split(";")) {
                String p = part.trim();
                if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                    String name = p.substring(8).replace("\"", "").trim();
                    try {
                        return Charset.forName(name);
                    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                        return StandardCharsets.UTF_8; // an unknown charset falls back, as aiohttp's LookupError does
                    }
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    /**
     * Gives the connection back without reading the body: to the pool if the whole response
     * happened to arrive already, else it is closed, not reused (unread bytes on it would corrupt
     * the next response). Idempotent.
     */
    public void release() {
        content.release(true);
        if (owner != null) {
            ClientSession session = owner;
            owner = null;
            session.close();
        }
    }

    void closeSessionOnRelease(ClientSession session) {
        owner = session;
    }

    /** {@link #release()}: for try-with-resources. */
    @Override
    public void close() {
        release();
    }

    @Override
    public String toString() {
        return "<ClientResponse(" + url() + ") [" + head.status() + " " + head.reason() + "]>";
    }
}
