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

    private record Pending(byte[] data, int len, long at) {}

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

    /** Reads up to {@code len} bytes at {@code at} into a new array; empty at end of file. */
    synchronized byte[] readAt(long at, int len) throws IOException {
        byte[] dst = new byte[len];
        ByteBuffer bb = ByteBuffer.wrap(dst);
        while (bb.hasRemaining()) {
            int n = channel.read(bb, at + bb.position());
            if (n < 0) {
                break;
            }
        }
        return bb.position() == len ? dst : Arrays.copyOf(dst, bb.position());
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

    /** Records a write the loop has acknowledged and is handing to a worker. */
    synchronized void handOver(byte[] data, int len, long at) {
        inTransit.add(new Pending(data, len, at));
    }

    /**
     * Writes a handed-over buffer (if {@link #closeWriting} has not already) and returns the file
     * position after it: {@code at + len}, or the end of the file in append mode.
     */
    synchronized long write(byte[] data, int len, long at) throws IOException {
        for (int i = 0; i < inTransit.size(); i++) {
            if (inTransit.get(i).data == data) {
                inTransit.remove(i);
                return writeNow(data, len, at);
            }
        }
        return at + len; // written by closeWriting already
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
