package io.jasyncio.files;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.internal.LoopHooks;
import io.jasyncio.internal.Sneaky;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

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
 * <p>A failing write ({@code "No space left on device"} from a full disk) is raised as Python's
 * buffered file raises it: by {@link #flush()}, by {@link #close()}, or by a later {@code write}
 * once buffers are in transit (at the latest by the write that needs a third buffer while two
 * are); {@code close()} raises it even if an earlier call did, since those bytes are lost, and
 * the file is closed all the same.
 *
 * <p>Differences from Python: text mode ends lines at {@code '\n'} only and translates no
 * newlines (Python's {@code newline='\n'}); it needs an encoding in which {@code '\n'} is the
 * single byte 0x0A (UTF-8, ASCII, the ISO-8859 family...; UTF-16 is refused: read such a file
 * in binary and decode it). {@link #tell()} is a byte offset in both modes. {@link #read(int)}
 * counts UTF-16 chars.
 *
 * <p>The pieces: {@link OpenFile} (the state both sides share), {@link ReadAheadReader} over
 * {@link ReadAhead} (reading), {@link TextReader} (decoding), {@link WriteBehind} (writing),
 * {@link BlockingFile} (the worker side), {@link OpenMode} (the mode string).
 */
public final class AsyncFile implements Iterable<String>, AutoCloseable {
    /** The default buffer size: the first read-ahead chunk and write buffer (both grow to 1 MiB in bulk use). */
    public static final int DEFAULT_BUFFER_SIZE = 64 * 1024;

    private final OpenFile f;
    private final Charset charset;
    private final TextCodec codec;
    private final ReadAheadReader reader;
    private final TextReader text;
    private final WriteBehind writer;
    private final AutoCloseable closeWithLoop = this::closeWithLoop;

    private record Opened(BlockingFile file, long position) {}

    private AsyncFile(EventLoop loop, Opened opened, OpenMode mode, Charset charset, int chunk) {
        this.f = new OpenFile(loop, opened.file, mode, opened.position);
        this.charset = charset;
        this.reader = new ReadAheadReader(f, chunk);
        this.codec = charset == null ? null : new TextCodec(charset);
        this.text = codec == null ? null : new TextReader(reader, codec);
        this.writer = new WriteBehind(f, chunk);
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
            BlockingFile bf = opener.call();
            return new Opened(bf, m.append() ? bf.size() : 0);
        }, opened -> { });
        Opened opened;
        try {
            opened = FileWorker.await(op);
        } catch (CancelledError e) {
            op.addDoneCallback(done -> {
                if (done.exception() == null) {
                    FileWorker.EXECUTOR.execute(() -> closeQuietly(done.result().file));
                }
            });
            throw e;
        }
        AsyncFile af = new AsyncFile(loop, opened, m, cs, bufferSize);
        LoopHooks.closeWithLoop(loop, af.closeWithLoop);
        return af;
    }

    private static void closeQuietly(BlockingFile bf) {
        try {
            bf.closeWriting(null, 0, 0);
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
        return text.readAll();
    }

    /** Reads up to {@code n} chars of text ({@code n < 0}: the rest); fewer only at end of file. Suspends. */
    public String read(int n) throws IOException {
        if (n < 0) {
            return read();
        }
        beginRead(false);
        return text.read(n);
    }

    /** Reads one line of text, with its {@code '\n'}; "" at end of file. Suspends. */
    public String readline() throws IOException {
        beginRead(false);
        return text.readline();
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
        return reader.readAll();
    }

    /** Reads up to {@code n} bytes ({@code n < 0}: the rest); fewer only at end of file. Suspends. */
    public byte[] readBytes(int n) throws IOException {
        if (n < 0) {
            return readBytes();
        }
        beginRead(true);
        return reader.readBytes(n);
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
        Objects.checkFromIndexSize(off, len, b.length);
        beginRead(true);
        return reader.readInto(b, off, len);
    }

    /** {@link #readInto(byte[], int, int)} into the whole array. */
    public int readInto(byte[] b) throws IOException {
        return readInto(requireArg(b, "b"), 0, b.length);
    }

    /**
     * {@link #readInto(byte[], int, int)} into {@code dst}'s remaining bytes; its position moves
     * past those read. Suspends.
     *
     * @throws ReadOnlyBufferException if {@code dst} is read-only
     */
    public int readInto(ByteBuffer dst) throws IOException {
        requireArg(dst, "dst");
        if (dst.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        beginRead(true);
        return reader.readInto(dst);
    }

    /** Reads one line of a binary file, with its {@code '\n'}; empty at end of file. Suspends. */
    public byte[] readlineBytes() throws IOException {
        beginRead(true);
        return reader.readlineBytes();
    }

    /**
     * The lines of a text file, read as the loop goes: {@code for (String line : file)}, aiofiles'
     * {@code async for line in f}. {@code hasNext()} suspends while a chunk is read; read errors
     * arrive as {@link java.io.UncheckedIOException}.
     */
    @Override
    public Iterator<String> iterator() {
        checkText(true);
        return new LineIterator(this);
    }

    private void beginRead(boolean binary) throws IOException {
        f.checkOpen();
        checkText(!binary);
        f.requireReadable();
        if (writer.buffered() > 0) {
            writer.flushBuffer();
        }
        reader.begin();
    }

    // ----- writing -----

    /**
     * Writes text; returns the number of chars. Suspends only when the buffer is handed to a worker.
     *
     * @throws java.nio.charset.UnmappableCharacterException if the encoding cannot write a char
     */
    public int write(String s) throws IOException {
        requireArg(s, "text");
        checkText(true);
        ByteBuffer bytes = codec.encode(s);
        put(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        return s.length();
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
        f.checkOpen();
        f.requireWritable();
        if (f.mode.readable()) {
            reader.clear(); // the position stays where the reader was; what was read ahead is stale now
        }
        writer.put(b, off, len);
    }

    /**
     * Hands buffered writes to the worker and suspends until they are written (not fsync).
     *
     * @throws IOException if a write fails, this one or an earlier one handed on without waiting
     */
    public void flush() throws IOException {
        f.checkOpen();
        writer.flushBuffer();
        f.settleInFlight();
        f.checkOpen();
    }

    /**
     * Moves to {@code offset} from the start ({@code whence} 0), the current position (1) or the
     * end (2) and returns the new position. Text mode allows only offset 0 with whence 1 and 2, as
     * Python does. May suspend.
     *
     * @throws IllegalArgumentException for a negative result, a bad whence, or a text-mode relative seek
     */
    public long seek(long offset, int whence) throws IOException {
        f.checkOpen();
        if (whence < 0 || whence > 2) {
            throw new IllegalArgumentException("invalid whence (" + whence + ", should be 0, 1 or 2)");
        }
        if (charset != null && whence != 0 && offset != 0) {
            throw new IllegalArgumentException("can't do nonzero " + (whence == 1 ? "cur" : "end") + "-relative seeks");
        }
        writer.flushBuffer();
        f.settleInFlight();
        f.checkOpen();
        long base = whence == 0 ? 0 : whence == 1 ? f.pos : f.run(f.file::size, s -> { });
        long target = base + offset;
        if (target < 0) {
            throw new IllegalArgumentException("negative seek position " + target);
        }
        reader.clear();
        f.pos = target;
        return target;
    }

    /** {@link #seek(long, int)} from the start of the file. */
    public long seek(long offset) throws IOException {
        return seek(offset, 0);
    }

    /**
     * The current position, in bytes from the start of the file (text mode too). Does no I/O: a
     * failed write behind is raised by the next I/O call, not here.
     */
    public long tell() {
        f.checkUsable();
        return f.pos;
    }

    /**
     * Cuts the file to {@code size} bytes; the position does not move. Unlike Python, a size beyond
     * the end does not extend the file. Suspends.
     */
    public long truncate(long size) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("negative size value " + size);
        }
        f.checkOpen();
        f.requireWritable();
        flush();
        reader.clear();
        f.run(() -> {
            f.file.truncate(size);
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
     * @throws IOException if the last writes fail, or any earlier buffer failed to be written
     *     (even if {@link #flush()} or a write already raised it: those bytes are lost, as
     *     Python's {@code close()} raises again); the file is closed all the same
     */
    @Override
    public void close() throws IOException {
        if (f.closed) {
            return;
        }
        f.closed = true;
        writer.handOverForClose();
        reader.release();
        Future<?> prev = f.inFlight;
        if (prev != null && !prev.done()) {
            try {
                FileWorker.settle(prev);
            } catch (CancelledError e) {
                prev.addDoneCallback(done -> closeInBackground());
                throw e;
            }
        }
        FileWorker.await(closeOp());
        f.raiseDeferred();
        if (f.writeFailure != null) {
            throw Sneaky.raise(f.writeFailure);
        }
    }

    private Future<Void> closeOp() {
        return FileWorker.submit(f.loop, () -> {
            try {
                f.file.closeWriting(null, 0, 0);
            } finally {
                LoopHooks.forgetAtClose(f.loop, closeWithLoop); // the channel is closed even when the last writes fail
            }
            return null;
        }, v -> { });
    }

    private void closeInBackground() {
        closeOp().addDoneCallback(done -> {
            if (done.exception() != null) {
                f.loop.callExceptionHandler(Map.of("message", "Error closing " + this + " after its close() was cancelled",
                        "exception", done.exception()));
            }
        });
    }

    /** At loop close, on the closing thread: write everything accepted, then close. */
    private void closeWithLoop() throws IOException {
        f.closed = true;
        writer.closeWithLoop();
    }

    /** Whether {@link #close()} was called (or the loop closed the file). */
    public boolean closed() {
        return f.closed;
    }

    /** The path the file was opened with: Python's {@code name}. */
    public Path name() {
        return f.file.path();
    }

    /** The mode string the file was opened with. */
    public String mode() {
        return f.mode.text();
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
        source.f.checkOpen();
        source.writer.flushBuffer();
        source.f.settleInFlight();
        f.checkOpen();
        f.requireWritable();
        writer.flushBuffer();
        f.settleInFlight();
        reader.clear();
        long at = f.pos;
        return f.run(() -> source.f.file.copyTo(offset, count, f.file, at), n -> f.pos = f.mode.append() ? f.pos : at + n);
    }

    private void checkText(boolean wantText) {
        if (wantText && charset == null) {
            throw new IllegalStateException("file opened in binary mode '" + f.mode.text() + "': use readBytes/write(byte[])");
        }
        if (!wantText && charset != null) {
            throw new IllegalStateException("file opened in text mode '" + f.mode.text() + "': use read/write(String)");
        }
    }

    @Override
    public String toString() {
        return f.toString();
    }
}
