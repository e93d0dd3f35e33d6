package io.jasyncio.client;

import io.jasyncio.Asyncio;
import io.jasyncio.TimeoutError;
import io.jasyncio.streams.IncompleteReadError;
import io.jasyncio.streams.LimitOverrunError;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The body of a {@link ClientResponse} as a stream: aiohttp's {@code resp.content}, a
 * {@code StreamReader}. Reads suspend until bytes arrive; the body is never held whole.
 *
 * <pre>{@code
 * for (byte[] chunk : resp.content().iterChunked(64 * 1024)) { out.write(chunk); }
 * }</pre>
 *
 * <p>Pull-driven back-pressure: bytes are taken from the socket only when a read needs them, so a
 * slow reader leaves them in the kernel and the server's writes stall (TCP flow control); at most
 * one socket read (64 KiB, decompressed) is buffered here. gzip and deflate are undone as the
 * bytes arrive. The connection goes back to the pool as soon as the whole body has arrived
 * (aiohttp releases on the payload's EOF), even before it is read; a body cut short, malformed or
 * timed out closes it and every later read throws that error ({@link ClientPayloadError},
 * {@link TimeoutError}). A cancelled read loses nothing: the bytes stay for the next read.
 *
 * <p>Loop-confined; one task reads at a time. Iterating the content itself gives lines, as
 * {@code async for line in resp.content} does.
 */
public final class ResponseContent implements Iterable<byte[]> {
    /** aiohttp's read buffer high-water mark: the longest line {@link #readline()} accepts. */
    public static final int LINE_LIMIT = 1 << 16;
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] NEWLINE = {'\n'};

    private final Pool pool;
    private Connection connection;
    private final BodyDecoder decoder;
    private String what = "";
    private double deadline = ClientTimeout.NONE;
    private double sockRead = ClientTimeout.NONE;
    private byte[] buf = new byte[1024];
    private int head;
    private int tail;
    private boolean eof;
    private IOException error;
    private RuntimeException timeout;
    private long totalBytes;
    private boolean decoderChecked;

    ResponseContent(Pool pool, Connection connection, BodyDecoder decoder) {
        this.pool = pool;
        this.connection = connection;
        this.decoder = decoder;
    }

    /** Binds the request's limits once the response exists; releases at once a body already whole. */
    void start(String what, double deadline, double sockRead) {
        this.what = what;
        this.deadline = deadline;
        this.sockRead = sockRead;
        releaseIfComplete();
    }

    // ----- the connection's side (parser callbacks) -----

    void feed(ByteBuffer data) {
        if (error != null) {
            return;
        }
        totalBytes += data.remaining();
        if (decoder == null) {
            append(data);
            return;
        }
        try {
            decoder.feed(data);
        } catch (ClientPayloadError e) {
            error = e;
        }
    }

    void feedEof() {
        eof = true;
    }

    /** Inflates the next piece of a compressed body; at its end, checks the stream was whole. */
    private void decodeSome() {
        if (decoder == null || error != null) {
            return;
        }
        try {
            append(ByteBuffer.wrap(decoder.inflateSome(Connection.READ_SIZE)));
            if (eof && !decoder.hasPending() && !decoderChecked) {
                decoderChecked = true;
                decoder.finish();
            }
        } catch (ClientPayloadError e) {
            error = e;
        }
    }

    /** Whether the whole body has arrived and been decoded (nothing more will be buffered). */
    private boolean ended() {
        return eof && (decoder == null || !decoder.hasPending());
    }

    private void append(ByteBuffer data) {
        int n = data.remaining();
        if (tail + n > buf.length) {
            int size = tail - head;
            byte[] to = size + n <= buf.length ? buf : new byte[Math.max(buf.length * 2, size + n)];
            System.arraycopy(buf, head, to, 0, size);
            buf = to;
            head = 0;
            tail = size;
        }
        data.get(buf, tail, n);
        tail += n;
    }

    // ----- reading -----

    /** How many bytes are buffered (decoded), readable without suspending. */
    public int buffered() {
        return tail - head;
    }

    /** Whether the whole body has arrived and been read. */
    public boolean atEof() {
        return ended() && head == tail;
    }

    /** The body bytes received so far, as sent (before decompression): aiohttp's {@code total_bytes}. */
    public long totalBytes() {
        return totalBytes;
    }

    /** The error that ended the body (cut short, malformed, timed out), or null. */
    public Throwable exception() {
        return error != null ? error : timeout;
    }

    /**
     * Up to {@code n} bytes, suspending until at least one arrives; everything up to the end when
     * {@code n} is negative. An empty array means the body is over.
     *
     * @throws ClientPayloadError if the body is cut short or malformed
     * @throws TimeoutError if the request's sock_read or total limit passes
     * @throws io.jasyncio.CancelledError if the task is cancelled (nothing is lost)
     */
    public byte[] read(int n) throws IOException {
        if (n < 0) {
            return read();
        }
        if (n == 0 || !fill()) {
            throwIfFailed();
            return EMPTY;
        }
        return take(Math.min(n, buffered()));
    }

    /** The rest of the body, suspending until it has all arrived. */
    public byte[] read() throws IOException {
        while (fillMore()) {
            // gathers the rest in the buffer: one copy out at the end
        }
        return take(buffered());
    }

    /** What is buffered, or the next bytes to arrive: aiohttp's {@code readany()}. Empty at the end. */
    public byte[] readany() throws IOException {
        return fill() ? take(buffered()) : EMPTY;
    }

    /**
     * Exactly {@code n} bytes.
     *
     * @throws IncompleteReadError if the body ends first (with the bytes that came)
     */
    public byte[] readexactly(int n) throws IOException {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        while (buffered() < n) {
            if (!fillMore()) {
                byte[] partial = take(buffered());
                throw new IncompleteReadError(partial, n);
            }
        }
        return take(n);
    }

    /** The next line, with its {@code \n}; at the end, what is left (maybe empty), as aiohttp. */
    public byte[] readline() throws IOException {
        return readuntil(NEWLINE);
    }

    /**
     * Bytes up to and including {@code separator}; at the end of the body, what is left.
     *
     * @throws LimitOverrunError if no separator comes within {@link #LINE_LIMIT} bytes
     */
    public byte[] readuntil(byte[] separator) throws IOException {
        if (separator == null || separator.length == 0) {
            throw new IllegalArgumentException("separator must not be empty");
        }
        int from = head;
        while (true) {
            int at = indexOf(separator, from);
            if (at >= 0) {
                return take(at + separator.length - head);
            }
            if (buffered() > LINE_LIMIT) {
                throw new LimitOverrunError("Chunk too big: no separator within " + LINE_LIMIT + " bytes", buffered());
            }
            int searched = tail - head;
            if (!fillMore()) {
                return take(buffered());
            }
            from = head + Math.max(0, searched - separator.length + 1);
        }
    }

    /** Chunks of at most {@code n} bytes until the end: aiohttp's {@code iter_chunked(n)}. {@code hasNext()} suspends. */
    public Iterable<byte[]> iterChunked(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be > 0, got " + n);
        }
        return () -> new Chunks(() -> read(n));
    }

    /** Whatever arrives, as it arrives: aiohttp's {@code iter_any()}. {@code hasNext()} suspends. */
    public Iterable<byte[]> iterAny() {
        return () -> new Chunks(this::readany);
    }

    /** The lines of the body ({@code async for line in resp.content}); {@code hasNext()} suspends. */
    @Override
    public Iterator<byte[]> iterator() {
        return new Chunks(this::readline);
    }

    private interface Next {
        byte[] get() throws IOException;
    }

    /** An iterator over reads that end with an empty array; I/O errors surface as UncheckedIOException. */
    private static final class Chunks implements Iterator<byte[]> {
        private final Next next;
        private byte[] ahead;
        private boolean done;

        Chunks(Next next) {
            this.next = next;
        }

        @Override
        public boolean hasNext() {
            if (ahead == null && !done) {
                try {
                    byte[] b = next.get();
                    if (b.length == 0) {
                        done = true;
                    } else {
                        ahead = b;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return ahead != null;
        }

        @Override
        public byte[] next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            byte[] b = ahead;
            ahead = null;
            return b;
        }
    }

    private int indexOf(byte[] sep, int from) {
        outer:
        for (int i = Math.max(from, head); i <= tail - sep.length; i++) {
            for (int j = 0; j < sep.length; j++) {
                if (buf[i + j] != sep[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private byte[] take(int n) {
        byte[] out = Arrays.copyOfRange(buf, head, head + n);
        head += n;
        if (head == tail) {
            head = 0;
            tail = 0;
        }
        return out;
    }

    /** Suspends until something is buffered; false at the end of the body. */
    private boolean fill() throws IOException {
        while (buffered() == 0) {
            if (!fillMore()) {
                return false;
            }
        }
        return true;
    }

    /** Reads from the connection once more; false when the body is over (nothing more will come). */
    private boolean fillMore() throws IOException {
        throwIfFailed();
        if (decoder != null && (decoder.hasPending() || eof && !decoderChecked)) {
            decodeSome();
            throwIfFailed();
            return true;
        }
        if (ended()) {
            return false;
        }
        Connection c = connection;
        if (c == null) {
            throw new ClientError("the connection of this response was released before its body was read (" + what + ")");
        }
        try {
            pumpWithinDeadline(c);
        } catch (IOException e) {
            error = e;
            release(false);
            throw e;
        } catch (TimeoutError e) {
            timeout = e;
            release(false);
            throw e;
        }
        decodeSome();
        if (error != null) {
            release(false);
            throw error;
        }
        releaseIfComplete();
        return true;
    }

    private void pumpWithinDeadline(Connection c) throws IOException {
        if (deadline == ClientTimeout.NONE) {
            c.pump(sockRead, what);
            return;
        }
        double left = deadline - Asyncio.getRunningLoop().time();
        try {
            Asyncio.timeout(Math.max(left, 1e-9), () -> c.pump(sockRead, what));
        } catch (TimeoutError e) {
            if (e.getMessage() != null) {
                throw e;
            }
            throw new TimeoutError("total timeout: the body of " + what + " did not arrive in time");
        }
    }

    private void throwIfFailed() throws IOException {
        if (error != null) {
            throw error;
        }
        if (timeout != null) {
            throw timeout;
        }
    }

    private void releaseIfComplete() {
        if (eof && connection != null) {
            release(error == null);
        }
    }

    /** Hands the connection (and its pool slot) to a new owner after a 101: the WebSocket client. */
    Connection detach() {
        Connection c = connection;
        connection = null;
        return c;
    }

    /** Whether the connection is still held by this body (it has not ended, failed or been released). */
    boolean holdsConnection() {
        return connection != null;
    }

    /**
     * Gives the connection back: to the pool when {@code clean} and the exchange left it reusable,
     * else closed. Idempotent.
     */
    void release(boolean clean) {
        Connection c = connection;
        if (c != null) {
            connection = null;
            if (decoder != null && !(clean && eof)) {
                decoder.close(); // a body left unread (a clean, whole one is inflated later, then freed)
            }
            pool.release(c, clean && c.reusable());
        }
    }
}
