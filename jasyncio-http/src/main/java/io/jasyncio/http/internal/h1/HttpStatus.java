package io.jasyncio.http.internal.h1;

import java.nio.charset.StandardCharsets;

/**
 * The reason phrases of RFC 9110's status codes (aiohttp's {@code HTTPStatus.phrase}), and their
 * status lines as bytes. Immutable, thread-safe.
 */
public final class HttpStatus {
    private HttpStatus() {}

    private static final String[] REASONS = new String[600];
    /** {@code "HTTP/1.x NNN Reason\r\n"} per HTTP/1.0 ([0]) and 1.1 ([1]) and code; null where no phrase. */
    private static final byte[][][] LINES = new byte[2][600][];

    static {
        String[] table = {
            "100", "Continue", "101", "Switching Protocols", "200", "OK", "201", "Created", "202", "Accepted",
            "203", "Non-Authoritative Information", "204", "No Content", "205", "Reset Content", "206", "Partial Content",
            "300", "Multiple Choices", "301", "Moved Permanently", "302", "Found", "303", "See Other", "304", "Not Modified",
            "307", "Temporary Redirect", "308", "Permanent Redirect", "400", "Bad Request", "401", "Unauthorized",
            "402", "Payment Required", "403", "Forbidden", "404", "Not Found", "405", "Method Not Allowed",
            "406", "Not Acceptable", "407", "Proxy Authentication Required", "408", "Request Timeout", "409", "Conflict",
            "410", "Gone", "411", "Length Required", "412", "Precondition Failed", "413", "Request Entity Too Large",
            "414", "Request-URI Too Long", "415", "Unsupported Media Type", "416", "Requested Range Not Satisfiable",
            "417", "Expectation Failed", "421", "Misdirected Request", "422", "Unprocessable Entity", "426", "Upgrade Required",
            "428", "Precondition Required", "429", "Too Many Requests", "431", "Request Header Fields Too Large",
            "451", "Unavailable For Legal Reasons", "500", "Internal Server Error", "501", "Not Implemented",
            "502", "Bad Gateway", "503", "Service Unavailable", "504", "Gateway Timeout", "505", "HTTP Version Not Supported",
        };
        for (int i = 0; i < table.length; i += 2) {
            int code = Integer.parseInt(table[i]);
            REASONS[code] = table[i + 1];
            for (int minor = 0; minor <= 1; minor++) {
                LINES[minor][code] = ("HTTP/1." + minor + " " + code + " " + table[i + 1] + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
            }
        }
    }

    /**
     * The status line of {@code status} with its standard phrase, CRLF included, shared (do not
     * modify), or null when the code has no standard phrase or {@code reason} is not it.
     */
    public static byte[] statusLine(int versionMinor, int status, String reason) {
        if (status < 100 || status >= 600 || REASONS[status] == null || !REASONS[status].equals(reason)) {
            return null;
        }
        return LINES[versionMinor == 0 ? 0 : 1][status];
    }

    /** The standard reason phrase of {@code status}, or an empty string for an unknown code. */
    public static String reason(int status) {
        String r = status >= 100 && status < 600 ? REASONS[status] : null;
        return r == null ? "" : r;
    }
}
