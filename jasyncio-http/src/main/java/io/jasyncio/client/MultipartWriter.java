package io.jasyncio.client;

import java.io.IOException;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A multipart body (RFC 2046, and {@code multipart/form-data} of RFC 7578): aiohttp's
 * {@code MultipartWriter}. Parts are payloads with their own headers; each is written in turn,
 * so a file part streams from disk and the whole body is never held in memory. The size is
 * known (and sent as Content-Length) when every part's is.
 *
 * <pre>{@code
 * MultipartWriter mp = new MultipartWriter("mixed");
 * mp.append(Payload.ofText("hello"), Map.of());
 * mp.append(Payload.ofFile(Path.of("report.pdf")), Map.of());
 * session.post(url, RequestOptions.defaults().withData(mp));
 * }</pre>
 *
 * <p>Loop-confined while it is written; appending after it was sent is allowed but not useful.
 */
public final class MultipartWriter implements Payload {
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Part(Payload body, Map<String, String> headers) {}

    private final String subtype;
    private final String boundary;
    private final List<Part> parts = new ArrayList<>();

    /** A writer of {@code multipart/<subtype>} ("mixed", "form-data"...) with a random boundary. */
    public MultipartWriter(String subtype) {
        this(subtype, HexFormat.of().formatHex(randomBytes())); // aiohttp: uuid4().hex, 32 hex digits
    }

    /** A writer with this boundary (1 to 70 token characters, RFC 2046 §5.1.1). */
    public MultipartWriter(String subtype, String boundary) {
        this.subtype = Objects.requireNonNull(subtype, "subtype");
        this.boundary = Objects.requireNonNull(boundary, "boundary");
        if (boundary.isEmpty() || boundary.length() > 70 || !boundary.chars().allMatch(c -> c > 32 && c < 127 && c != '"')) {
            throw new IllegalArgumentException("boundary must be 1 to 70 visible ASCII characters without '\"', got " + boundary);
        }
        io.jasyncio.http.Headers.checkName(subtype);
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return b;
    }

    /** The boundary between parts. */
    public String boundary() {
        return boundary;
    }

    /**
     * Adds a part with these headers (a Content-Type is taken from the payload unless given).
     * Returns this writer.
     */
    public MultipartWriter append(Payload part, Map<String, String> headers) {
        Objects.requireNonNull(part, "part");
        Objects.requireNonNull(headers, "headers");
        Map<String, String> h = new LinkedHashMap<>();
        headers.forEach((k, v) -> {
            io.jasyncio.http.Headers.checkName(k);
            // Part headers are UTF-8 (RFC 7578 §5.1), so only CR, LF and NUL are refused here.
            if (v == null || v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0 || v.indexOf(0) >= 0) {
                throw new IllegalArgumentException("part header " + k + ": value is null or holds CR, LF or NUL");
            }
            h.put(k, v);
        });
        if (h.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("Content-Type")) && part.contentType() != null) {
            h.put("Content-Type", part.contentType());
        }
        parts.add(new Part(part, h));
        return this;
    }

    @Override
    public long size() {
        long total = 0;
        for (Part p : parts) {
            long n = p.body.size();
            if (n < 0) {
                return -1;
            }
            total += partHead(p).length + n + 2;
        }
        return total + closing().length;
    }

    @Override
    public String contentType() {
        return "multipart/" + subtype + "; boundary=" + boundary;
    }

    @Override
    public boolean reusable() {
        return parts.stream().allMatch(p -> p.body.reusable());
    }

    @Override
    public void writeTo(Sink sink) throws IOException {
        for (Part p : parts) {
            sink.write(partHead(p));
            p.body.writeTo(sink);
            sink.write(CRLF);
        }
        sink.write(closing());
    }

    private static final byte[] CRLF = {'\r', '\n'};

    private byte[] partHead(Part p) {
        StringBuilder s = new StringBuilder("--").append(boundary).append("\r\n");
        p.headers.forEach((k, v) -> s.append(k).append(": ").append(v).append("\r\n"));
        return s.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] closing() {
        return ("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** A Content-Type for a file name (the JDK's table), {@code application/octet-stream} if unknown. */
    static String guessType(String filename) {
        String t = URLConnection.getFileNameMap().getContentTypeFor(filename);
        return t != null ? t : "application/octet-stream";
    }

    /**
     * A quoted Content-Disposition parameter value as browsers write it (HTML's
     * multipart/form-data encoding: {@code "}, CR and LF percent-escaped, other UTF-8 as is).
     */
    static String quoted(String value) {
        return "\"" + value.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A") + "\"";
    }
}
