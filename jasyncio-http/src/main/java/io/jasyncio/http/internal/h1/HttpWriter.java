package io.jasyncio.http.internal.h1;

import io.jasyncio.http.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;

/**
 * Serialises HTTP/1.1 heads and chunk framing into bytes: the writer half of the codec, shared by
 * the server (responses) and the client (requests), aiohttp's {@code StreamWriter.write_headers}.
 *
 * <p>Stateless apart from a per-second cache of the {@code Date} value; loop-confined for that
 * cache. Header names and values are checked by {@link Headers} when set, so what is written here
 * cannot split the head; the start line's parts are checked here.
 */
public final class HttpWriter {
    /** The last chunk and an empty trailer section. */
    public static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    /** The interim answer to {@code Expect: 100-continue}. */
    public static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final byte[] CRLF = {'\r', '\n'};

    private static final byte[] NONE = new byte[0];
    private static final byte[] HTTP_10 = bytes("HTTP/1.0 ");
    private static final byte[] HTTP_11 = bytes("HTTP/1.1 ");
    private static final byte[] CONTENT_LENGTH = bytes("Content-Length: ");
    private static final byte[] CHUNKED = bytes("Transfer-Encoding: chunked\r\n");
    private static final byte[] SERVER = bytes("Server: " + ResponseFraming.SERVER + "\r\n");
    private static final byte[] CONNECTION_CLOSE = bytes("Connection: close\r\n");
    private static final byte[] CONNECTION_KEEP_ALIVE = bytes("Connection: keep-alive\r\n");

    private byte[] out = new byte[512];
    private int len;
    private long dateSecond = Long.MIN_VALUE;
    private String date;
    private byte[] dateLine;

    /** The current time as an IMF-fixdate (RFC 9110 §5.6.7), cached for the second, as aiohttp caches it. */
    public String date(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        if (second != dateSecond) {
            dateSecond = second;
            date = IMF_FIXDATE.format(Instant.ofEpochSecond(second));
            dateLine = bytes("Date: " + date + "\r\n");
        }
        return date;
    }

    /** Formats an instant as an IMF-fixdate. */
    public static String formatDate(Instant instant) {
        return IMF_FIXDATE.format(instant);
    }

