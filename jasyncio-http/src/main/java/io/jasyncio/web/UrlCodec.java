package io.jasyncio.web;

import io.jasyncio.http.MultiDict;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Percent-decoding of paths and forms, and encoding of path segments (yarl's quoting, in short). */
final class UrlCodec {
    private UrlCodec() {}

    /**
     * Decodes %XX escapes as UTF-8 ({@code plus}: '+' is a space, as in forms).
     *
     * @throws HTTPBadRequest on a malformed escape
     */
    static String decode(String s, boolean plus) {
        if (s.indexOf('%') < 0 && (!plus || s.indexOf('+') < 0)) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0) {
                    throw new HTTPBadRequest("malformed percent-escape in " + s);
                }
                out.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else if (plus && c == '+') {
                out.write(' ');
            } else if (c < 0x80) {
                out.write(c);
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Parses {@code a=1&b=2&a=3} (application/x-www-form-urlencoded) into a multi-map. */
    static MultiDict<String> parseForm(String s) {
        MultiDict<String> out = new MultiDict<>();
        if (s == null || s.isEmpty()) {
            return out;
        }
        int i = 0;
        while (i <= s.length()) {
            int amp = s.indexOf('&', i);
            if (amp < 0) {
                amp = s.length();
            }
            if (amp > i) {
                int eq = s.indexOf('=', i);
                if (eq < 0 || eq > amp) {
                    out.add(decode(s.substring(i, amp), true), "");
                } else {
                    out.add(decode(s.substring(i, eq), true), decode(s.substring(eq + 1, amp), true));
                }
            }
            i = amp + 1;
        }
        return out;
    }

    /** Encodes a path segment value: unreserved and sub-delims stay, everything else is %XX (UTF-8). */
    static String encodeSegment(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~!$&'()*+,;=:@".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }
}
