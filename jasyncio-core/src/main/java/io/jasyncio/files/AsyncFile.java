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
 * <p>Reads are read ahead in chunks (the buffer size, 64 KiB by default; a read-only file
 * fetches the next chunk while the current one is consumed), so {@code for (String line : file)}
 * takes a thread hop per chunk, not per line. Writes are buffered and handed to a worker (without waiting: one write is in flight while the next buffer fills) when
 * the buffer fills, on {@link #flush()} and on {@link #close()}. Methods that may suspend say so;
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
    /** The default size of read-ahead chunks and of the write buffer. */
    public static final int DEFAULT_BUFFER_SIZE = 64 * 1024;

    private final EventLoop loop;
    private final BlockingFile file;
    private final OpenMode mode;
    private final Charset charset;
    private final TextCodec codec;
    private final int chunk;
    private final ReadAhead in = new ReadAhead();
    private final AutoCloseable closeWithLoop = this::closeWithLoop;
    private byte[] out;
    private int outLen;
    private long pos;
    private Future<?> inFlight;
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
        fill(n);
        return take(Math.min(n, in.available()));
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
            in.eof = false; // the file may have grown: look again, as Python's reads do
        }
    }

    /** Reads ahead until {@code want} bytes are buffered or the end of the file is reached. Suspends. */
    private void fill(int want) throws IOException {
        while (in.available() < want && !in.eof) {
            if (inFlight != null && !inFlight.done()) {
                FileWorker.settle(inFlight); // a read ahead already on its way
                continue;
            }
            long at = pos + in.available();
            int len = Math.max(chunk, want - in.available());
            run(() -> file.readAt(at, len), c -> landed(c, len));
        }
        prefetch();
    }

    /** A read-only file fetches its next chunk while the current one is consumed. */
    private void prefetch() {
        if (!mode.readOnly() || in.eof || in.available() >= chunk || (inFlight != null && !inFlight.done())) {
            return;
        }
        long at = pos + in.available();
        Future<byte[]> op = FileWorker.submit(loop, () -> file.readAt(at, chunk), c -> landed(c, chunk));
        op.addDoneCallback(f -> f.exception()); // a failed read ahead is retried by the next read, which reports it
        inFlight = op;
    }

    /** A chunk read ahead lands (on the loop, even if its caller was cancelled). Short means end of file. */
    private void landed(byte[] chunk, int asked) {
        in.append(chunk);
        if (chunk.length < asked) {
            in.eof = true;
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
        if (in.available() > 0 || in.eof) {
            FileWorker.settle(inFlight);
            in.clear(); // the position stays where the reader was; what was read ahead is stale now
        }
        if (outLen + len > out.length) {
            flushBuffer();
        }
        if (len >= out.length) {
            byte[] data = Arrays.copyOfRange(b, off, off + len); // the caller may reuse its array at once
            awaitPreviousWrite();
            pos += len;
            handOver(data, len);
        } else {
            System.arraycopy(b, off, out, outLen, len);
            outLen += len;
            pos += len;
        }
    }

    /** Hands the write buffer to a worker and suspends until it is written. */
    private void flushBuffer() throws IOException {
        if (outLen == 0) {
            return;
        }
        awaitPreviousWrite(); // before the buffer is swapped: a cancel here leaves it in place
        byte[] data = out;
        int len = outLen;
        out = new byte[out.length]; // the old one is the worker's until written
        outLen = 0;
        handOver(data, len);
    }

    /**
     * Hands a buffer to a worker without waiting for it to be written: the next hand-over (or
     * flush, seek, close) waits for it first, so one write is in flight while the caller fills the
     * next buffer. Once handed over it is written even if the loop closes; a failure is raised by
     * the next call, as a buffered writer's is.
     */
    private void awaitPreviousWrite() {
        FileWorker.settle(inFlight); // one write at a time, in order
        checkOpen(); // raises the failure of the previous write, if any
    }

    /** Called with nothing in flight (after {@link #awaitPreviousWrite}); does not suspend. */
    private void handOver(byte[] data, int len) {
        long at = pos - outLen - len;
        file.handOver(data, len, at);
        Future<Long> op = FileWorker.submit(loop, () -> file.write(data, len, at), end -> {
            if (mode.append()) {
                pos = end + outLen; // appends land at the end, wherever that is now
            }
        });
        op.addDoneCallback(f -> {
            if (f.exception() != null) {
                deferred = f.exception();
            }
        });
        inFlight = op;
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
            file.handOver(out, outLen, at); // from now on it is written even if the loop closes first
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
