package io.jasyncio.http.internal.h1;

/**
 * Byte classes of RFC 9110/9112 as lookup tables, so the parser tests a byte with one load and no
 * branch on ranges (no regular expressions on the hot path).
 */
final class HttpChars {
    private HttpChars() {}

    /** tchar: the bytes of a token (method, header name, transfer coding). */
    static final boolean[] TOKEN = new boolean[256];
    /** field-vchar / SP / HTAB / obs-text: the bytes a header value may hold. */
    static final boolean[] FIELD_VALUE = new boolean[256];
    /** The bytes a request target may hold: visible ASCII (no SP, no CTL, no obs-text). */
    static final boolean[] TARGET = new boolean[256];
    /** reg-name of RFC 3986: unreserved, sub-delims and '%' (of a pct-encoded triple). */
    static final boolean[] REG_NAME = new boolean[256];
    /** The value of a hex digit, or -1. */
    static final byte[] HEX = new byte[256];

    static {
        String extra = "!#$%&'*+-.^_`|~";
        for (int c = 0; c < 256; c++) {
            TOKEN[c] = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || (c < 128 && extra.indexOf(c) >= 0);
            FIELD_VALUE[c] = c == '\t' || (c >= 0x20 && c != 0x7f);
            TARGET[c] = c > 0x20 && c < 0x7f;
            REG_NAME[c] = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || (c < 128 && "-._~!$&'()*+,;=%".indexOf(c) >= 0);
            HEX[c] = (byte) Character.digit(c, 16);
            if (c >= 128) {
                HEX[c] = -1;
            }
        }
    }

    /** ASCII lower case of one byte. */
    static int lower(int b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }

    /** Whether {@code bytes[from, to)} equals the lower-case ASCII {@code lower}, ignoring case. */
    static boolean equalsIgnoreCase(byte[] bytes, int from, int to, String lower) {
        int n = lower.length();
        if (to - from != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (lower(bytes[from + i] & 0xff) != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the comma-separated list in {@code bytes[from, to)} holds the token {@code lower}. */
    static boolean listContains(byte[] bytes, int from, int to, String lower) {
        int i = from;
        while (i < to) {
            while (i < to && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == ',')) {
                i++;
            }
            int start = i;
            while (i < to && bytes[i] != ',') {
                i++;
            }
            int end = i;
            while (end > start && (bytes[end - 1] == ' ' || bytes[end - 1] == '\t')) {
                end--;
            }
            if (end > start && equalsIgnoreCase(bytes, start, end, lower)) {
                return true;
            }
        }
        return false;
    }
}
