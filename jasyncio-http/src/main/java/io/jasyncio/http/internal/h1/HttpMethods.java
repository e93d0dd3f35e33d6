package io.jasyncio.http.internal.h1;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The common request methods as shared constants, so parsing one allocates nothing. */
final class HttpMethods {
    private HttpMethods() {}

    private static final String[] KNOWN = {"GET", "POST", "PUT", "HEAD", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE"};
    private static final byte[][] KNOWN_BYTES = new byte[KNOWN.length][];

    static {
        for (int i = 0; i < KNOWN.length; i++) {
            KNOWN_BYTES[i] = KNOWN[i].getBytes(StandardCharsets.US_ASCII);
        }
    }

    static String intern(byte[] b, int from, int to) {
        int n = to - from;
        for (int k = 0; k < KNOWN_BYTES.length; k++) {
            byte[] m = KNOWN_BYTES[k];
            if (m.length == n && Arrays.equals(b, from, to, m, 0, n)) { // runs per request: no String made
                return KNOWN[k];
            }
        }
        return new String(b, from, n, StandardCharsets.US_ASCII);
    }
}
