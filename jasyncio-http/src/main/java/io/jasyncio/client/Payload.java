package io.jasyncio.client;

import io.jasyncio.files.AsyncFile;
import io.jasyncio.streams.StreamReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A request body: aiohttp's {@code aiohttp.payload.Payload}. It knows its size when it can
 * (else the request goes out with {@code Transfer-Encoding: chunked}), its Content-Type, and
 * writes itself to the connection chunk by chunk; each {@link Sink#write} suspends until the
 * socket has taken the bytes (back-pressure: a slow server slows the source, nothing piles up).
 *
 * <p>The factories cover aiohttp's {@code data=} kinds: bytes, text, a file streamed from disk
 * (read off the loop thread), an async iterable of chunks ({@code async for} source: an
 * {@link Iterable} whose {@code next()} may suspend), a {@link StreamReader}; {@link FormData}
 * and {@link MultipartWriter} are payloads too. Implementations are loop-confined while written.
 */
public interface Payload {
    /** Where a payload writes its bytes. */
    interface Sink {
        /** Sends these bytes; suspends until the socket takes them. */
        void write(byte[] chunk) throws IOException;
    }

    /** The body's length in bytes, or -1 when unknown (sent chunked). */
    long size();

    /** The Content-Type to send unless the request sets one, or null. */
    String contentType();

    /** Writes the whole body to {@code sink}. Suspends. */
    void writeTo(Sink sink) throws IOException;

    /**
     * Whether the body can be written again (bytes, text, a file, a form): needed to resend it on
     * a 307/308 redirect or the stale-connection retry. A stream or iterator can be written once.
     */
    default boolean reusable() {
        return true;
    }

    /** These bytes ({@code application/octet-stream}). */
    static Payload of(byte[] data) {
        return new BytesPayload(Objects.requireNonNull(data, "data").clone(), "application/octet-stream");
    }

    /** These bytes with this Content-Type. */
    static Payload of(byte[] data, String contentType) {
        return new BytesPayload(Objects.requireNonNull(data, "data").clone(), Objects.requireNonNull(contentType, "contentType"));
    }

    /** Text in UTF-8 ({@code text/plain; charset=utf-8}). */
    static Payload ofText(String text) {
        return new BytesPayload(Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8),
                "text/plain; charset=utf-8");
    }

    /**
     * A file streamed from disk in 64 KiB reads on jasyncio's file threads (aiohttp's
     * {@code IOBasePayload}); its size is taken when the request is sent.
     */
    static Payload ofFile(Path file) {
        Objects.requireNonNull(file, "file");
        return new Payload() {
            @Override
            public long size() {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return -1;
                }
            }

            @Override
            public String contentType() {
                return MultipartWriter.guessType(file.getFileName().toString());
            }

            @Override
            public void writeTo(Sink sink) throws IOException {
                try (AsyncFile f = AsyncFile.open(file, "rb")) {
                    while (true) {
                        byte[] b = f.readBytes(AsyncFile.DEFAULT_BUFFER_SIZE);
                        if (b.length == 0) {
                            return;
                        }
                        sink.write(b);
                    }
                }
            }
        };
    }

    /**
     * Chunks from an async iterable (aiohttp's {@code AsyncIterablePayload}: {@code data=} an async
     * generator); sent chunked, once. {@code hasNext()}/{@code next()} may suspend; the next chunk
     * is asked for only after the socket took the last one.
     */
    static Payload ofChunks(Iterable<byte[]> chunks) {
        Objects.requireNonNull(chunks, "chunks");
        return new StreamedPayload() {
            @Override
            public void writeTo(Sink sink) throws IOException {
                for (byte[] b : chunks) {
                    if (b.length > 0) {
                        sink.write(b);
                    }
                }
            }
        };
    }

    /** What a {@link StreamReader} yields until its EOF (aiohttp accepts a StreamReader as {@code data=}); sent chunked, once. */
    static Payload ofStream(StreamReader reader) {
        Objects.requireNonNull(reader, "reader");
        return new StreamedPayload() {
            @Override
            public void writeTo(Sink sink) throws IOException {
                while (true) {
                    byte[] b = reader.read(64 * 1024);
                    if (b.length == 0) {
                        return;
                    }
                    sink.write(b);
                }
            }
        };
    }
}
