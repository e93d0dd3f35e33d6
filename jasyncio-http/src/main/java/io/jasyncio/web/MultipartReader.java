package io.jasyncio.web;

import io.jasyncio.http.Headers;
import io.jasyncio.streams.StreamReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a {@code multipart/*} body part by part, each part's content streamed in chunks:
 * aiohttp's {@code MultipartReader} and {@code BodyPartReader}.
 *
 * <p>Loop-confined; the methods suspend while the body arrives and throw {@link HTTPBadRequest}
 * on a malformed body, {@link IOException} if the connection fails.
 */
public final class MultipartReader {
    private static final int MAX_HEADER_LINE = 8190;

    private final StreamReader in;
    private final byte[] delimiter;
    private byte[] pending = {'\r', '\n'};
    private boolean partOpen;
    private boolean finished;
    private boolean started;

    MultipartReader(StreamReader in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** One part: its headers, then its content in chunks. */
    public final class Part {
        private final Headers headers;
        private boolean done;

        private Part(Headers headers) {
            this.headers = headers;
        }

        /** The part's headers. */
        public Headers headers() {
            return headers;
        }

        /** The {@code name} of its Content-Disposition (the form field), or null. */
        public String name() {
            return MediaParams.param(headers.get("Content-Disposition"), "name");
        }

        /** The {@code filename} of its Content-Disposition, or null if it is not a file. */
        public String filename() {
            return MediaParams.param(headers.get("Content-Disposition"), "filename");
        }

        /** The next chunk of content; empty once the part is done. Suspends. */
        public byte[] readChunk() throws IOException {
            if (done) {
                return new byte[0];
            }
            byte[] chunk = nextContent();
            if (!partOpen) {
                done = true;
            }
            return chunk;
        }

        /** The rest of the content, whole. */
        public byte[] read() throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] c = readChunk(); c.length > 0 || !done; c = readChunk()) {
                out.writeBytes(c);
            }
            return out.toByteArray();
        }
    }

    /** The next part, or null after the closing delimiter. Unread content of the previous part is skipped. */
    public Part next() throws IOException {
        if (!started) {
            started = true;
            partOpen = true;
            while (partOpen) {
                nextContent();
            }
        }
        while (partOpen) {
            nextContent();
        }
        if (finished) {
            return null;
        }
        Headers headers = new Headers();
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new HTTPBadRequest("malformed multipart part header: " + line);
            }
            try {
                headers.add(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            } catch (IllegalArgumentException e) {
                throw new HTTPBadRequest("malformed multipart part header: " + e.getMessage());
            }
        }
        partOpen = true;
        return new Part(headers);
    }

    /** Content bytes of the open part up to the delimiter; closes the part when the delimiter is reached. */
    private byte[] nextContent() throws IOException {
        while (true) {
            int at = indexOf(pending, delimiter);
            if (at >= 0) {
                byte[] data = Arrays.copyOf(pending, at);
                pending = Arrays.copyOfRange(pending, at + delimiter.length, pending.length);
                partOpen = false;
                afterDelimiter();
                return data;
            }
            int safe = pending.length - delimiter.length + 1;
            if (safe > 0) {
                byte[] data = Arrays.copyOf(pending, safe);
                pending = Arrays.copyOfRange(pending, safe, pending.length);
                return data;
            }
            fill();
        }
    }

    /** After "--boundary": "--" ends the body, else transport padding and CRLF start a part. */
    private void afterDelimiter() throws IOException {
        while (pending.length < 2) {
            fill();
        }
        if (pending[0] == '-' && pending[1] == '-') {
            finished = true;
            pending = new byte[0];
            return;
        }
        String rest = readLine();
        if (!rest.isBlank()) {
            throw new HTTPBadRequest("malformed multipart delimiter line");
        }
    }

    private String readLine() throws IOException {
        while (true) {
            for (int i = 0; i + 1 < pending.length; i++) {
                if (pending[i] == '\r' && pending[i + 1] == '\n') {
                    String line = new String(pending, 0, i, StandardCharsets.UTF_8);
                    pending = Arrays.copyOfRange(pending, i + 2, pending.length);
                    return line;
                }
            }
            if (pending.length > MAX_HEADER_LINE) {
                throw new HTTPBadRequest("multipart header line over " + MAX_HEADER_LINE + " bytes");
            }
            fill();
        }
    }

    private void fill() throws IOException {
        byte[] more = in.read(65536);
        if (more.length == 0) {
            throw new HTTPBadRequest("multipart body cut short (no closing delimiter)");
        }
        byte[] n = Arrays.copyOf(pending, pending.length + more.length);
        System.arraycopy(more, 0, n, pending.length, more.length);
        pending = n;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (hay[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
