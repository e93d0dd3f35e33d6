package io.jasyncio.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The blocking side of an {@link AsyncFile}: its channel and the calls the worker threads make on
 * it. Thread-safe: every call holds the object's monitor, so a write still running on a worker and
 * the loop's {@code close()} never interleave.
 *
 * <p>Reads and writes are positional ({@code pread}/{@code pwrite}): the channel's own position is
 * never used, so an operation whose caller was cancelled cannot move the position the
 * {@code AsyncFile} reports. A write handed to a worker is "in transit" until it is written; if the
 * loop closes first, {@link #closeWriting} writes it, so a write already acknowledged is never lost.
 */
final class BlockingFile {
    private final Path path;
    private final FileChannel channel;
    private final boolean appendBySize;
    private final boolean appendByKernel;
    private final List<Pending> inTransit = new ArrayList<>();
    private volatile boolean deleteOnClose;

    private boolean draining;

    /** A write in transit; {@code landed} (null for a closing tail) hears its end position or failure. */
    private record Pending(byte[] data, int len, long at, Consumer<Object> landed) {}

    private BlockingFile(Path path, FileChannel channel, OpenMode mode) {
        this.path = path;
        this.channel = channel;
        this.appendByKernel = mode.append() && !mode.readable();
        this.appendBySize = mode.append() && mode.readable();
    }

    /** Opens {@code path}, already checked (a temporary file). */
    static BlockingFile openChecked(Path path, OpenMode mode) throws IOException {
        return new BlockingFile(path, FileChannel.open(path, mode.openOptions()), mode);
    }

    /** Opens {@code path}; a directory fails here, as Python's {@code IsADirectoryError} does. */
    static BlockingFile open(Path path, OpenMode mode) throws IOException {
        if (Files.isDirectory(path)) {
            throw new FileSystemException(path.toString(), null, "Is a directory");
        }
        return openChecked(path, mode);
    }

    Path path() {
        return path;
    }

    synchronized long size() throws IOException {
        return channel.size();
    }

    /**
     * Reads up to {@code len} bytes at {@code at} into {@code dst[off, off + len)} (a direct
     * buffer: the kernel writes into it, no copy) and returns how many it read: fewer only at end
     * of file. Not synchronized: positional reads of one channel
     * may run at once (two fetches of a read-ahead), and nothing else moves under them.
     */
    int readInto(ByteBuffer dst, int off, int len, long at) throws IOException {
        ByteBuffer bb = dst.slice(off, len);
        while (bb.hasRemaining()) {
            if (channel.read(bb, at + bb.position()) < 0) {
                break;
            }
        }
        return bb.position();
    }

    /** Everything from {@code at} to the end of the file. */
    synchronized byte[] readRest(long at) throws IOException {
        long size = channel.size();
        byte[] all = new byte[(int) Math.min(Integer.MAX_VALUE - 8, Math.max(0, size - at))];
        ByteBuffer bb = ByteBuffer.wrap(all);
        while (true) {
            if (!bb.hasRemaining()) {
                if (channel.size() <= at + bb.position()) {
                    break;
                }
                all = Arrays.copyOf(all, Math.max(8192, all.length * 2)); // the file grew meanwhile
                bb = ByteBuffer.wrap(all).position(bb.position());
            }
            if (channel.read(bb, at + bb.position()) < 0) {
                break;
            }
        }
        return bb.position() == all.length ? all : Arrays.copyOf(all, bb.position());
    }

    /**
     * Queues a write the loop has acknowledged: from now on it is written even if the loop closes
     * first ({@link #closeWriting}). Returns true if the caller must start a {@link #drain} on a
     * worker; false if one is running (it takes this write too) or {@code landed} is null.
     */
    synchronized boolean handOver(byte[] data, int len, long at, Consumer<Object> landed) {
        inTransit.add(new Pending(data, len, at, landed));
        if (draining || landed == null) {
            return false;
        }
        draining = true;
        return true;
    }

    /**
     * On a worker: writes the queued buffers in order until none is left, telling each one's
     * {@code landed} (on this thread) the file position after it (the end of the file in append
     * mode) or the exception. One drain writes a burst of buffers without a thread hop between
     * them: the worker does not wait for the loop to hand over the next one.
     */
    void drain() {
        while (true) {
            Pending p;
            Object outcome;
            synchronized (this) {
                if (inTransit.isEmpty() || !channel.isOpen()) {
                    draining = false;
                    return;
                }
                p = inTransit.remove(0);
                try {
                    outcome = writeNow(p.data, p.len, p.at);
                } catch (IOException | RuntimeException e) {
                    outcome = e;
                }
            }
            if (p.landed != null) {
                p.landed.accept(outcome);
            }
        }
    }

    private long writeNow(byte[] data, int len, long at) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(data, 0, len);
        if (appendByKernel) {
            while (bb.hasRemaining()) {
                channel.write(bb);
            }
            return channel.position();
        }
        long where = appendBySize ? channel.size() : at;
        while (bb.hasRemaining()) {
            where += channel.write(bb, where);
        }
        return where;
    }

    synchronized void truncate(long size) throws IOException {
        channel.truncate(size);
    }

    synchronized void sync() throws IOException {
        channel.force(true);
    }

    /**
     * Copies {@code count} bytes from {@code position} to {@code target} at {@code at} (at its end in
     * append mode) with the kernel's copy ({@code copy_file_range}/{@code sendfile}); fewer at end
     * of file. The two monitors are taken in a fixed order, so copies both ways cannot deadlock.
     */
    long copyTo(long position, long count, BlockingFile target, long at) throws IOException {
        BlockingFile first = System.identityHashCode(this) <= System.identityHashCode(target) ? this : target;
        BlockingFile second = first == this ? target : this;
        synchronized (first) {
            synchronized (second) {
                if (!target.appendByKernel) {
                    target.channel.position(target.appendBySize ? target.channel.size() : at);
                }
                long done = 0;
                while (done < count) {
                    long n = channel.transferTo(position + done, count - done, target.channel);
                    if (n <= 0) {
                        break;
                    }
                    done += n;
                }
                return done;
            }
        }
    }

    /** Deletes the file when it is closed (a named temporary file). */
    void deleteOnClose() {
        deleteOnClose = true;
    }

    /**
     * Writes what is in transit and then {@code tail} (the loop's unflushed buffer, may be empty),
     * and closes the channel. Idempotent.
     */
    synchronized void closeWriting(byte[] tail, int tailLen, long tailAt) throws IOException {
        if (!channel.isOpen()) {
            return;
        }
        try {
            for (Pending p : inTransit) {
                writeNow(p.data, p.len, p.at);
            }
            inTransit.clear();
            if (tailLen > 0) {
                writeNow(tail, tailLen, tailAt);
            }
        } finally {
            channel.close();
            if (deleteOnClose) {
                Files.deleteIfExists(path);
            }
        }
    }

    synchronized boolean isOpen() {
        return channel.isOpen();
    }
}
