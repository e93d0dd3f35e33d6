package io.jasyncio.files;

import io.jasyncio.CancelledError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

/**
 * Path queries that suspend the calling task while a worker thread makes them: aiofiles'
 * {@code aiofiles.os.path}. Coroutine functions; they throw {@link CancelledError} if the task is
 * cancelled. As in Python, {@code exists}/{@code isfile}/{@code isdir} answer false instead of
 * failing when the path cannot be read.
 */
public final class AsyncOsPath {
    private AsyncOsPath() {}

    /** Whether the path exists (links followed): {@code os.path.exists}. */
    public static boolean exists(Path path) {
        AsyncOs.requireArg(path, "path");
        return FileWorker.call(() -> Files.exists(path));
    }

    /** Whether the path is a regular file (links followed): {@code os.path.isfile}. */
    public static boolean isfile(Path path) {
        AsyncOs.requireArg(path, "path");
        return FileWorker.call(() -> Files.isRegularFile(path));
    }

    /** Whether the path is a directory (links followed): {@code os.path.isdir}. */
    public static boolean isdir(Path path) {
        AsyncOs.requireArg(path, "path");
        return FileWorker.call(() -> Files.isDirectory(path));
    }

    /** Whether the path is a symbolic link: {@code os.path.islink}. */
    public static boolean islink(Path path) {
        AsyncOs.requireArg(path, "path");
        return FileWorker.call(() -> Files.isSymbolicLink(path));
    }

    /**
     * The size in bytes: {@code os.path.getsize}.
     *
     * @throws java.nio.file.NoSuchFileException if the path does not exist
     */
    public static long getsize(Path path) throws IOException {
        AsyncOs.requireArg(path, "path");
        return FileWorker.call(() -> Files.size(path));
    }
    /** The last access time, in seconds since the epoch: {@code os.path.getatime}. */
    public static double getatime(Path path) throws IOException {
        AsyncOs.requireArg(path, "path");
        return FileWorker.call(() -> seconds(Files.readAttributes(path, BasicFileAttributes.class).lastAccessTime()));
    }

    /** The last modification time, in seconds since the epoch: {@code os.path.getmtime}. */
    public static double getmtime(Path path) throws IOException {
        AsyncOs.requireArg(path, "path");
        return FileWorker.call(() -> seconds(Files.getLastModifiedTime(path)));
    }

    /**
     * The inode change time on Unix (as Python's), in seconds since the epoch:
     * {@code os.path.getctime}; the creation time where the system has no {@code unix} view.
     */
    public static double getctime(Path path) throws IOException {
        AsyncOs.requireArg(path, "path");
        return FileWorker.call(() -> {
            if (path.getFileSystem().supportedFileAttributeViews().contains("unix")) {
                return seconds((FileTime) Files.getAttribute(path, "unix:ctime"));
            }
            return seconds(Files.readAttributes(path, BasicFileAttributes.class).creationTime());
        });
    }

    /**
     * Whether both paths name the same file (links followed): {@code os.path.samefile}.
     *
     * @throws java.nio.file.NoSuchFileException if either does not exist
     */
    public static boolean samefile(Path a, Path b) throws IOException {
        AsyncOs.requireArg(a, "a");
        AsyncOs.requireArg(b, "b");
        return FileWorker.call(() -> Files.isSameFile(a, b));
    }

    private static double seconds(FileTime t) {
        return t.to(TimeUnit.MICROSECONDS) / 1e6;
    }
}
