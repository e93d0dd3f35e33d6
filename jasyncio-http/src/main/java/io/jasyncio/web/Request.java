package io.jasyncio.web;

import io.jasyncio.http.Headers;
import io.jasyncio.http.MultiDict;
import io.jasyncio.http.internal.MockedRequests;
import io.jasyncio.http.internal.h1.HttpHead;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.transports.Transport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP request as a handler sees it: aiohttp's {@code web.Request}. The head is parsed lazily
 * (path, query, cookies become Strings when first asked for); the body is read on demand, as a
 * stream ({@link #content()}) or whole ({@link #read()}, {@link #text()}, {@link #json},
 * {@link #post()}), never more than {@code clientMaxSize} bytes whole (1 MiB by default: 413).
 *
 * <p>Loop-confined: used by the connection's task that runs the handler. The body methods
 * suspend and throw {@link IOException} if the connection fails,
 * {@link io.jasyncio.CancelledError} if the task is cancelled.
 */
public final class Request {
    static {
        MockedRequests.register((head, body, app, matchInfo, transport) -> {
            Request r = new Request(null, head, body, app, transport);
            r.setMatchInfo(new MatchInfo(matchInfo, null, List.of(app), null));
            return r;
        });
    }

    /** Null for a mocked request (testutils' makeMockedRequest), which has only {@link #mockTransport}. */
    private final HttpConnection connection;
    private final Transport mockTransport;
    private final HttpHead head;
    /** Null for a request without a body until {@link #content()} is first called. */
    private StreamReader body;
    private final Application app;
    private MatchInfo matchInfo;
    private String path;
    private MultiDict<String> query;
    private Map<String, String> cookies;
    private byte[] read;
    private Map<AppKey<?>, Object> state;

    Request(HttpConnection connection, HttpHead head, StreamReader body, Application app) {
        this(connection, head, body, app, null);
    }

    private Request(HttpConnection connection, HttpHead head, StreamReader body, Application app, Transport mockTransport) {
        this.connection = connection;
        this.head = head;
        this.body = body;
        this.app = app;
        this.mockTransport = mockTransport;
    }

    /** The connection a response is written to; a mocked request has none, and says so here rather than with an NPE deeper in. */
    HttpConnection connection() {
        if (connection == null) {
            throw new IllegalStateException("this request was made by makeMockedRequest and has no connection to write a"
                    + " response to: test a handler that prepares its response, or a WebSocket, through a TestClient");
        }
        return connection;
    }

    HttpHead head() {
        return head;
    }

    void setMatchInfo(MatchInfo matchInfo) {
        this.matchInfo = matchInfo;
    }

    /** The method, e.g. {@code GET}. */
    public String method() {
        return head.method();
    }

    /** {@code HTTP/1.1} or {@code HTTP/1.0}. */
    public String version() {
        return head.versionMinor() == 1 ? "HTTP/1.1" : "HTTP/1.0";
    }

    /** The target as sent: path and query, still percent-encoded ({@code raw_path}). */
    public String rawPath() {
        return head.target();
    }

    /** The path, percent-decoded (UTF-8), without the query. */
    public String path() {
        if (path == null) {
            String raw = rawPathOnly();
            path = UrlCodec.decode(raw, false);
        }
        return path;
    }

    /** The still-encoded path without the query. */
    String rawPathOnly() {
        String origin = head.originPath();
        if (origin != null) {
            return origin;
        }
        String t = head.target();
        if (!t.startsWith("/") && !t.equals("*")) {
            int scheme = t.indexOf("://");
            int slash = scheme < 0 ? -1 : t.indexOf('/', scheme + 3);
            t = slash < 0 ? "/" : t.substring(slash);
        }
        int q = t.indexOf('?');
        return q < 0 ? t : t.substring(0, q);
    }

    /** The query string, still encoded, without '?' (empty if none). */
    public String queryString() {
        String t = head.target();
        int q = t.indexOf('?');
        return q < 0 ? "" : t.substring(q + 1);
    }

    /** The query's parameters (read-only multi-map), as {@code request.query}. */
    public MultiDict<String> query() {
        if (query == null) {
            query = UrlCodec.parseForm(queryString()).readOnly();
        }
        return query;
    }

    /** The headers (case-insensitive, read-only). */
    public Headers headers() {
        return head.headers();
    }

    /** The path parameters and the route that matched, as {@code request.match_info}. */
    public MatchInfo matchInfo() {
        return matchInfo;
    }

    /** The application that serves the request (the root one; see {@link MatchInfo#apps()}). */
    public Application app() {
        return app;
    }

    /** Whether the connection stays open after the response (HTTP/1.1 default, 1.0 keep-alive). */
    public boolean keepAlive() {
        return head.keepAlive();
    }

    /** The Host header, or null. */
    public String host() {
        return head.headers().get("Host");
    }

    /** {@code https} on a TLS connection ({@link TcpSite} with an SSL context), else {@code http}, as aiohttp's {@code request.scheme}. */
    public String scheme() {
        return secure() ? "https" : "http";
    }

    /** Whether the request came over TLS: aiohttp's {@code request.secure}. */
    public boolean secure() {
        return transport().getExtraInfo("sslSession") != null;
    }

    /** The client's IP address as text (or the Unix socket's peer), as {@code request.remote}. */
    public String remote() {
        SocketAddress peer = (SocketAddress) transport().getExtraInfo("peername");
        if (peer instanceof InetSocketAddress inet) {
            return inet.getAddress().getHostAddress();
        }
        return peer == null ? null : peer.toString();
    }

    /** The connection's transport (a mocked request's own). */
    public Transport transport() {
        return connection != null ? connection.transport() : mockTransport;
    }

    /** The cookies the client sent (read-only), as {@code request.cookies}. */
    public Map<String, String> cookies() {
        if (cookies == null) {
            Map<String, String> out = new LinkedHashMap<>();
            for (String header : head.headers().getAll("Cookie")) {
                for (String pair : header.split(";")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        String v = pair.substring(eq + 1).trim();
                        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                            v = v.substring(1, v.length() - 1);
                        }
                        out.putIfAbsent(pair.substring(0, eq).trim(), v);
                    }
                }
            }
            cookies = Collections.unmodifiableMap(out);
        }
        return cookies;
    }

    /** The media type of the body without parameters, lower case ({@code application/octet-stream} if absent). */
    public String contentType() {
        String ct = head.headers().get("Content-Type");
        if (ct == null) {
            return "application/octet-stream";
        }
        int semi = ct.indexOf(';');
        return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /** The charset parameter of the Content-Type, or null. */
    public String charset() {
        return MediaParams.param(head.headers().get("Content-Type"), "charset");
    }

    /** The Content-Length, or -1 (none, or chunked). */
    public long contentLength() {
        return head.contentLength();
    }

    /** Whether the request has a body (a Content-Length above 0, or chunked), as {@code body_exists}. */
    public boolean bodyExists() {
        return head.chunked() || head.contentLength() > 0;
    }

    /** The largest body {@link #read()} accepts (the application's {@code clientMaxSize}). */
    public long clientMaxSize() {
        return app.clientMaxSize();
    }

    /**
     * The body as a stream, for bodies of any size (no {@code clientMaxSize} limit), as
     * {@code request.content}. Sends {@code 100 Continue} first if the client waits for it.
     */
    public StreamReader content() {
        if (connection != null) {
            connection.sendContinue(head);
            if (body == null) {
                body = connection.emptyBody();
            }
        }
        return body;
    }

    /**
     * The whole body (cached): suspends until it has arrived.
     *
     * @throws HTTPRequestEntityTooLarge over {@code clientMaxSize}
     * @throws IOException if the connection failed or the body was cut short
     */
    public byte[] read() throws IOException {
        if (read != null) {
            return read;
        }
        long max = app.clientMaxSize();
        if (head.contentLength() > max) {
            throw new HTTPRequestEntityTooLarge(max, head.contentLength());
        }
        StreamReader in = content();
        byte[] first = in.read(65536);
        if (first.length > max) {
            throw new HTTPRequestEntityTooLarge(max, first.length);
        }
        if (first.length == 0 || first.length == head.contentLength()) {
            read = first; // the whole body came in one piece (the usual case): no copy through a stream
            return read;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(first.length, Math.min(head.contentLength(), 65536)));
        out.writeBytes(first);
        while (true) {
            byte[] chunk = in.read(65536);
            if (chunk.length == 0) {
                break;
            }
            out.writeBytes(chunk);
            if (out.size() > max) {
                throw new HTTPRequestEntityTooLarge(max, out.size());
            }
        }
        read = out.toByteArray();
        return read;
    }

    /** The body as text in its charset (UTF-8 by default). */
    public String text() throws IOException {
        String cs = charset();
        Charset charset;
        try {
            charset = cs == null ? StandardCharsets.UTF_8 : Charset.forName(cs);
        } catch (IllegalArgumentException e) {
            throw new HTTPBadRequest("unknown charset " + cs);
        }
        return new String(read(), charset);
    }

    /**
     * The body parsed as JSON into a {@code type} by the application's codec.
     *
     * @throws HTTPBadRequest if it is not valid JSON of that shape
     */
    public <T> T json(Class<T> type) throws IOException {
        try {
            return app.jsonCodec().loads(read(), type);
        } catch (IllegalArgumentException e) {
            throw new HTTPBadRequest(e.getMessage());
        }
    }

    /**
     * The form fields of an urlencoded or multipart body, as {@code await request.post()}: text
     * fields as {@code String}, files as {@link FileField} (written to temporary files as they
     * arrive, not buffered whole). The total is limited by {@code clientMaxSize}. Empty for other
     * content types.
     */
    public MultiDict<Object> post() throws IOException {
        MultiDict<Object> out = new MultiDict<>();
        String type = contentType();
        if (type.equals("application/x-www-form-urlencoded")) {
            for (Map.Entry<String, String> e : UrlCodec.parseForm(new String(read(), StandardCharsets.UTF_8))) {
                out.add(e.getKey(), e.getValue());
            }
        } else if (type.equals("multipart/form-data")) {
            MultipartForm.read(multipart(), app.clientMaxSize(), out);
        }
        return out.readOnly();
    }

    /**
     * A reader of the multipart body, part by part, each part streamed, as {@code request.multipart()}.
     *
     * @throws HTTPBadRequest if the body is not multipart or has no boundary
     */
    public MultipartReader multipart() {
        String boundary = MediaParams.param(head.headers().get("Content-Type"), "boundary");
        if (!contentType().startsWith("multipart/") || boundary == null || boundary.isEmpty()) {
            throw new HTTPBadRequest("not a multipart body with a boundary");
        }
        return new MultipartReader(content(), boundary);
    }

    /** Per-request state for middlewares, as {@code request[key]}. */
    public <T> T get(AppKey<T> key) {
        return state == null ? null : key.type().cast(state.get(key));
    }

    /** Stores per-request state. */
    public <T> void set(AppKey<T> key, T value) {
        if (state == null) {
            state = new IdentityHashMap<>();
        }
        state.put(key, value);
    }

    @Override
    public String toString() {
        return "<Request " + method() + " " + rawPath() + ">";
    }
}
