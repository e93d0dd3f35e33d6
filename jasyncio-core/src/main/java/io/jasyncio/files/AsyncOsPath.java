package io.jasyncio.files;

import io.jasyncio.CancelledError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
}
