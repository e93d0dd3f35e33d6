package io.jasyncio.client;

import io.jasyncio.Asyncio;
import io.jasyncio.TimeoutError;
import io.jasyncio.http.BadHttpMessage;
import io.jasyncio.http.Headers;
import io.jasyncio.http.internal.h1.HttpHead;
import io.jasyncio.http.internal.h1.HttpParser;
import io.jasyncio.streams.StreamPair;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One pooled HTTP/1.1 connection of the client: a stream pair and the shared codec's response
 * parser. Loop-confined; used by one request at a time.
 */
final class Connection implements HttpParser.Listener {
    final PoolKey key;
    final StreamPair io;
    private final HttpParser parser = HttpParser.forResponses(this);
    private HttpHead head;
    private ByteArrayOutputStream body;
    private boolean complete;
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
            return; // an interim 100 Continue / 103 Early Hints: the final head follows
        }
        head = h;
        body = new ByteArrayOutputStream();
    }

    @Override
    public void onBody(ByteBuffer data) {
        if (body != null) {
            byte[] copy = new byte[data.remaining()];
            data.get(copy);
            body.writeBytes(copy);
        }
    }

    @Override
    public void onComplete(Headers trailers) {
        if (head != null) {
            complete = true;
        }
    }

    /** Writes a request (head and body) and waits for the socket to take it (back-pressure). */
    void send(byte[] requestHead, byte[] requestBody, boolean headRequest) throws IOException {
        head = null;
        body = null;
        complete = false;
        if (headRequest) {
            parser.expectNoBody();
        }
        io.writer().write(requestHead);
        if (requestBody != null && requestBody.length > 0) {
            io.writer().write(requestBody);
        }
        io.writer().drain();
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

    /** Suspends until the whole body has arrived; returns it. */
    byte[] readBody(double sockRead, String what) throws IOException {
        while (!complete) {
            if (!pump(sockRead, what)) {
                if (!complete) {
                    throw new ClientPayloadError("Response payload is not completed: the server closed the connection ("
                            + what + ")");
                }
            }
        }
        return body.toByteArray();
    }

    /** Reads once and feeds the parser; false at EOF (after telling the parser). */
    private boolean pump(double sockRead, String what) throws IOException {
        byte[] data;
        try {
            data = sockRead == ClientTimeout.NONE ? io.reader().read(65536)
                    : Asyncio.timeout(sockRead, () -> io.reader().read(65536));
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
            return false;
        }
        try {
            parser.feed(ByteBuffer.wrap(data));
            return true;
        } catch (BadHttpMessage e) {
            throw new ClientPayloadError("invalid HTTP response (" + what + "): " + e.getMessage(), e);
        }
    }

    /** Whether the connection can carry another request: its last response ended cleanly. */
    boolean reusable() {
        return complete && head != null && head.keepAlive() && !parser.midMessage() && !parser.isUpgraded()
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
