package io.jasyncio.files;

import io.jasyncio.CancelledError;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A temporary directory made by {@link AsyncTempfile#temporaryDirectory}; {@link #close()} removes
 * it and everything in it: {@code async with aiofiles.tempfile.TemporaryDirectory() as d} is
 * {@code try (var d = AsyncTempfile.temporaryDirectory())}. Loop-confined.
 */
public final class TemporaryDirectory implements AutoCloseable {
    private final Path path;
    private boolean removed;

    TemporaryDirectory(Path path) {
        this.path = path;
    }

    /** The directory (Python's {@code name}). */
    public Path path() {
        return path;
    }

    /**
     * Removes the directory tree (links are removed, not followed); idempotent. Suspends while a
     * worker deletes it.
     *
     * @throws CancelledError if the task is cancelled (the removal already started completes)
     */
    @Override
    public void close() throws IOException {
        if (removed) {
            return;
        }
        removed = true;
        FileWorker.call(() -> Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        }));
    }

    @Override
    public String toString() {
        return "<TemporaryDirectory '" + path + "'>";
    }
}
