package io.jasyncio.files;

import io.jasyncio.CancelledError;
import io.jasyncio.streams.StreamWriter;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * File-system calls that suspend the calling task while a worker thread makes them: aiofiles'
 * {@code aiofiles.os} ({@code aiofiles.os.path} is {@link AsyncOsPath}). Each is a coroutine
 * function (call it from a task); each throws the JDK's exception ({@code NoSuchFileException},
 * {@code DirectoryNotEmptyException}, {@code AccessDeniedException}...) and
 * {@link CancelledError} if the task is cancelled (a call not yet started is then skipped; one
 * already running completes, as a thread cannot be stopped, which is also aiofiles' behaviour).
 */
public final class AsyncOs {
    /** {@code os.F_OK}: the path exists. */
    public static final int F_OK = 0;
    /** {@code os.R_OK}: readable. */
    public static final int R_OK = 4;
    /** {@code os.W_OK}: writable. */
    public static final int W_OK = 2;
    /** {@code os.X_OK}: executable. */
    public static final int X_OK = 1;

    private AsyncOs() {}

    /**
     * The file's attributes, following links: {@code os.stat}. On POSIX systems the result is a
     * {@link PosixFileAttributes} (owner, group, permissions).
     */
    public static BasicFileAttributes stat(Path path) throws IOException {
        requireArg(path, "path");
        return FileWorker.call(() -> Files.getFileStore(path).supportsFileAttributeView("posix")
                ? Files.readAttributes(path, PosixFileAttributes.class)
                : Files.readAttributes(path, BasicFileAttributes.class));
    }

    /**
     * Renames {@code src} to {@code dst}: {@code os.rename}. Unlike POSIX {@code rename}, an
     * existing {@code dst} is not replaced ({@code FileAlreadyExistsException}; Python on Windows
     * behaves so): use {@link #replace} for that.
     */
    public static void rename(Path src, Path dst) throws IOException {
        requireArg(src, "src");
        requireArg(dst, "dst");
        FileWorker.call(() -> Files.move(src, dst));
    }

    /** Renames {@code src} to {@code dst}, atomically replacing an existing file: {@code os.replace}. */
    public static void replace(Path src, Path dst) throws IOException {
        requireArg(src, "src");
        requireArg(dst, "dst");
        FileWorker.call(() -> Files.move(src, dst, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE));
    }

    /** Deletes a file: {@code os.remove}. A directory fails ({@code FileSystemException}: use {@link #rmdir}). */
    public static void remove(Path path) throws IOException {
        requireArg(path, "path");
        FileWorker.call(() -> {
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                throw new java.nio.file.FileSystemException(path.toString(), null, "Is a directory");
            }
            Files.delete(path);
            return null;
        });
    }

    /** {@link #remove}: {@code os.unlink}. */
    public static void unlink(Path path) throws IOException {
        remove(path);
    }

    /** Creates a directory whose parent exists: {@code os.mkdir}. */
    public static void mkdir(Path path) throws IOException {
        requireArg(path, "path");
        FileWorker.call(() -> Files.createDirectory(path));
    }

    /**
     * Creates a directory and its missing parents: {@code os.makedirs}. With {@code existOk}
     * false, an existing directory is a {@code FileAlreadyExistsException}.
     */
    public static void makedirs(Path path, boolean existOk) throws IOException {
        requireArg(path, "path");
        FileWorker.call(() -> {
            if (!existOk && Files.exists(path)) {
                throw new FileAlreadyExistsException(path.toString());
            }
            return Files.createDirectories(path);
        });
    }

    /** Removes an empty directory: {@code os.rmdir}. */
    public static void rmdir(Path path) throws IOException {
        requireArg(path, "path");
        FileWorker.call(() -> {
            deleteDirectory(path);
            return null;
        });
    }

    /**
     * Removes the empty directory {@code path}, then each parent that became empty, stopping
     * quietly at the first that cannot be removed: {@code os.removedirs}.
     *
     * @throws IOException if {@code path} itself cannot be removed (not empty, missing...)
     */
    public static void removedirs(Path path) throws IOException {
        requireArg(path, "path");
        FileWorker.call(() -> {
            deleteDirectory(path);
            pruneEmptyParents(path);
            return null;
        });
    }

    /**
     * Renames {@code src} to {@code dst}, creating the missing directories of {@code dst} first
     * and removing the directories of {@code src} that became empty: {@code os.renames}. As
     * {@link #rename}, an existing {@code dst} is not replaced.
     */
    public static void renames(Path src, Path dst) throws IOException {
        requireArg(src, "src");
        requireArg(dst, "dst");
        FileWorker.call(() -> {
            Path parent = dst.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.move(src, dst);
            pruneEmptyParents(src);
            return null;
        });
    }

    /** Python's rmdir: a missing path is FileNotFoundError, a file NotADirectoryError. */
    private static void deleteDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.notExists(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new java.nio.file.NoSuchFileException(dir.toString());
            }
            throw new NotDirectoryException(dir.toString());
        }
        Files.delete(dir);
    }

    /** Python's removedirs loop: parents of {@code path} are removed while they are empty. */
    private static void pruneEmptyParents(Path path) {
        for (Path p = path.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            try {
                deleteDirectory(p);
            } catch (IOException notEmptyOrNotOurs) {
                return;
            }
        }
    }

    /**
     * Whether the calling process may use {@code path} as {@code mode} says ({@link #F_OK}, or
     * an OR of {@link #R_OK}, {@link #W_OK}, {@link #X_OK}): {@code os.access}. False for a
     * missing path, never an exception, as in Python.
     *
     * @throws IllegalArgumentException for a mode outside 0–7
     */
    public static boolean access(Path path, int mode) {
        requireArg(path, "path");
        if (mode < 0 || mode > 7) {
            throw new IllegalArgumentException("mode must be F_OK or an OR of R_OK, W_OK, X_OK: " + mode);
        }
        return FileWorker.call(() -> Files.exists(path)
                && ((mode & R_OK) == 0 || Files.isReadable(path))
                && ((mode & W_OK) == 0 || Files.isWritable(path))
                && ((mode & X_OK) == 0 || Files.isExecutable(path)));
    }

    /** Makes {@code dst} a hard link to the file {@code src}: {@code os.link(src, dst)}. */
    public static void link(Path src, Path dst) throws IOException {
        requireArg(src, "src");
        requireArg(dst, "dst");
        FileWorker.call(() -> Files.createLink(dst, src));
    }

    /**
     * Makes {@code dst} a symbolic link pointing to {@code src}: {@code os.symlink(src, dst)}
     * ({@code src} is stored as given and need not exist).
     */
    public static void symlink(Path src, Path dst) throws IOException {
        requireArg(src, "src");
        requireArg(dst, "dst");
        FileWorker.call(() -> Files.createSymbolicLink(dst, src));
    }

    /**
     * Where the symbolic link {@code path} points, as stored: {@code os.readlink}.
     *
     * @throws java.nio.file.NotLinkException if {@code path} is not a symbolic link
     */
    public static Path readlink(Path path) throws IOException {
        requireArg(path, "path");
        return FileWorker.call(() -> Files.readSymbolicLink(path));
    }

    /** The names in a directory, in the order the system gives them: {@code os.listdir}. */
    public static List<String> listdir(Path path) throws IOException {
        requireArg(path, "path");
        return FileWorker.call(() -> {
            List<String> names = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(path)) {
                for (Path p : ds) {
                    names.add(p.getFileName().toString());
                }
            }
            return names;
        });
    }

    /**
     * The entries of a directory with their types, read in one worker call: {@code os.scandir}
     * (aiofiles iterates lazily; a list read at once costs one thread hop instead of one per entry).
     */
    public static List<DirEntry> scandir(Path path) throws IOException {
        requireArg(path, "path");
        return FileWorker.call(() -> {
            List<DirEntry> entries = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(path)) {
                for (Path p : ds) {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    entries.add(new DirEntry(p.getFileName().toString(), p, a.isRegularFile(), a.isDirectory(),
                            a.isSymbolicLink()));
                }
            }
            return entries;
        });
    }

    /**
     * Copies {@code count} bytes of {@code in} from {@code offset} to the current position of
     * {@code out}, in the kernel when it can ({@code os.sendfile} between two files); returns the
     * number copied. {@code in}'s position does not move; {@code out}'s moves past the bytes. Suspends.
     */
    public static long sendfile(AsyncFile out, AsyncFile in, long offset, long count) throws IOException {
        requireArg(out, "out");
        requireArg(in, "in");
        checkRange(offset, count);
        return out.copyFrom(in, offset, count);
    }

    /**
     * Sends {@code count} bytes of {@code file} from {@code offset} (count {@code < 0}: to the end)
     * to a stream connection, in chunks read ahead by a worker, waiting for the transport to drain
     * between chunks: asyncio's {@code loop.sendfile(transport, file, offset, count)} (its
     * read-and-write fallback; no zero-copy path, see docs/files.md). The file's position moves
     * past the bytes sent, as asyncio's does; returns the number sent. Suspends.
     *
     * @throws IOException if the connection breaks or the file cannot be read
     */
    public static long sendfile(StreamWriter writer, AsyncFile file, long offset, long count) throws IOException {
        requireArg(writer, "writer");
        requireArg(file, "file");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0: " + offset);
        }
        file.seek(offset);
        long sent = 0;
        while (count < 0 || sent < count) {
            int want = (int) (count < 0 ? AsyncFile.DEFAULT_BUFFER_SIZE : Math.min(AsyncFile.DEFAULT_BUFFER_SIZE, count - sent));
            byte[] data = file.readBytes(want);
            if (data.length == 0) {
                break;
            }
            writer.write(data);
            writer.drain();
            sent += data.length;
        }
        return sent;
    }

    private static void checkRange(long offset, long count) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0: " + offset);
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0: " + count);
        }
    }

    static <T> T requireArg(T value, String name) {
        if (value == null) {
            throw new NullPointerException(name);
        }
        return value;
    }
}
