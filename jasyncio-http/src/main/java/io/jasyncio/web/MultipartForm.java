package io.jasyncio.web;

import io.jasyncio.Asyncio;
import io.jasyncio.http.MultiDict;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code request.post()} for multipart bodies: text fields in memory, files streamed into
 * temporary files (the writes run on the default executor: file I/O must not block the loop),
 * the whole bounded by {@code clientMaxSize} as in aiohttp.
 */
final class MultipartForm {
    private MultipartForm() {}

    static void read(MultipartReader reader, long max, MultiDict<Object> out) throws IOException {
        long total = 0;
        for (MultipartReader.Part part = reader.next(); part != null; part = reader.next()) {
            String name = part.name();
            if (name == null) {
                throw new HTTPBadRequest("a multipart form part has no name");
            }
            String filename = part.filename();
            if (filename == null) {
                ByteArrayOutputStream text = new ByteArrayOutputStream();
                for (byte[] c = part.readChunk(); c.length > 0; c = part.readChunk()) {
                    total += c.length;
                    if (total > max) {
                        throw new HTTPRequestEntityTooLarge(max, total);
                    }
                    text.writeBytes(c);
                }
                out.add(name, text.toString(StandardCharsets.UTF_8));
                continue;
            }
            Path file = Asyncio.toThread(() -> {
                Path f = Files.createTempFile("jasyncio-upload-", ".part");
                f.toFile().deleteOnExit();
                return f;
            });
            long size = 0;
            try (FileChannel channel = Asyncio.toThread(() -> FileChannel.open(file, StandardOpenOption.WRITE))) {
                for (byte[] c = part.readChunk(); c.length > 0; c = part.readChunk()) {
                    total += c.length;
                    size += c.length;
                    if (total > max) {
                        throw new HTTPRequestEntityTooLarge(max, total);
                    }
                    ByteBuffer data = ByteBuffer.wrap(c);
                    Asyncio.toThread(() -> {
                        while (data.hasRemaining()) {
                            channel.write(data);
                        }
                        return null;
                    });
                }
            }
            out.add(name, new FileField(name, filename, part.headers().getOrDefault("Content-Type", "application/octet-stream"), file, size));
        }
    }
}
