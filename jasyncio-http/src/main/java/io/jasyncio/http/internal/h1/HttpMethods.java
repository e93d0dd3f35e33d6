package io.jasyncio.http.internal.h1;

import java.nio.charset.StandardCharsets;

/** The common request methods as shared constants, so parsing one allocates nothing. */
final class HttpMethods {
    private HttpMethods() {}

    private static final String[] KNOWN = {"GET", "POST", "PUT", "HEAD", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE"};

    static String intern(byte[] b, int from, int to) {
        outer:
        for (String m : KNOWN) {
            if (m.length() != to - from) {
                continue;
            }
            for (int i = 0; i < m.length(); i++) {
                if (b[from + i] != m.charAt(i)) {
                    continue outer;
                }
            }
            return m;
        }
        return new String(b, from, to - from, StandardCharsets.US_ASCII);
    }
}
