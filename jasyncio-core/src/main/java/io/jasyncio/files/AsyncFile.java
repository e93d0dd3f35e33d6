package io.jasyncio.files;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.internal.LoopHooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * An open file whose blocking calls run on worker threads while the loop goes on: aiofiles'
 * {@code async with aiofiles.open(path, mode) as f}. Loop-confined: use it from the tasks of the
 * loop that opened it; closing that loop closes the file (writing what it had accepted).
 *
 * <p>Modes are Python's: one of {@code r w a x}, optionally {@code +}, and {@code b} for binary
 * ({@code t}, text, is the default). Text methods ({@link #read()}, {@link #readline()},
 * {@link #write(String)}, iteration) need a text mode and binary ones ({@link #readBytes()},
 * {@link #write(byte[])}) a binary mode, as Python's {@code TypeError} enforces.
 *
 * <p>Reads are read ahead in chunks that start at the buffer size (64 KiB by default) and grow to
 * 1 MiB while the file is read on; a read-only file keeps two fetches on their way while the
 * current chunk is consumed. So {@code for (String line : file)} takes a thread hop per chunk, not
 * per line, and {@link #readInto(byte[])} (Python's {@code readinto}) reads in bulk with a hop per
 * MiB and no allocation. Writes are buffered (the buffer grows the same way) and handed to a
 * worker without waiting when the buffer fills, on {@link #flush()} and on {@link #close()}; two
 * may be in transit while the next fills, written in order. Methods that may suspend say so;
 * each throws the JDK's exception ({@code NoSuchFileException}, {@code AccessDeniedException},
 * {@code MalformedInputException} for undecodable text...) from the awaiting call, and
 * {@code CancelledError} if the task is cancelled. A cancelled call never moves the position:
 * a read that lands after its caller was cancelled stays read ahead; a write accepted by
 * {@link #write} is written even if a later call is cancelled.
 *
 * <p>Differences from Python: text mode ends lines at {@code '\n'} only and translates no
 * newlines (Python's {@code newline='\n'}); it needs an encoding in which {@code '\n'} is the
 * single byte 0x0A (UTF-8, ASCII, the ISO-8859 family...; UTF-16 is refused: read such a file
 * in binary and decode it). {@link #tell()} is a byte offset in both modes. {@link #read(int)}
 * counts UTF-16 chars.
 */
public final class AsyncFile implements Iterable<String>, AutoCloseable {
    /** The default buffer size: the first read-ahead chunk and write buffer (both grow to 1 MiB in bulk use). */
    public static final int DEFAULT_BUFFER_SIZE = 64 * 1024;
    /** Buffers in transit at most while the next one fills: a worker writes one, the next waits. */
    private static final int WRITE_DEPTH = 2;

    private final EventLoop loop;
    private final BlockingFile file;
    private final OpenMode mode;
    private final Charset charset;
    private final TextCodec codec;
    private final int chunk;
    private final int maxWrite;
    private final ReadAhead in;
    private final AutoCloseable closeWithLoop = this::closeWithLoop;
    private byte[] out;
    private int outLen;
    /** The writes in transit, oldest first: when each is written, and its buffer (free again then). */
    private final java.util.ArrayDeque<Future<Long>> writes = new java.util.ArrayDeque<>(WRITE_DEPTH);
    private final java.util.ArrayDeque<byte[]> writeBuffers = new java.util.ArrayDeque<>(WRITE_DEPTH);
    private byte[] outSpare;
    private long pos;
    private Future<?> inFlight;
    /** The fetches on their way, by sequence number modulo {@link ReadAhead#DEPTH}. */
    private final Future<?>[] fetches = new Future<?>[ReadAhead.DEPTH];
    private Throwable deferred;
    private boolean closed;

    private record Opened(BlockingFile file, long position) {}

    private AsyncFile(EventLoop loop, Opened opened, OpenMode mode, Charset charset, int chunk) {
        this.loop = loop;
        this.file = opened.file;
        this.pos = opened.position;
        this.mode = mode;
        this.charset = charset;
        this.codec = charset == null ? null : new TextCodec(charset);
        this.chunk = chunk;
        this.maxWrite = Math.max(chunk, ReadAhead.MAX_FETCH);
        this.in = new ReadAhead(chunk);
        this.out = new byte[mode.writable() ? chunk : 0];
    }

    /**
     * Opens {@code path} in text mode with UTF-8 or in binary mode ({@code "rb"}, {@code "wb"}...).
     * Suspends while the file is opened.
     *
     * @throws java.nio.file.NoSuchFileException if the file does not exist (modes {@code r}, {@code r+})
     * @throws java.nio.file.FileAlreadyExistsException if it exists (mode {@code x})
     * @throws java.nio.file.FileSystemException "Is a directory" for a directory
     * @throws IllegalArgumentException for a mode Python would refuse
     * @throws CancelledError if the task is cancelled (a file opened meanwhile is closed)
     */
    public static AsyncFile open(Path path, String mode) throws IOException {
        return open(path, mode, null, DEFAULT_BUFFER_SIZE);
    }

    /** {@link #open(Path, String)} for a path string. */
    public static AsyncFile open(String path, String mode) throws IOException {
        return open(Path.of(requireArg(path, "path")), mode);
    }

    /**
     * {@link #open(Path, String)} in text mode with {@code encoding} (null: UTF-8) and a buffer of
     * {@code bufferSize} bytes (Python's {@code buffering}).
     *
     * @throws IllegalArgumentException if an encoding is given in binary mode, if the encoding
     *     does not write {@code '\n'} as the byte 0x0A, or if {@code bufferSize < 1}
     */
    public static AsyncFile open(Path path, String mode, Charset encoding, int bufferSize) throws IOException {
        requireArg(path, "path");
        OpenMode m = OpenMode.parse(mode);
        if (bufferSize < 1) {
            throw new IllegalArgumentException("bufferSize must be >= 1: " + bufferSize);
        }
        if (m.binary() && encoding != null) {
            throw new IllegalArgumentException("binary mode doesn't take an encoding argument");
        }
        Charset cs = m.binary() ? null : encoding != null ? encoding : StandardCharsets.UTF_8;
        TextCodec.check(cs);
        return open(m, cs, bufferSize, () -> BlockingFile.open(path, m));
    }

    /**
     * Opens a file made by {@code opener} on a worker. A task cancelled meanwhile gets
     * CancelledError, and the file opened anyway is closed (and deleted, for a temporary one).
     */
    static AsyncFile open(OpenMode m, Charset cs, int bufferSize, Callable<BlockingFile> opener) throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        Future<Opened> op = FileWorker.submit(loop, () -> {
            BlockingFile f = opener.call();
            return new Opened(f, m.append() ? f.size() : 0);
        }, opened -> { });
        Opened opened;
        try {
            opened = FileWorker.await(op);
        } catch (CancelledError e) {
            op.addDoneCallback(f -> {
                if (f.exception() == null) {
                    FileWorker.EXECUTOR.execute(() -> closeQuietly(f.result().file));
                }
            });
            throw e;
        }
        AsyncFile af = new AsyncFile(loop, opened, m, cs, bufferSize);
        LoopHooks.closeWithLoop(loop, af.closeWithLoop);
        return af;
    }

    private static void closeQuietly(BlockingFile f) {
        try {
            f.closeWriting(null, 0, 0);
        } catch (IOException ignored) {
            // nothing was written to it: the open was abandoned
        }
    }

    private static <T> T requireArg(T value, String name) {
        if (value == null) {
            throw new NullPointerException(name);
        }
        return value;
    }

    // ----- reading -----

    /**
     * Reads the rest of the file as text. Suspends.
     *
     * @throws java.nio.charset.MalformedInputException if the bytes are not valid in the encoding
     */
    public String read() throws IOException {
        beginRead(false);
        return codec.decodeStrict(readAll());
    }

    /** Reads up to {@code n} chars of text ({@code n < 0}: the rest); fewer only at end of file. Suspends. */
    public String read(int n) throws IOException {
        if (n < 0) {
            return read();
        }
        beginRead(false);
        codec.reset();
        CharBuffer chars = CharBuffer.allocate(Math.max(n, 2));
        chars.limit(n);
        while (chars.hasRemaining()) {
            ByteBuffer bytes = ByteBuffer.wrap(in.buf, in.start, in.available());
            CoderResult r = codec.decodeSome(bytes, chars, in.eof);
            consumed(bytes.position() - in.start);
            if (r.isError()) {
                r.throwException();
            }
            if (r.isOverflow() && chars.position() == 0) {
                chars.limit(2); // a surrogate pair does not fit in one char: return it whole
            } else if (in.eof && r.isUnderflow()) {
                break;
            } else if (r.isUnderflow()) {
                fill(in.available() + 1);
            }
        }
        return chars.flip().toString();
    }

    /** Reads one line of text, with its {@code '\n'}; "" at end of file. Suspends. */
    public String readline() throws IOException {
        beginRead(false);
        int n = lineLength();
        String line = codec.decode(in.buf, in.start, n);
        consumed(n);
        return line;
    }

    /** Reads the remaining lines of text, each with its {@code '\n'}. Suspends. */
    public List<String> readlines() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line = readline(); !line.isEmpty(); line = readline()) {
            lines.add(line);
        }
        return lines;
    }

    /** Reads the rest of a binary file. Suspends. */
    public byte[] readBytes() throws IOException {
        beginRead(true);
        return readAll();
    }

    /** Reads up to {@code n} bytes ({@code n < 0}: the rest); fewer only at end of file. Suspends. */
    public byte[] readBytes(int n) throws IOException {
        if (n < 0) {
            return readBytes();
        }
        beginRead(true);
        byte[] got = new byte[Math.min(n, Math.max(in.available(), chunk))];
        int done = 0;
        try {
            while (done < n) {
                if (in.available() == 0 && !fillSome()) {
                    break;
                }
                if (done == got.length) {
                    got = Arrays.copyOf(got, (int) Math.min(n, 2L * got.length));
                }
                int k = Math.min(got.length - done, in.available());
                System.arraycopy(in.buf, in.start, got, done, k);
                done += k;
                consumed(k);
            }
        } catch (CancelledError e) {
            unread(got, 0, done);
            throw e;
        }
        return done == got.length ? got : Arrays.copyOf(got, done);
    }

    /**
     * Reads up to {@code len} bytes of a binary file into {@code b[off, off + len)}, Python's
     * {@code readinto}: it fills them all unless the file ends first, and returns how many it
     * read, 0 at end of file. No array is allocated: a bulk reader that reuses its buffer copies
     * each byte once on the loop. Suspends while bytes are read ahead.
     *
     * @throws IndexOutOfBoundsException if {@code off} and {@code len} do not fit {@code b}
     * @throws CancelledError if the task is cancelled; the position is then unchanged
     */
    public int readInto(byte[] b, int off, int len) throws IOException {
        requireArg(b, "b");
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        beginRead(true);
        int done = 0;
        try {
            while (done < len) {
                if (in.available() == 0 && !fillSome()) {
                    break;
                }
                int k = Math.min(len - done, in.available());
                System.arraycopy(in.buf, in.start, b, off + done, k);
                done += k;
                consumed(k);
            }
        } catch (CancelledError e) {
            unread(b, off, done);
            throw e;
        }
        return done;
    }

    /** {@link #readInto(byte[], int, int)} into the whole array. */
    public int readInto(byte[] b) throws IOException {
        return readInto(requireArg(b, "b"), 0, b.length);
    }

    /**
     * {@link #readInto(byte[], int, int)} into {@code dst}'s remaining bytes; its position moves
     * past those read. Suspends.
     */
    public int readInto(ByteBuffer dst) throws IOException {
        requireArg(dst, "dst");
        if (dst.isReadOnly()) {
            throw new java.nio.ReadOnlyBufferException();
        }
        if (dst.hasArray()) {
            int n = readInto(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
            dst.position(dst.position() + n);
            return n;
        }
        beginRead(true);
        int first = dst.position();
        try {
            while (dst.hasRemaining()) {
                if (in.available() == 0 && !fillSome()) {
                    break;
                }
                int k = Math.min(dst.remaining(), in.available());
                dst.put(in.buf, in.start, k);
                consumed(k);
            }
        } catch (CancelledError e) {
            byte[] back = new byte[dst.position() - first];
            dst.get(first, back);
            dst.position(first);
            unread(back, 0, back.length);
            throw e;
        }
        return dst.position() - first;
    }

    /** Reads one line of a binary file, with its {@code '\n'}; empty at end of file. Suspends. */
    public byte[] readlineBytes() throws IOException {
        beginRead(true);
        return take(lineLength());
    }

    /**
     * The lines of a text file, read as the loop goes: {@code for (String line : file)}, aiofiles'
     * {@code async for line in f}. {@code hasNext()} suspends while a chunk is read; read errors
     * arrive as {@link UncheckedIOException}.
     */
    @Override
    public Iterator<String> iterator() {
        checkText(true);
        return new Iterator<>() {
            private String next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    try {
                        String line = readline();
                        next = line.isEmpty() ? null : line;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return next != null;
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("end of " + file.path());
                }
                String line = next;
                next = null;
                return line;
            }
        };
    }

    /** The byte length of the next line (with its newline), reading ahead until it is whole. */
    private int lineLength() throws IOException {
        int from = 0;
        while (true) {
            int nl = in.indexOfNewline(from);
            if (nl >= 0) {
                return nl + 1;
            }
            from = in.available();
            if (in.eof) {
                return from;
            }
            fill(from + 1);
        }
    }

    private void beginRead(boolean binary) throws IOException {
        checkOpen();
        checkText(!binary);
        if (!mode.readable()) {
            throw new IllegalStateException("File not open for reading: mode '" + mode.text() + "'");
        }
        if (outLen > 0) {
            flushBuffer();
        }
        if (in.available() == 0) {
            in.lookAgain(); // the file may have grown: look again, as Python's reads do
        }
    }

    /** Reads ahead until {@code want} contiguous bytes are buffered or the end of the file is reached. Suspends. */
    private void fill(int want) throws IOException {
        while (in.available() < want && !in.eof) {
            if (in.hasLanded()) {
                in.promote();
                continue;
            }
            if (in.outstanding() > 0) {
                Future<?> next = fetches[in.promoteSeq() % ReadAhead.DEPTH];
                if (!next.done()) {
                    FileWorker.settle(next); // the next bytes are on their way
                    continue;
                }
                in.dropAhead(); // done without landing: it failed (the fetches after it are dropped too)
                throw io.jasyncio.internal.Sneaky.raise(next.exception());
            }
            if (inFlight != null && !inFlight.done()) {
                FileWorker.settle(inFlight); // a write first
                continue;
            }
            fetch(want - in.available());
        }
        prefetch();
    }

    /** Makes at least one byte available unless the file has ended; false at its end. Suspends. */
    private boolean fillSome() throws IOException {
        fill(1);
        return in.available() > 0;
    }

    /**
     * A read-only file keeps up to {@link ReadAhead#DEPTH} fetches on their way while the current
     * bytes are consumed, so a worker reads the next chunk while the loop hands out this one.
     */
    private void prefetch() {
        while (mode.readOnly() && in.wantsFetch()) {
            fetch(0);
        }
    }

    /**
     * Starts a fetch of at least {@code atLeast} bytes after those already on their way; it lands
     * in the read-ahead on the loop even if the reader that wanted it was cancelled.
     */
    private void fetch(int atLeast) {
        long at = pos + in.available() + in.bytesOnTheirWay();
        ReadAhead.Fetch f = in.beginFetch(atLeast);
        Future<Integer> op = FileWorker.submit(loop, () -> file.readInto(f.into(), f.off(), f.len(), at), n -> in.land(f, n));
        op.addDoneCallback(x -> x.exception()); // a failure is raised to the reader that reaches this fetch
        fetches[f.seq() % ReadAhead.DEPTH] = op;
        inFlight = op;
    }

    /** Gives back the bytes a cancelled read had consumed: its caller never saw them. */
    private void unread(byte[] b, int off, int n) {
        if (n > 0) {
            in.unread(b, off, n);
            pos -= n;
        }
    }

    private byte[] take(int n) {
        byte[] data = in.take(n);
        pos += n;
        prefetch();
        return data;
    }

    private void consumed(int n) {
        in.skip(n);
        pos += n;
        prefetch();
    }

    /** The rest of the file: what is read ahead plus one worker call for the remainder. */
    private byte[] readAll() throws IOException {
        FileWorker.settle(inFlight);
        while (in.hasLanded() && !in.eof) {
            in.promote();
        }
        in.dropAhead(); // whatever is still on its way is read again below
        int have = in.available();
        long at = pos + have;
        byte[] rest = run(() -> file.readRest(at), r -> { });
        byte[] all = Arrays.copyOfRange(in.buf, in.start, in.start + have + rest.length);
        System.arraycopy(rest, 0, all, have, rest.length);
        in.clear();
        in.eof = true;
        pos += all.length;
        return all;
    }

    // ----- writing -----

    /**
     * Writes text; returns the number of chars. Suspends only when the buffer is handed to a worker.
     *
     * @throws java.nio.charset.UnmappableCharacterException if the encoding cannot write a char
     */
    public int write(String text) throws IOException {
        requireArg(text, "text");
        checkText(true);
        ByteBuffer bytes = codec.encode(text);
        put(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        return text.length();
    }

    /** Writes bytes to a binary file; returns their number. Suspends only when the buffer is handed on. */
    public int write(byte[] data) throws IOException {
        requireArg(data, "data");
        checkText(false);
        put(data, 0, data.length);
        return data.length;
    }

    /** Writes each string in turn (no newlines added, as in Python). May suspend. */
    public void writelines(Iterable<String> lines) throws IOException {
        requireArg(lines, "lines");
        for (String line : lines) {
            write(line);
        }
    }

    private void put(byte[] b, int off, int len) throws IOException {
        checkOpen();
        if (!mode.writable()) {
            throw new IllegalStateException("File not open for writing: mode '" + mode.text() + "'");
        }
        if (mode.readable()) {
            in.clear(); // the position stays where the reader was; what was read ahead is stale now
        }
        if (len <= out.length - outLen) {
            System.arraycopy(b, off, out, outLen, len);
            outLen += len;
            pos += len;
            return;
        }
        awaitPreviousWrite(); // the only suspension: a cancel here accepts none of this write
        long at = pos - outLen;
        int first = out.length - outLen;
        System.arraycopy(b, off, out, outLen, first);
        byte[] full = out;
        out = freeBuffer((int) Math.min(maxWrite, 2L * out.length)); // grows while the file is written on
        outLen = 0;
        int rest = len - first;
        if (rest <= out.length) {
            handOver(full, full.length, at, null);
            System.arraycopy(b, off + first, out, 0, rest);
            outLen = rest;
        } else {
            handOver(full, full.length, at, Arrays.copyOfRange(b, off + first, off + len)); // the caller may reuse its array at once
        }
        pos += len;
    }

    /** Hands the write buffer to a worker; suspends only while the previous write is in flight. */
    private void flushBuffer() throws IOException {
        if (outLen == 0) {
            return;
        }
        awaitPreviousWrite(); // before the buffer is swapped: a cancel here leaves it in place
        byte[] data = out;
        int len = outLen;
        out = freeBuffer(out.length);
        outLen = 0;
        handOver(data, len, pos - len, null);
    }

    /**
     * A buffer of at least {@code size} bytes for the next writes: the one of the write that last
     * completed when it is large enough (called after {@link #awaitPreviousWrite}).
     */
    private byte[] freeBuffer(int size) {
        byte[] b = outSpare;
        if (b != null && b.length >= size) {
            outSpare = null;
            return b;
        }
        return new byte[size];
    }

    /**
     * Waits until fewer than {@link #WRITE_DEPTH} buffers are in transit, so one is written while
     * another waits and the caller fills the next: a worker goes from buffer to buffer without a
     * thread hop. Written buffers are free again; a failure is raised here, as a buffered
     * writer's is by its next call.
     */
    private void awaitPreviousWrite() {
        reapWrites();
        while (writes.size() >= WRITE_DEPTH) {
            FileWorker.settle(writes.peekFirst()); // in order: the oldest lands first
            reapWrites();
        }
        if (inFlight != null && !inFlight.done() && inFlight != writes.peekLast()) {
            FileWorker.settle(inFlight); // some other operation first
        }
        checkOpen(); // raises the failure of a previous write, if any
    }

    private void reapWrites() {
        while (!writes.isEmpty() && writes.peekFirst().done()) {
            writes.poll();
            byte[] b = writeBuffers.poll();
            if (b != null && b.length <= maxWrite && (outSpare == null || b.length > outSpare.length)) {
                outSpare = b;
            }
        }
    }

    /**
     * Called after {@link #awaitPreviousWrite}; does not suspend. Queues {@code data[0, len)} at
     * {@code at}, then {@code tail} (a copy of an oversized write, or null) right after it; a
     * worker drains the queue in order.
     */
    private void handOver(byte[] data, int len, long at, byte[] tail) {
        queueWrite(data, len, at, true);
        if (tail != null) {
            queueWrite(tail, tail.length, at + len, false);
        }
    }

    private void queueWrite(byte[] data, int len, long at, boolean reusable) {
        Future<Long> landed = loop.createFuture();
        LoopHooks.holdVirtualClock(loop); // another thread calls back: a virtual clock must wait for it
        writes.add(landed);
        writeBuffers.add(reusable ? data : new byte[0]);
        inFlight = landed;
        if (file.handOver(data, len, at, outcome -> landFromWorker(landed, outcome))) {
            FileWorker.execute(file::drain);
        }
    }

    /** One buffer was written (or failed): {@code landed} completes on the loop, from the worker that wrote it. */
    private void landFromWorker(Future<Long> landed, Object outcome) {
        try {
            loop.callSoonThreadsafe(() -> {
                LoopHooks.releaseVirtualClock(loop);
                if (outcome instanceof Throwable t) {
                    deferred = t; // the next call raises it
                    landed.setException(t);
                    landed.exception(); // retrieved: deferred reports it
                } else {
                    if (mode.append()) {
                        pos = (Long) outcome + outLen; // appends land at the end, wherever that is now
                    }
                    landed.setResult((Long) outcome);
                }
            });
        } catch (IllegalStateException closed) {
            // The loop closed meanwhile; its close() wrote and closed the file.
        }
    }

    /** Hands buffered writes to the worker and suspends until they are written (not fsync). */
    public void flush() throws IOException {
        checkOpen();
        flushBuffer();
        FileWorker.settle(inFlight);
        checkOpen();
    }

    /**
     * Moves to {@code offset} from the start ({@code whence} 0), the current position (1) or the
     * end (2) and returns the new position. Text mode allows only offset 0 with whence 1 and 2, as
     * Python does. May suspend.
     *
     * @throws IllegalArgumentException for a negative result, a bad whence, or a text-mode relative seek
     */
    public long seek(long offset, int whence) throws IOException {
        checkOpen();
        if (whence < 0 || whence > 2) {
            throw new IllegalArgumentException("invalid whence (" + whence + ", should be 0, 1 or 2)");
        }
        if (charset != null && whence != 0 && offset != 0) {
            throw new IllegalArgumentException("can't do nonzero " + (whence == 1 ? "cur" : "end") + "-relative seeks");
        }
        flushBuffer();
        FileWorker.settle(inFlight);
        checkOpen();
        long base = whence == 0 ? 0 : whence == 1 ? pos : run(file::size, s -> { });
        long target = base + offset;
        if (target < 0) {
            throw new IllegalArgumentException("negative seek position " + target);
        }
        in.clear();
        pos = target;
        return pos;
    }

    /** {@link #seek(long, int)} from the start of the file. */
    public long seek(long offset) throws IOException {
        return seek(offset, 0);
    }

    /** The current position, in bytes from the start of the file (text mode too). */
    public long tell() {
        checkOpen();
        return pos;
    }

    /**
     * Cuts the file to {@code size} bytes; the position does not move. Unlike Python, a size beyond
     * the end does not extend the file. Suspends.
     */
    public long truncate(long size) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("negative size value " + size);
        }
        checkOpen();
        if (!mode.writable()) {
            throw new IllegalStateException("File not open for writing: mode '" + mode.text() + "'");
        }
        flush();
        in.clear();
        run(() -> {
            file.truncate(size);
            return null;
        }, v -> { });
        return size;
    }

    /** {@link #truncate(long)} at the current position. */
    public long truncate() throws IOException {
        return truncate(tell());
    }

    // ----- closing and the rest -----

    /**
     * Writes what is buffered and closes the file; idempotent. Suspends. If the task is cancelled
     * meanwhile, the file is still written and closed, in the background.
     *
     * @throws IOException if the last writes fail, or one whose caller was cancelled had failed
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        long at = pos - outLen;
        if (outLen > 0) {
            file.handOver(out, outLen, at, null); // from now on it is written even if the loop closes first
            outLen = 0;
        }
        Future<?> prev = inFlight;
        if (prev != null && !prev.done()) {
            try {
                FileWorker.settle(prev);
            } catch (CancelledError e) {
                prev.addDoneCallback(f -> closeInBackground());
                throw e;
            }
        }
        FileWorker.await(closeOp());
        Throwable d = deferred;
        if (d != null) {
            deferred = null;
            throw io.jasyncio.internal.Sneaky.raise(d);
        }
    }

    private Future<Void> closeOp() {
        return FileWorker.submit(loop, () -> {
            file.closeWriting(null, 0, 0);
            return null;
        }, v -> LoopHooks.forgetAtClose(loop, closeWithLoop));
    }

    private void closeInBackground() {
        closeOp().addDoneCallback(f -> {
            if (f.exception() != null) {
                loop.callExceptionHandler(Map.of("message", "Error closing " + this + " after its close() was cancelled",
                        "exception", f.exception()));
            }
        });
    }

    /** At loop close, on the closing thread: write everything accepted, then close. */
    private void closeWithLoop() throws IOException {
        closed = true;
        int len = outLen;
        outLen = 0;
        file.closeWriting(out, len, pos - len);
    }

    /** Whether {@link #close()} was called (or the loop closed the file). */
    public boolean closed() {
        return closed;
    }

    /** The path the file was opened with: Python's {@code name}. */
    public Path name() {
        return file.path();
    }

    /** The mode string the file was opened with. */
    public String mode() {
        return mode.text();
    }

    /** The text encoding, or null in binary mode. */
    public Charset encoding() {
        return charset;
    }

    /**
     * Copies {@code count} bytes of {@code source} from {@code offset} to this file's position, in
     * the kernel when it can; the position moves past them when the copy lands (even if the caller
     * was cancelled). Suspends.
     */
    long copyFrom(AsyncFile source, long offset, long count) throws IOException {
        source.checkOpen();
        source.flushBuffer();
        FileWorker.settle(source.inFlight);
        checkOpen();
        if (!mode.writable()) {
            throw new IllegalStateException("File not open for writing: mode '" + mode.text() + "'");
        }
        flushBuffer();
        FileWorker.settle(inFlight);
        in.clear();
        long at = pos;
        return run(() -> source.file.copyTo(offset, count, file, at), n -> pos = mode.append() ? pos : at + n);
    }

    private <T> T run(Callable<T> io, Consumer<T> apply) throws IOException {
        Future<T> op = FileWorker.submit(loop, io, apply);
        inFlight = op;
        try {
            return FileWorker.await(op);
        } catch (CancelledError e) {
            op.addDoneCallback(f -> {
                if (f.exception() != null) {
                    deferred = f.exception(); // the next call reports it
                }
            });
            throw e;
        }
    }

    private void checkOpen() {
        if (!LoopHooks.inLoop(loop)) {
            throw new IllegalStateException(this + " belongs to another event loop (or none is running)");
        }
        if (closed) {
            throw new IllegalStateException("I/O operation on closed file " + file.path());
        }
        Throwable d = deferred;
        if (d != null) {
            deferred = null;
            throw io.jasyncio.internal.Sneaky.raise(d);
        }
    }

    private void checkText(boolean text) {
        if (text && charset == null) {
            throw new IllegalStateException("file opened in binary mode '" + mode.text() + "': use readBytes/write(byte[])");
        }
        if (!text && charset != null) {
            throw new IllegalStateException("file opened in text mode '" + mode.text() + "': use read/write(String)");
        }
    }

    @Override
    public String toString() {
        return "<AsyncFile name='" + file.path() + "' mode='" + mode.text() + "'" + (closed ? " closed" : "") + ">";
    }
}
