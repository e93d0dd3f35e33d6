package io.jasyncio.web;

import io.jasyncio.Asyncio;
import io.jasyncio.http.Headers;
import io.jasyncio.http.internal.h1.HttpStatus;
import io.jasyncio.http.internal.h1.HttpWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * A response whose body is written piece by piece: aiohttp's {@code web.StreamResponse}. Set the
 * status and headers, {@link #prepare} it (the head goes out), {@link #write} the body (each write
 * suspends while the client is slow: back-pressure), then {@link #writeEof}. Without a
 * Content-Length the body is sent chunked (HTTP/1.1) or until the connection closes (HTTP/1.0).
 *
 * <p>Loop-confined: used by the handler's task. {@link Response} is the whole-body subclass.
 */
public class StreamResponse {
    private int status;
    private String reason;
    private final Headers headers = new Headers();
    private long contentLength = -1;
    private boolean chunked;
    private boolean compression;
    private boolean forceClose;
    HttpConnection connection;
    private boolean headOnly;
    private Compressor compressor;
    private boolean prepared;
    private boolean eofWritten;
    long bodyBytes;

    /** A 200 OK stream response. */
    public StreamResponse() {
        this(200, null);
    }

    /** A stream response with this status and reason (null: the standard phrase). */
    public StreamResponse(int status, String reason) {
        setStatus(status, reason);
    }

    /** The status code. */
    public final int status() {
        return status;
    }

    /** The reason phrase. */
    public final String reason() {
        return reason;
    }

    /**
     * Sets the status and reason (null: the standard phrase).
     *
     * @throws IllegalArgumentException if the status is not 100..999 or the reason holds CR/LF
     * @throws IllegalStateException once prepared
     */
    public final StreamResponse setStatus(int status, String reason) {
        checkNotPrepared();
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status must have three digits: " + status);
        }
        if (reason != null) {
            Headers.checkValue("reason", reason); // the standard phrases need no check
        }
        this.status = status;
        this.reason = reason == null ? HttpStatus.reason(status) : reason;
        return this;
    }

    /**
     * The headers to send (mutable until prepared; values with CR/LF are refused). After
     * {@link #prepare} they hold what the server added to the head, as aiohttp's:
     * {@code Content-Length} or {@code Transfer-Encoding}, {@code Date} and {@code Server} unless
     * the handler set them, and {@code Connection} where needed.
     */
    public final Headers headers() {
        return headers;
    }

    /** Sets {@code Content-Type}. */
    public final StreamResponse setContentType(String contentType) {
        headers.set("Content-Type", contentType);
        return this;
    }

    /** The Content-Length to announce, or -1 for none. */
    public final long contentLength() {
        return contentLength;
    }

    /** Announces a Content-Length (-1: none; the body is then chunked or sent until close). */
    public StreamResponse setContentLength(long length) {
        checkNotPrepared();
        if (length < -1) {
            throw new IllegalArgumentException("content length must be >= -1: " + length);
        }
        contentLength = length;
        return this;
    }

    /** Sends the body chunked even if a length is known, as {@code enable_chunked_encoding}. */
    public final StreamResponse enableChunkedEncoding() {
        checkNotPrepared();
        chunked = true;
        return this;
    }

    /** Compresses the body with gzip or deflate when the request accepts one, as {@code enable_compression}. */
    public final StreamResponse enableCompression() {
        checkNotPrepared();
        compression = true;
        return this;
    }

    /** Closes the connection after this response, as {@code force_close}. */
    public final StreamResponse forceClose() {
        forceClose = true;
        return this;
    }

    /**
     * Adds a {@code Set-Cookie} header: {@code name=value} and attributes such as
     * {@code "Path=/; HttpOnly; Max-Age=60"}, as {@code set_cookie}.
     *
     * @throws IllegalArgumentException if the name is not a token or a part holds CR, LF, NUL or ';' in the value
     */
    public final StreamResponse setCookie(String name, String value, String attributes) {
        Headers.checkName(name);
        if (value == null || value.indexOf(';') >= 0 || value.indexOf(',') >= 0) {
            throw new IllegalArgumentException("cookie " + name + ": value must not be null nor hold ';' or ','");
        }
        String cookie = name + "=" + value + (attributes == null || attributes.isEmpty() ? "" : "; " + attributes);
        headers.add("Set-Cookie", cookie);
        return this;
    }

    /** Expires a cookie on the client, as {@code del_cookie}. */
    public final StreamResponse delCookie(String name) {
        return setCookie(name, "", "Max-Age=0; Path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT");
    }

    /** Whether {@link #prepare} has sent the head. */
    public final boolean prepared() {
        return prepared;
    }

    /**
     * Sends the status line and headers: aiohttp's {@code await resp.prepare(request)}. Suspends
     * while the client is slow. Idempotent.
     *
     * @throws IOException if the connection was lost
     * @throws io.jasyncio.CancelledError if the task is cancelled
     */
    public void prepare(Request request) throws IOException {
        if (prepared) {
            return;
        }
        if (request == null) {
            throw new IllegalArgumentException("request is null");
        }
        connection = request.connection();
        headOnly = request.method().equals("HEAD");
        beforeHead(request);
        if (compression && status != 204 && status != 304) {
            String coding = Compressor.choose(request.headers().get("Accept-Encoding"));
            if (coding != null) {
                compressor = new Compressor(coding);
                headers.set("Content-Encoding", coding);
                contentLength = -1;
            }
            headers.add("Vary", "Accept-Encoding");
        }
        prepared = true;
        byte[] body = headOnly ? null : initialBody();
        // a small body goes in the head's array: one write, one copy (a large one is not copied)
        boolean join = body != null && body.length <= PipelineCork.JOIN_LIMIT;
        byte[] head = connection.responseHead(this, request, join ? body : null);
        if (body != null && !(join && !chunked)) {
            connection.writeAll(head, framed(body));
        } else {
            connection.write(head);
        }
        if (body != null) {
            bodyBytes += body.length;
        }
        connection.drain();
    }

    /** Sends what the handler did not: the head if not prepared, then the end of the body. */
    void send(Request request) throws IOException {
        prepare(request);
        writeEof();
    }

    /** Hook for {@link Response}: fix headers from the body before the head is made. */
    void beforeHead(Request request) {
        if (contentLength < 0 && (status == 204 || status == 304 || status < 200)) {
            contentLength = 0;
        }
    }

    /** Hook for {@link Response}: a body to send with the head, or null. */
    byte[] initialBody() {
        return null;
    }

    /** Whether the body goes chunked (decided by the connection when making the head). */
    final boolean wantsChunked() {
        return chunked;
    }

    final void setChunked(boolean on) {
        chunked = on;
    }

    final boolean forcesClose() {
        return forceClose;
    }

    final boolean isHeadOnly() {
        return headOnly;
    }

    /**
     * Writes body bytes and suspends until the transport's buffer is below its high-water mark
     * (aiohttp's {@code await resp.write(data)}).
     *
     * @throws IllegalStateException if not prepared or after {@link #writeEof}
     * @throws IOException if the connection was lost
     */
    public final void write(byte[] data) throws IOException {
        if (!prepared) {
            throw new IllegalStateException("write() before prepare()");
        }
        if (eofWritten) {
            throw new IllegalStateException("write() after writeEof()");
        }
        if (data.length == 0 || headOnly) {
            return;
        }
        byte[] out = compressor == null ? data : compressor.compress(data, false);
        bodyBytes += data.length;
        if (out.length > 0) {
            connection.write(framed(out));
        }
        connection.drain();
    }

    /** Writes text as UTF-8 ({@link #write(byte[])}). */
    public final void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Ends the body (the last chunk when chunked) and suspends until it is flushed to the transport's
     * buffer. Idempotent.
     *
     * @throws IOException if the connection was lost
     */
    public final void writeEof() throws IOException {
        if (eofWritten) {
            return;
        }
        if (!prepared) {
            throw new IllegalStateException("writeEof() before prepare()");
        }
        eofWritten = true;
        if (headOnly) {
            return;
        }
        if (compressor != null) {
            byte[] tail = compressor.compress(new byte[0], true);
            if (tail.length > 0) {
                connection.write(framed(tail));
            }
        }
        if (chunked) {
            connection.write(HttpWriter.LAST_CHUNK);
        }
        connection.drain();
    }

    final boolean eofWritten() {
        return eofWritten;
    }

    /**
     * Sends {@code count} body bytes of {@code file} from {@code offset} with core's
     * {@code loop.sendfile} (zero copy on a plain TCP connection, read-and-write on TLS), when the
     * body is neither compressed nor chunked; returns false without sending anything otherwise.
     * Suspends until the bytes are handed to the socket.
     *
     * @throws IOException if the file ends before {@code count} bytes, or the connection is lost
     */
    final boolean sendfile(FileChannel file, long offset, long count) throws IOException {
        if (!prepared || eofWritten) {
            throw new IllegalStateException("sendfile() outside prepare() .. writeEof()");
        }
        if (headOnly) {
            return true;
        }
        if (compressor != null || chunked) {
            return false;
        }
        connection.flushGathered(); // gathered pipelined responses go before the file
        long sent = Asyncio.getRunningLoop().sendfile(connection.transport(), file, offset, count);
        bodyBytes += sent;
        if (sent < count) {
            throw new IOException("the file shrank while being sent: " + sent + " of " + count + " bytes");
        }
        return true;
    }

    private byte[] framed(byte[] data) {
        if (!chunked) {
            return data;
        }
        byte[] size = HttpWriter.chunkHeader(data.length);
        byte[] out = new byte[size.length + data.length + 2];
        System.arraycopy(size, 0, out, 0, size.length);
        System.arraycopy(data, 0, out, size.length, data.length);
        out[out.length - 2] = '\r';
        out[out.length - 1] = '\n';
        return out;
    }

    /** Whether compression was asked for; Response compresses its whole body itself, then turns it off. */
    final boolean compressionEnabled() {
        return compression;
    }

    final void compressionDone() {
        compression = false;
    }

    final void checkNotPrepared() {
        if (prepared) {
            throw new IllegalStateException("the response is prepared: its head was sent");
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + " " + status + " " + reason;
    }
}
