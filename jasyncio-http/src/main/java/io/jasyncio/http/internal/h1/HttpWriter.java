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

    private byte[] out = new byte[512];
    private int len;
    private long dateSecond = Long.MIN_VALUE;
    private String date;

    /** The current time as an IMF-fixdate (RFC 9110 §5.6.7), cached for the second. */
    public String date(long epochMillis) {
        long second = epochMillis / 1000;
        if (second != dateSecond) {
            dateSecond = second;
            date = IMF_FIXDATE.format(Instant.ofEpochSecond(second));
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
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status must have three digits: " + status);
        }
        Headers.checkValue("reason", reason);
        len = 0;
        ascii(versionMinor == 0 ? "HTTP/1.0 " : "HTTP/1.1 ");
        byteOut((byte) ('0' + status / 100));
        byteOut((byte) ('0' + status / 10 % 10));
        byteOut((byte) ('0' + status % 10));
        byteOut((byte) ' ');
        latin1(reason);
        return finish(headers);
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
