package io.jasyncio.client;

import io.jasyncio.Asyncio;
import io.jasyncio.TimeoutError;
import io.jasyncio.http.BadHttpMessage;
import io.jasyncio.http.Headers;
import io.jasyncio.http.internal.h1.HttpHead;
import io.jasyncio.http.internal.h1.HttpParser;
import io.jasyncio.streams.StreamPair;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One pooled HTTP/1.1 connection of the client: a stream pair and the shared codec's response
 * parser, whose body bytes go to the current response's {@link ResponseContent}. Loop-confined;
 * used by one request at a time.
 */
final class Connection implements HttpParser.Listener {
    /** How much one socket read takes: bounds what a streamed body buffers above the kernel. */
    static final int READ_SIZE = 64 * 1024;

    final PoolKey key;
    final StreamPair io;
    private final HttpParser parser = HttpParser.forResponses(this);
    private Pool pool;
    private boolean autoDecompress;
    private HttpHead head;
    private ResponseContent content;
    private boolean complete;
    private boolean continued;
    private boolean bodyWithheld;
    private byte[] afterUpgrade;
    /** Whether this connection served an earlier request (a stale keep-alive may have been closed). */
    boolean reused;
    double idleSince;
    boolean permitsHeld;

    Connection(PoolKey key, StreamPair io) {
        this.key = key;
        this.io = io;
    }

    @Override
    public void onHead(HttpHead h) {
        if (h.status() / 100 == 1 && h.status() != 101) {
            continued |= h.status() == 100;
            return; // an interim 100 Continue / 103 Early Hints: the final head follows
        }
        head = h;
        content = new ResponseContent(pool, this,
                autoDecompress ? BodyDecoder.forEncoding(h.headers().get("Content-Encoding")) : null);
    }

    @Override
    public void onBody(ByteBuffer data) {
        if (content != null) {
            content.feed(data);
        }
    }

    @Override
    public void onComplete(Headers trailers) {
        if (head != null) {
            complete = true;
            if (head.status() != 101) {
                content.feedEof();
            } // after a 101 the bytes are another protocol's: the WebSocket client takes the connection
        }
    }

    /** Starts an exchange: the next response's body goes to a new content bound to {@code pool}. */
    void begin(Pool pool, boolean autoDecompress, boolean headRequest) {
        this.pool = pool;
        this.autoDecompress = autoDecompress;
        head = null;
        content = null;
        complete = false;
        continued = false;
        bodyWithheld = false;
        if (headRequest) {
            parser.expectNoBody();
        }
    }

    /** Suspends until the response head has arrived; {@code sockRead}: the longest wait per read. */
    HttpHead readHead(double sockRead, String what) throws IOException {
        while (head == null) {
            if (!pump(sockRead, what)) {
                throw new ServerDisconnectedError("Server disconnected before sending a response to " + what);
            }
        }
        return head;
    }

    /**
     * After a request with {@code Expect: 100-continue}: suspends until the server's 100 Continue
     * (true: send the body) or its final answer (false: it does not want the body).
     */
    boolean awaitContinue(double sockRead, String what) throws IOException {
        while (!continued && head == null) {
            if (!pump(sockRead, what)) {
                throw new ServerDisconnectedError("Server disconnected before answering Expect: 100-continue (" + what + ")");
            }
        }
        bodyWithheld = head != null; // the head promised a body the server never got: no reuse
        return head == null;
    }

    /** The body of the response whose head {@link #readHead} returned. */
    ResponseContent content() {
        return content;
    }

    /**
     * Reads once from the socket and feeds the parser; false at EOF (after telling the parser).
     * A cancelled read leaves the socket's bytes in its reader: nothing is lost.
     */
    boolean pump(double sockRead, String what) throws IOException {
        byte[] data;
        try {
            data = sockRead == ClientTimeout.NONE ? io.reader().read(READ_SIZE)
                    : Asyncio.timeout(sockRead, () -> io.reader().read(READ_SIZE));
        } catch (TimeoutError e) {
            throw new TimeoutError("sock_read timeout: no bytes for " + sockRead + " s (" + what + ")");
        }
        if (data.length == 0) {
            try {
                parser.feedEof();
            } catch (BadHttpMessage cut) {
                if (head == null) {
                    throw new ServerDisconnectedError("Server disconnected in the middle of the response head to " + what);
                }
                throw new ClientPayloadError("Response payload is not completed: the server closed the connection ("
                        + what + ")", cut);
            }
            if (head != null && !complete) {
                throw new ClientPayloadError("Response payload is not completed: the server closed the connection ("
                        + what + ")");
            }
            return false;
        }
        ByteBuffer in = ByteBuffer.wrap(data);
        try {
            parser.feed(in);
        } catch (BadHttpMessage e) {
            throw new ClientPayloadError("invalid HTTP response (" + what + "): " + e.getMessage(), e);
        }
        if (parser.isUpgraded() && in.hasRemaining()) {
            byte[] rest = new byte[in.remaining()];
            in.get(rest);
            afterUpgrade = rest; // the first bytes of the new protocol (a WebSocket frame) came with the 101
        }
        return true;
    }

    /** The bytes that followed a 101 response in the same read (empty if none); given once. */
    byte[] takeAfterUpgrade() {
        byte[] rest = afterUpgrade == null ? new byte[0] : afterUpgrade;
        afterUpgrade = null;
        return rest;
    }

    /** Whether the connection can carry another request: its last response ended cleanly. */
    boolean reusable() {
        return complete && !bodyWithheld && head != null && head.keepAlive() && !parser.midMessage() && !parser.isUpgraded()
                && !io.writer().isClosing() && !io.reader().atEof() && io.reader().exception() == null;
    }

    /** Whether an idle connection is still open as far as this side can tell. */
    boolean stillOpen() {
        return !io.writer().isClosing() && !io.reader().atEof() && io.reader().exception() == null
                && io.reader().buffered() == 0;
    }

    void close() {
        io.writer().close();
    }
}
