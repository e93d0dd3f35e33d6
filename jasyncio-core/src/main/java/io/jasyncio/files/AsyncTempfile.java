package io.jasyncio.files;

import io.jasyncio.CancelledError;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Temporary files and directories: aiofiles' {@code aiofiles.tempfile}. Coroutine functions; they
 * throw the JDK's {@code IOException}s and {@link CancelledError} (a file made meanwhile is
 * closed and removed). Files are made by {@link Files#createTempFile} (owner-only permissions on
 * POSIX, like Python's {@code mkstemp}); {@code dir} null means {@code java.io.tmpdir}.
 *
 * <p>{@code SpooledTemporaryFile} has no counterpart: its point is to avoid the file system for
 * small data, which a {@code ByteArrayOutputStream} does without any thread.
 */
public final class AsyncTempfile {
    private AsyncTempfile() {}

    /**
     * A temporary file with no name: made, opened, and its name removed at once (POSIX), so nothing
     * is left behind even if the process dies: {@code TemporaryFile}. Python's default mode is
     * {@code "w+b"}.
     */
    public static AsyncFile temporaryFile(String mode) throws IOException {
        return make(mode, null, "tmp", null, true, false);
    }

    /**
     * A temporary file with a name ({@link AsyncFile#name()}), removed when it is closed (or its
     * loop closes) if {@code delete}: {@code NamedTemporaryFile(mode, suffix=, prefix=, dir=, delete=)}.
     */
    public static AsyncFile namedTemporaryFile(String mode, String prefix, String suffix, Path dir, boolean delete)
            throws IOException {
        return make(mode, prefix, suffix, dir, false, delete);
    }

    /** {@link #namedTemporaryFile(String, String, String, Path, boolean)} in the default directory, deleted on close. */
    public static AsyncFile namedTemporaryFile(String mode) throws IOException {
        return make(mode, null, null, null, false, true);
    }

    /**
     * Makes a temporary directory; closing the result removes it with everything in it:
     * {@code TemporaryDirectory(suffix=, prefix=, dir=)}. Suspends.
     */
    public static TemporaryDirectory temporaryDirectory(String prefix, Path dir) throws IOException {
        Path made = FileWorker.call(() -> dir == null ? Files.createTempDirectory(prefix) : Files.createTempDirectory(dir, prefix));
        return new TemporaryDirectory(made);
    }

    /** {@link #temporaryDirectory(String, Path)} in the default directory with prefix {@code "tmp"}. */
    public static TemporaryDirectory temporaryDirectory() throws IOException {
        return temporaryDirectory("tmp", null);
    }

    private static AsyncFile make(String mode, String prefix, String suffix, Path dir, boolean unlink, boolean delete)
            throws IOException {
        OpenMode m = OpenMode.parse(mode);
        Charset cs = m.binary() ? null : StandardCharsets.UTF_8;
        String pre = prefix != null ? prefix : "tmp";
        return AsyncFile.open(m, cs, AsyncFile.DEFAULT_BUFFER_SIZE, () -> {
            Path p = dir == null ? Files.createTempFile(pre, suffix) : Files.createTempFile(dir, pre, suffix);
            try {
                BlockingFile f = BlockingFile.openChecked(p, m);
                if (unlink) {
                    Files.delete(p);
                } else if (delete) {
                    f.deleteOnClose();
                }
                return f;
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(p);
                throw e;
            }
        });
    }
}
