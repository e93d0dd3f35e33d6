package io.jasyncio.web;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A response with its whole body in memory: aiohttp's {@code web.Response}, with
 * {@link #json(Object)} as {@code web.json_response}. The server sends it after the handler
 * returns, head and body in one write, with a Content-Length.
 *
 * <p>Loop-confined.
 */
public class Response extends StreamResponse {
    private static final byte[] EMPTY = new byte[0];
    private static final String TEXT_UTF8 = "text/plain; charset=utf-8";
    private byte[] body = EMPTY;

    /** An empty 200 OK. */
    public Response() {
        super(200, null);
    }

    /** An empty response with this status and reason (null: the standard phrase). */
    public Response(int status, String reason) {
        super(status, reason);
    }

    /** A 200 {@code text/plain; charset=utf-8} response. */
    public static Response ofText(String text) {
        return new Response().setText(text);
    }

    /** A response with this status and a text body. */
    public static Response ofText(int status, String text) {
        return new Response(status, null).setText(text);
    }

    /** A 200 {@code application/octet-stream} response. */
    public static Response ofBytes(byte[] body) {
        Response r = new Response().setBody(body);
        r.setContentType("application/octet-stream");
        return r;
    }

    /**
     * A 200 {@code application/json} response of {@code value} serialised by the default
     * {@link JsonCodec} (Jackson 3): aiohttp's {@code json_response}.
     */
    public static Response json(Object value) {
        return json(value, JsonCodec.jackson());
    }

    /** {@link #json(Object)} with another codec (aiohttp's {@code dumps=}). */
    public static Response json(Object value, JsonCodec codec) {
        Response r = new Response().setBody(codec.dumps(value));
        r.setContentType("application/json; charset=utf-8");
        return r;
    }

    /** The body. */
    public final byte[] body() {
        return body;
    }

    /** Sets the body; the length follows it. */
    public final Response setBody(byte[] body) {
        checkNotPrepared();
        if (body == null) {
            throw new IllegalArgumentException("body is null");
        }
        this.body = body;
        return this;
    }

    /** Sets a text body (UTF-8) and, unless set, {@code Content-Type: text/plain; charset=utf-8}. */
    public final Response setText(String text) {
        setBody(text.getBytes(StandardCharsets.UTF_8));
        if (!headers().contains("Content-Type")) {
            setContentType(TEXT_UTF8); // the common case, without building the value per response
        }
        return this;
    }

    /** Sets a text body in {@code charset}. */
    public final Response setText(String text, Charset charset) {
        setBody(text.getBytes(charset));
        if (!headers().contains("Content-Type")) {
            setContentType("text/plain; charset=" + charset.name().toLowerCase(java.util.Locale.ROOT));
        }
        return this;
    }

    /** The body as UTF-8 text. */
    public final String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    void beforeHead(Request request) {
        if (compressionEnabled()) {
            compressionDone();
            String coding = Compressor.choose(request.headers().get("Accept-Encoding"));
            headers().add("Vary", "Accept-Encoding");
            if (coding != null && body.length > 0) {
                body = new Compressor(coding).compress(body, true);
                headers().set("Content-Encoding", coding);
            }
        }
        if (!wantsChunked()) {
            setContentLength(status() == 204 || status() == 304 || status() < 200 ? 0 : body.length);
        }
    }

    @Override
    byte[] initialBody() {
        return body.length == 0 ? null : body;
    }
}
