package io.jasyncio.http.internal.h1;

/** The reason phrases of RFC 9110's status codes (aiohttp's {@code HTTPStatus.phrase}). */
public final class HttpStatus {
    private HttpStatus() {}

    private static final String[] REASONS = new String[600];

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
            REASONS[Integer.parseInt(table[i])] = table[i + 1];
        }
    }

    /** The standard reason phrase of {@code status}, or an empty string for an unknown code. */
    public static String reason(int status) {
        String r = status >= 100 && status < 600 ? REASONS[status] : null;
        return r == null ? "" : r;
    }
}