    /** Parses an IMF-fixdate, or returns null when {@code value} is not one. */
    public static Instant parseDate(String value) {
        try {
            return IMF_FIXDATE.parse(value, Instant::from);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /**
     * A response head: status line, the fields, the blank line.
     *
     * @throws IllegalArgumentException if the status is not 100..999 or the reason holds CR, LF or NUL
     */
    public byte[] responseHead(int versionMinor, int status, String reason, Headers headers) {
        return responseHead(versionMinor, status, reason, headers, null, null);
    }

    /**
     * A response head, then the server's {@code framing} fields written from their values (after
     * the handler's fields, as {@link ResponseFraming#accept} would add them), then {@code body}:
     * one array of exactly that size. The status line of a standard phrase is a shared constant,
     * Content-Length is written as digits, Date comes from the per-second cache: no String is made
     * per response. {@code headers} must hold none of the framing's fields (see
     * {@link ResponseFraming#present}), or the head would hold them twice.
     *
     * @param framing the server's fields, or null for none
     * @param body bytes to append after the head, or null
     * @throws IllegalArgumentException if the status is not 100..999 or the reason holds CR, LF or NUL
     */
    public byte[] responseHead(int versionMinor, int status, String reason, Headers headers,
            ResponseFraming framing, byte[] body) {
        byte[] line = HttpStatus.statusLine(versionMinor, status, reason);
        if (line == null) {
            line = statusLine(versionMinor, status, reason);
        }
        int n = headers.size();
        int size = line.length + 2 + (body == null ? 0 : body.length);
        for (int i = 0; i < n; i++) {
            size += headers.name(i).length() + headers.value(i).length() + 4;
        }
        byte[] dateBytes = null;
        int digits = 0;
        if (framing != null) {
            if (framing.chunked()) {
                size += CHUNKED.length;
            } else if (framing.contentLength() >= 0) {
                digits = digits(framing.contentLength());
                size += CONTENT_LENGTH.length + digits + 2;
            }
            if (framing.date() != null) {
                dateBytes = framing.date() == date ? dateLine : bytes("Date: " + framing.date() + "\r\n");
                size += dateBytes.length;
            }
            size += (framing.server() ? SERVER.length : 0) + connectionLine(framing).length;
        }
        byte[] b = new byte[size];
        System.arraycopy(line, 0, b, 0, line.length);
        int at = line.length;
        for (int i = 0; i < n; i++) {
            at = latin1(headers.name(i), b, at);
            b[at++] = ':';
            b[at++] = ' ';
            at = latin1(headers.value(i), b, at);
            b[at++] = '\r';
            b[at++] = '\n';
        }
        if (framing != null) {
            if (framing.chunked()) {
                at = put(CHUNKED, b, at);
            } else if (framing.contentLength() >= 0) {
                at = put(CONTENT_LENGTH, b, at);
                long v = framing.contentLength();
                for (int k = at + digits - 1; k >= at; k--) {
                    b[k] = (byte) ('0' + v % 10);
                    v /= 10;
                }
                at += digits;
                b[at++] = '\r';
                b[at++] = '\n';
            }
            if (dateBytes != null) {
                at = put(dateBytes, b, at);
            }
            if (framing.server()) {
                at = put(SERVER, b, at);
            }
            at = put(connectionLine(framing), b, at);
        }
        b[at++] = '\r';
        b[at++] = '\n';
        if (body != null) {
            System.arraycopy(body, 0, b, at, body.length);
        }
        return b;
    }

    private static byte[] connectionLine(ResponseFraming framing) {
        String c = framing.connection();
        if (c == null) {
            return NONE;
        }
        return c.equals("close") ? CONNECTION_CLOSE : c.equals("keep-alive") ? CONNECTION_KEEP_ALIVE
                : bytes("Connection: " + c + "\r\n");
    }

    /** The status line of a code without its standard phrase: built, and checked, per response. */
    private static byte[] statusLine(int versionMinor, int status, String reason) {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status must have three digits: " + status);
        }
        Headers.checkValue("reason", reason);
        byte[] b = new byte[9 + 4 + reason.length() + 2];
        put(versionMinor == 0 ? HTTP_10 : HTTP_11, b, 0);
        b[9] = (byte) ('0' + status / 100);
        b[10] = (byte) ('0' + status / 10 % 10);
        b[11] = (byte) ('0' + status % 10);
        b[12] = ' ';
        int at = latin1(reason, b, 13);
        b[at] = '\r';
        b[at + 1] = '\n';
        return b;
    }

    private static int digits(long v) {
        int d = 1;
        while (v >= 10) {
            v /= 10;
            d++;
        }
        return d;
    }

    private static int put(byte[] part, byte[] b, int at) {
        System.arraycopy(part, 0, b, at, part.length);
        return at + part.length;
    }

    // Every char written here was checked to be Latin-1 (Headers, the start line's checks), so
    // String's low-byte copy is exact; for a Latin-1 String it is one array copy.
    @SuppressWarnings("deprecation")
    private static int latin1(String s, byte[] b, int at) {
        int n = s.length();
        s.getBytes(0, n, b, at);
        return at + n;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A request head: request line, the fields, the blank line.
     *
     * @throws IllegalArgumentException if the method is not a token or the target holds a space or CTL
     */
    public byte[] requestHead(String method, String target, Headers headers) {
        Headers.checkName(method);
        if (target == null || target.isEmpty()) {
            throw new IllegalArgumentException("target is empty");
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new IllegalArgumentException("target holds a space, control or non-ASCII char at " + i + ": " + target);
            }
        }
        len = 0;
        ascii(method);
        byteOut((byte) ' ');
        ascii(target);
        ascii(" HTTP/1.1");
        return finish(headers);
    }

    /** The line that starts a chunk of {@code size} bytes (hex size, CRLF). */
    public static byte[] chunkHeader(long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("a data chunk must not be empty: " + size);
        }
        return (Long.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** CRLF, which ends every chunk's data. */
    public static byte[] crlf() {
        return CRLF.clone();
    }

    private byte[] finish(Headers headers) {
        crlfOut();
        for (int i = 0; i < headers.size(); i++) {
            latin1(headers.name(i));
            byteOut((byte) ':');
            byteOut((byte) ' ');
            latin1(headers.value(i));
            crlfOut();
        }
        crlfOut();
        return Arrays.copyOf(out, len);
    }

    private void crlfOut() {
        byteOut((byte) '\r');
        byteOut((byte) '\n');
    }

    private void ascii(String s) {
        latin1(s);
    }

    // Every char written here was checked to be Latin-1 (Headers, the start line's checks), so
    // String's low-byte copy is exact; for a Latin-1 String it is one array copy, where a charAt
    // loop over every header of every response cost a tenth of a pipelined request's CPU.
    @SuppressWarnings("deprecation")
    private void latin1(String s) {
        int n = s.length();
        if (len + n > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, len + n + 64));
        }
        s.getBytes(0, n, out, len);
        len += n;
    }

    private void byteOut(byte b) {
        if (len == out.length) {
            out = Arrays.copyOf(out, out.length * 2);
        }
        out[len++] = b;
    }
}
