package io.jasyncio.streams;

import io.jasyncio.internal.Args;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.internal.PyRepr;
import io.jasyncio.internal.Sneaky;
import io.jasyncio.internal.WaitFuture;
import io.jasyncio.transports.ServerOptions;
import io.jasyncio.transports.Transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The reading half of a stream connection: asyncio's {@code StreamReader}. A byte buffer fed by
 * the connection's protocol and read by a task; reads suspend until enough data or EOF arrives.
 *
 * <p>Loop-confined. One task at a time may wait on a reader. Back-pressure: when the buffer holds
 * more than twice the {@link #limit()}, the transport stops reading until the buffer falls to the
 * limit. A read cancelled while it waits leaves the buffered bytes in place for the next read.
 *
 * <p>For bulk data, {@link #readinto(ByteBuffer)} with a direct buffer is the zero-copy path: the
 * transport reads straight into it (a jasyncio addition; asyncio's reader has only {@code read}).
 */
public final class StreamReader {
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] NEWLINE = {'\n'};

    private final EventLoop loop;
    private final int limit;
    private byte[] buf = new byte[256];
    private int head;
    private int tail;
    /**
     * While a {@code read(n)} waits on an empty buffer: its n. Data of at most n bytes fed then is
     * received into an array of its own size, which {@code read} returns as it is (one copy per
     * chunk instead of two: no copy out of the shared buffer).
     */
    private int handOffMax;
    /** The reader's own (grown) buffer while {@code buf} is such an array not handed out yet. */
    private byte[] spare;
    /**
     * While a {@code readinto} waits on an empty buffer: the caller's buffer. The next bytes
     * received go straight into it (or the transport reads into it: {@link #receiveBuffer}), then
     * it is cleared; {@link #intoReceived} says how many landed.
     */
    private ByteBuffer intoTarget;
    private int intoReceived;
    /** Whether the buffer {@link #receiveBuffer} returned last is {@code intoTarget}. */
    private boolean lentTarget;
    private boolean eof;
    private Throwable exception;
    private Future<Void> waiter;
    private Transport transport;
    private boolean paused;

    /** A reader with the default limit (64 KiB). */
    public StreamReader(EventLoop loop) {
        Args.notNull(loop, "loop");
        this(loop, ServerOptions.DEFAULT_LIMIT);
    }

    /** A reader whose lines and separated chunks may be at most {@code limit} bytes long. */
    public StreamReader(EventLoop loop, int limit) {
        Args.notNull(loop, "loop");
        if (limit <= 0) {
            throw new IllegalArgumentException("Limit cannot be <= 0");
        }
        this.loop = loop;
        this.limit = limit;
    }

    /** The limit given at creation. */
    public int limit() {
        return limit;
    }

    /** How many bytes are buffered. */
    public int buffered() {
        return tail - head;
    }

    /** The error set by {@link #setException}, or null. */
    public Throwable exception() {
        return exception;
    }

    // ----- the protocol's side -----

    /** Sets the transport that reading pauses and resumes. */
    public void setTransport(Transport transport) {
        Args.notNull(transport, "transport");
        if (this.transport != null) {
            throw new IllegalStateException("Transport already set");
        }
        this.transport = transport;
    }

    /**
     * Before {@code StreamWriter.startTls}: returns the bytes buffered but not read, which belong
     * to the TLS stream (a ClientHello that came with the STARTTLS line, CPython gh-142352), and
     * forgets them.
     */
    ByteBuffer takeBuffered() {
        ByteBuffer rest = ByteBuffer.wrap(java.util.Arrays.copyOfRange(buf, head, tail));
        head = 0;
        tail = 0;
        paused = false;
        return rest;
    }

    /**
     * After {@code StreamWriter.startTls}: reading now pauses and resumes the TLS transport (the
     * old one would pause the socket under the TLS layer, CPython gh-152431).
     */
    void replaceTransport(Transport tls) {
        transport = tls;
    }

    /** Appends received bytes (the buffer's remaining ones) and wakes a waiting read. */
    public void feedData(ByteBuffer data) {
        Args.notNull(data, "data");
        if (eof) {
            throw new IllegalStateException("feedData after feedEof");
        }
        if (!data.hasRemaining()) {
            return;
        }
        if (intoTarget != null) {
            fillTarget(data);
            if (!data.hasRemaining()) {
                wakeWaiter();
                return;
            }
        }
        int n = data.remaining();
        if (head == tail && n <= handOffMax) {
            byte[] chunk = new byte[n];
            data.get(chunk);
            if (spare == null) {
                spare = buf;
            }
            buf = chunk;
            head = 0;
            tail = n;
        } else {
            ensureRoom(n);
            data.get(buf, tail, n);
            tail += n;
        }
        wakeWaiter();
        maybePauseTransport();
    }

    /** Copies the head of {@code data} into the waiting readinto's buffer (the reader's is empty). */
    private void fillTarget(ByteBuffer data) {
        int k = Math.min(data.remaining(), intoTarget.remaining());
        intoTarget.put(data.slice(data.position(), k));
        data.position(data.position() + k);
        intoReceived = k;
        intoTarget = null;
    }

    /**
     * Where the transport should put the next bytes it receives, asyncio's
     * {@code BufferedProtocol.get_buffer} on the reader: a waiting {@code readinto}'s own buffer
     * (a direct one is then never copied in user space); with a known {@code sizeHint} (a TLS
     * layer's decrypted bytes), room of that size in the reader's buffer, or the array a waiting
     * {@code read(n)} will return; else null: read into a scratch buffer and {@link #feedData}.
     * Follow with {@link #received}.
     */
    ByteBuffer receiveBuffer(int sizeHint) {
        if (eof) {
            throw new IllegalStateException("feedData after feedEof");
        }
        if (intoTarget != null) {
            lentTarget = true;
            return intoTarget;
        }
        if (sizeHint <= 0) {
            return null;
        }
        lentTarget = false;
        if (head == tail && sizeHint <= handOffMax) {
            if (spare == null) {
                spare = buf;
            }
            buf = new byte[sizeHint];
            head = 0;
            tail = 0;
        } else {
            ensureRoom(sizeHint);
        }
        return ByteBuffer.wrap(buf, tail, sizeHint);
    }

    /** {@code n} bytes were put into the buffer {@link #receiveBuffer} returned: wake the reader. */
    void received(int n) {
        if (n <= 0) {
            return;
        }
        if (lentTarget) {
            lentTarget = false;
            intoReceived = n;
            intoTarget = null;
        } else {
            tail += n;
        }
        wakeWaiter();
        maybePauseTransport();
    }

    private void maybePauseTransport() {
        if (transport != null && !paused && buffered() > 2 * limit) {
            transport.pauseReading();
            paused = true;
        }
    }

    /** Appends received bytes. */
    public void feedData(byte[] data) {
        Args.notNull(data, "data");
        feedData(ByteBuffer.wrap(data));
    }

    /** Marks EOF: reads return what is buffered, then nothing. */
    public void feedEof() {
        eof = true;
        wakeWaiter();
    }

    /** Makes every following read throw {@code exception} (the connection's error). */
    public void setException(Throwable exception) {
        this.exception = Args.notNull(exception, "exception");
        Future<Void> w = waiter;
        if (w != null) {
            waiter = null;
            if (!w.done()) {
                w.setException(exception);
            }
        }
    }

    /** Whether EOF was fed and the buffer is empty. */
    public boolean atEof() {
        return eof && head == tail;
    }

    private void ensureRoom(int n) {
        if (tail + n <= buf.length) {
            return;
        }
        int size = tail - head;
        byte[] target;
        if (spare != null) { // buf is a hand-off array: go back to the reader's own buffer
            target = spare.length >= size + n ? spare : new byte[Math.max(spare.length * 2, size + n)];
            spare = null;
        } else if (size + n <= buf.length / 2) {
            target = buf;
        } else {
            target = new byte[Math.max(buf.length * 2, size + n)];
        }
        System.arraycopy(buf, head, target, 0, size);
        buf = target;
        head = 0;
        tail = size;
    }

    private void wakeWaiter() {
        Future<Void> w = waiter;
        if (w != null) {
            waiter = null;
            if (!w.done()) {
                w.setResult(null);
            }
        }
    }

    private void maybeResumeTransport() {
        if (paused && buffered() <= limit) {
            paused = false;
            transport.resumeReading();
        }
    }

    /** Suspends until data or EOF is fed; only one task may wait at a time, as in asyncio. */
    private void waitForData(String op) {
        if (waiter != null) {
            throw new IllegalStateException(op + "() called while another task is already waiting for incoming data");
        }
        if (eof) {
            throw new IllegalStateException("waitForData after EOF");
        }
        if (paused) {
            // A read that finds the transport paused must not wait forever (as asyncio's _wait_for_data).
            paused = false;
            transport.resumeReading();
        }
        Future<Void> w = new WaitFuture<>(loop, this, op);
        waiter = w;
        try {
            w.await();
        } finally {
            if (waiter == w) {
                waiter = null;
            }
        }
    }

    private byte[] take(int n) {
        byte[] out;
        if (spare != null && head == 0 && n == buf.length) {
            out = buf; // the whole hand-off array: it is the caller's now, the reader never touches it again
            buf = spare;
            spare = null;
            tail = 0;
        } else {
            out = Arrays.copyOfRange(buf, head, head + n);
            head += n;
            if (head == tail) {
                head = 0;
                tail = 0;
            }
        }
        maybeResumeTransport();
        return out;
    }

    private void throwIfFailed() {
        if (exception != null) {
            throw Sneaky.raise(exception);
        }
    }

    // ----- reading -----

    /**
     * Suspends until at least one byte or EOF arrives; returns up to {@code n} bytes, or everything
     * up to EOF if {@code n} is negative. An empty array means EOF.
     *
     * @throws IOException the connection's error
     * @throws io.jasyncio.CancelledError if the task is cancelled (buffered data stays)
     */
    public byte[] read(int n) throws IOException {
        throwIfFailed();
        if (n == 0) {
            return EMPTY;
        }
        if (n < 0) {
            return read();
        }
        if (head == tail && !eof) {
            handOffMax = n;
            try {
                waitForData("read");
            } finally {
                handOffMax = 0;
            }
        }
        return take(Math.min(n, tail - head));
    }

    /**
     * Suspends until at least one byte or EOF arrives, then moves up to {@code dst.remaining()}
     * bytes into {@code dst} (from its position, which advances) and returns how many; -1 at EOF,
     * 0 only if {@code dst} has no room. The buffered-I/O twin of {@link #read(int)}: when the
     * reader's buffer is empty, the transport reads straight into {@code dst} (a direct buffer is
     * then never copied in user space), as asyncio's {@code BufferedProtocol.get_buffer} lends a
     * protocol's buffer; nothing is allocated.
     *
     * <p>Difference from Python: asyncio's StreamReader has no {@code readinto}; the name and the
     * contract are {@code io.BufferedIOBase.readinto}'s, except that EOF is -1 (Java's channel
     * convention) where Python returns 0. {@code dst} belongs to the reader until the call returns.
     *
     * @throws IllegalArgumentException if {@code dst} is read-only
     * @throws IOException the connection's error
     * @throws io.jasyncio.CancelledError if the task is cancelled (no byte is lost: bytes that
     *     already reached {@code dst} go back to the reader, and {@code dst}'s position is kept)
     */
    public int readinto(ByteBuffer dst) throws IOException {
        Args.notNull(dst, "dst");
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("dst must be writable, got a read-only buffer");
        }
        throwIfFailed();
        if (!dst.hasRemaining()) {
            return 0;
        }
        if (head == tail && !eof) {
            intoTarget = dst;
            intoReceived = 0;
            try {
                waitForData("readinto");
            } catch (Throwable t) {
                if (intoReceived > 0) {
                    putBack(dst, intoReceived); // the bytes arrived, then the task was cancelled
                }
                throw t;
            } finally {
                intoTarget = null;
            }
            int got = intoReceived;
            intoReceived = 0;
            if (got > 0) {
                return got;
            }
        }
        int k = Math.min(dst.remaining(), tail - head);
        if (k == 0) {
            return -1;
        }
        dst.put(buf, head, k);
        head += k;
        if (head == tail) {
            head = 0;
            tail = 0;
        }
        maybeResumeTransport();
        return k;
    }

    /**
     * {@link #readinto(ByteBuffer)} into {@code b[off .. off + len)}: one copy from the
     * transport's read buffer, no allocation.
     *
     * @throws IndexOutOfBoundsException if {@code off} and {@code len} do not fit {@code b}
     */
    public int readinto(byte[] b, int off, int len) throws IOException {
        Args.notNull(b, "b");
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        return readinto(ByteBuffer.wrap(b, off, len));
    }

    /** Puts the {@code n} bytes before {@code dst}'s position back in front of the buffer. */
    private void putBack(ByteBuffer dst, int n) {
        int start = dst.position() - n;
        int size = tail - head;
        byte[] merged = new byte[Math.max(buf.length, n + size)];
        dst.get(start, merged, 0, n);
        System.arraycopy(buf, head, merged, n, size);
        dst.position(start);
        buf = merged;
        spare = null;
        head = 0;
        tail = n + size;
        maybePauseTransport();
    }

    /**
     * Suspends until EOF; returns every byte until then.
     *
     * @throws IOException the connection's error
     * @throws io.jasyncio.CancelledError if the task is cancelled (buffered data stays)
     */
    public byte[] read() throws IOException {
        throwIfFailed();
        while (!eof) {
            waitForData("read");
            throwIfFailed();
        }
        return take(tail - head);
    }

    /**
     * Suspends until exactly {@code n} bytes are buffered and returns them.
     *
     * @throws IncompleteReadError if EOF comes first (it carries the partial bytes)
     * @throws IOException the connection's error
     * @throws io.jasyncio.CancelledError if the task is cancelled (buffered data stays)
     */
    public byte[] readexactly(int n) throws IOException {
        if (n < 0) {
            throw new IllegalArgumentException("readexactly size can not be less than zero");
        }
        throwIfFailed();
        while (tail - head < n) {
            if (eof) {
                throw new IncompleteReadError(take(tail - head), n);
            }
            waitForData("readexactly");
            throwIfFailed();
        }
        return take(n);
    }

    /**
     * Suspends until a {@code \n} and returns the line with it; at EOF, what is left (maybe empty).
     * A line longer than the limit is discarded (with its newline if present) and reported.
     *
     * @throws LimitOverrunError if the line is longer than the limit (asyncio raises ValueError)
     * @throws IOException the connection's error
     * @throws io.jasyncio.CancelledError if the task is cancelled (buffered data stays)
     */
    public byte[] readline() throws IOException {
        try {
            return readuntil(NEWLINE);
        } catch (IncompleteReadError e) {
            return e.partial();
        } catch (LimitOverrunError e) {
            if (startsWith(NEWLINE, head + e.consumed())) {
                head += e.consumed() + 1;
            } else {
                head = tail;
            }
            if (head == tail) {
                head = 0;
                tail = 0;
            }
            maybeResumeTransport();
            throw e;
        }
    }

    /**
     * Suspends until {@code separator} is buffered and returns the data up to and including it.
     *
     * @throws LimitOverrunError if no separator appears within the limit; the data stays buffered
     * @throws IncompleteReadError if EOF comes first (it carries everything that was buffered)
     * @throws IOException the connection's error
     * @throws io.jasyncio.CancelledError if the task is cancelled (buffered data stays)
     */
    public byte[] readuntil(byte[] separator) throws IOException {
        Args.notNull(separator, "separator");
        return readuntil(List.of(separator));
    }

    /**
     * Suspends until one of {@code separators} is buffered and returns the data up to and
     * including it: asyncio 3.13's {@code readuntil} with a tuple. Where several match, the one
     * that ends first wins (the shortest chunk).
     *
     * @throws IllegalArgumentException if the list is empty or a separator is empty
     * @throws LimitOverrunError if no separator appears within the limit; the data stays buffered
     * @throws IncompleteReadError if EOF comes first (it carries everything that was buffered)
     * @throws IOException the connection's error
     * @throws io.jasyncio.CancelledError if the task is cancelled (buffered data stays)
     */
    public byte[] readuntil(List<byte[]> separators) throws IOException {
        Args.notNull(separators, "separators");
        if (separators.isEmpty()) {
            throw new IllegalArgumentException("Separator should contain at least one element");
        }
        int minSeplen = Integer.MAX_VALUE, maxSeplen = 0;
        for (byte[] sep : separators) {
            if (sep == null) {
                throw new NullPointerException("separators must not contain null");
            }
            minSeplen = Math.min(minSeplen, sep.length);
            maxSeplen = Math.max(maxSeplen, sep.length);
        }
        if (minSeplen == 0) {
            throw new IllegalArgumentException("Separator should be at least one-byte string");
        }
        throwIfFailed();
        int offset = 0;
        int matchStart = -1, matchEnd = -1;
        while (true) {
            int size = tail - head;
            if (size - offset >= minSeplen) {
                for (byte[] sep : separators) {
                    int found = indexOf(sep, offset);
                    if (found >= 0 && (matchEnd < 0 || found + sep.length < matchEnd)) {
                        matchStart = found;
                        matchEnd = found + sep.length;
                    }
                }
                if (matchEnd >= 0) {
                    break;
                }
                offset = Math.max(0, size + 1 - maxSeplen);
                if (offset > limit) {
                    throw new LimitOverrunError("Separator is not found, and chunk exceed the limit", offset);
                }
            }
            if (eof) {
                throw new IncompleteReadError(take(size), -1);
            }
            waitForData("readuntil");
            throwIfFailed();
        }
        if (matchStart > limit) {
            throw new LimitOverrunError("Separator is found, but chunk is longer than limit", matchStart);
        }
        return take(matchEnd);
    }

    private int indexOf(byte[] sep, int from) {
        for (int i = head + from, last = tail - sep.length; i <= last; i++) {
            if (buf[i] == sep[0] && startsWith(sep, i)) {
                return i - head;
            }
        }
        return -1;
    }

    private boolean startsWith(byte[] sep, int at) {
        if (at + sep.length > tail) {
            return false;
        }
        for (int j = 0; j < sep.length; j++) {
            if (buf[at + j] != sep[j]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The lines up to EOF, as asyncio's {@code async for line in reader}: {@code hasNext()}
     * suspends until a line or EOF arrives and throws what {@link #readline()} throws (unchecked).
     */
    public Iterable<byte[]> lines() {
        return () -> new Iterator<>() {
            private byte[] next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    try {
                        next = readline();
                    } catch (IOException e) {
                        throw Sneaky.raise(e);
                    }
                }
                return next.length > 0;
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                byte[] line = next;
                next = null;
                return line;
            }
        };
    }

    /** asyncio's repr: only what is set, in its order ({@code <StreamReader 4 bytes eof limit=3>}). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<StreamReader");
        if (buffered() > 0) {
            sb.append(' ').append(buffered()).append(" bytes");
        }
        if (eof) {
            sb.append(" eof");
        }
        if (limit != ServerOptions.DEFAULT_LIMIT) {
            sb.append(" limit=").append(limit);
        }
        if (waiter != null) {
            sb.append(" waiter=").append(waiter);
        }
        if (exception != null) {
            sb.append(" exception=").append(PyRepr.of(exception));
        }
        if (transport != null) {
            sb.append(" transport=").append(transport);
        }
        if (paused) {
            sb.append(" paused");
        }
        return sb.append('>').toString();
    }
}
