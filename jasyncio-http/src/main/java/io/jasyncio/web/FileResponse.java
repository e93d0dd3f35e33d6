package io.jasyncio.web;

import io.jasyncio.Asyncio;
import io.jasyncio.http.internal.h1.HttpWriter;
import java.io.IOException;
import java.net.URLConnection;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A response that sends a file: aiohttp's {@code web.FileResponse}, with {@code Last-Modified},
 * {@code If-Modified-Since} (304), a single {@code Range} (206, or 416 when unsatisfiable) and a
 * Content-Type guessed from the name. The body goes with core's {@code loop.sendfile}, as
 * aiohttp's does: on a plain TCP connection straight from the file to the socket
 * ({@code sendfile(2)}, no copy through the JVM), on TLS read in pieces off the loop and written
 * with back-pressure. A compressed body (after {@link #enableCompression()}) is read in 64 KiB
 * pieces on the default executor (file reads block) and written with back-pressure.
 *
 * <p>Loop-confined. Difference from aiohttp: one range per request (multipart/byteranges is not
 * built).
 */
public final class FileResponse extends StreamResponse {
    private static final int CHUNK = 64 * 1024;
    private final Path path;

    /** A response for the file at {@code path} (checked when sent: 404 if missing). */
    public FileResponse(Path path) {
        if (path == null) {
            throw new IllegalArgumentException("path is null");
        }
        this.path = path;
    }

    /** The file. */
    public Path path() {
        return path;
    }

    @Override
    void send(Request request) throws IOException {
        BasicFileAttributes attrs = Asyncio.toThread(() -> {
            try {
                return Files.readAttributes(path, BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
                return null;
            }
        });
        if (attrs == null) {
            throw new HTTPNotFound();
        }
        if (attrs.isDirectory()) {
            throw new HTTPForbidden();
        }
        long size = attrs.size();
        Instant modified = attrs.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.SECONDS);
        headers().set("Last-Modified", HttpWriter.formatDate(modified));
        headers().set("Accept-Ranges", "bytes");
        if (!headers().contains("Content-Type")) {
            String guessed = URLConnection.getFileNameMap().getContentTypeFor(path.getFileName().toString());
            setContentType(guessed == null ? "application/octet-stream" : guessed);
        }
        String ims = request.headers().get("If-Modified-Since");
        Instant since = ims == null ? null : HttpWriter.parseDate(ims);
        if (since != null && !modified.isAfter(since)) {
            setStatus(304, null);
            setContentLength(0);
            prepare(request);
            writeEof();
            return;
        }
        long start = 0;
        long end = size - 1;
        String range = request.headers().get("Range");
        if (range != null && status() == 200) {
            long[] r = parseRange(range, size);
            if (r == null) {
                setStatus(416, null);
                headers().set("Content-Range", "bytes */" + size);
                setContentLength(0);
                prepare(request);
                writeEof();
                return;
            }
            start = r[0];
            end = r[1];
            setStatus(206, null);
            headers().set("Content-Range", "bytes " + start + "-" + end + "/" + size);
        }
        long length = end - start + 1;
        setContentLength(Math.max(0, length));
        prepare(request);
        if (!isHeadOnly() && length > 0) {
            try (FileChannel ch = Asyncio.toThread(() -> FileChannel.open(path, StandardOpenOption.READ))) {
                if (sendfile(ch, start, length)) {
                    writeEof();
                    return;
                }
                long pos = start;
                while (pos <= end) {
                    int n = (int) Math.min(CHUNK, end - pos + 1);
                    long at = pos;
                    byte[] chunk = Asyncio.toThread(() -> {
                        ByteBuffer buf = ByteBuffer.allocate(n);
                        int got;
                        do {
                            got = ch.read(buf, at + buf.position());
                        } while (got >= 0 && buf.hasRemaining());
                        return buf.position() == n ? buf.array() : java.util.Arrays.copyOf(buf.array(), buf.position());
                    });
                    if (chunk.length == 0) {
                        throw new IOException("file " + path + " shrank while being sent");
                    }
                    write(chunk);
                    pos += chunk.length;
                }
            }
        }
        writeEof();
    }

    /** {@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n} (one range), clamped; null if unsatisfiable or malformed. */
    static long[] parseRange(String header, long size) {
        String h = header.trim();
        if (!h.startsWith("bytes=") || h.indexOf(',') >= 0) {
            return null;
        }
        String spec = h.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            String a = spec.substring(0, dash).trim();
            String b = spec.substring(dash + 1).trim();
            long start;
            long end;
            if (a.isEmpty()) {
                long suffix = Long.parseLong(b);
                if (suffix <= 0) {
                    return null;
                }
                start = Math.max(0, size - suffix);
                end = size - 1;
            } else {
                start = Long.parseLong(a);
                end = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
            }
            if (start < 0 || start >= size || end < start) {
                return null;
            }
            return new long[] {start, end};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
