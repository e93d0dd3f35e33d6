package io.jasyncio.http;

import java.io.IOException;

/**
 * A malformed or refused HTTP/1.1 message: aiohttp's {@code http_exceptions.BadHttpMessage}
 * (with its subclasses {@code LineTooLong}, {@code InvalidHeader}, {@code BadStatusLine},
 * {@code TransferEncodingError}, {@code ContentLengthError} folded into one type that carries the
 * status a server answers with).
 *
 * <p>Immutable. {@link #status()} is 400 for a malformed message, 431 for a header line or header
 * count over the limit, 413 for a body over the limit, 501 for a transfer coding we do not
 * implement, 505 for an HTTP version other than 1.0 and 1.1.
 */
public final class BadHttpMessage extends IOException {
    private final int status;

    /** A refusal with this status (400, 413, 431, 501 or 505) and a message naming what was wrong. */
    public BadHttpMessage(int status, String message) {
        super(message);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be 4xx or 5xx: " + status);
        }
        this.status = status;
    }

    /** The status a server answers this message with. */
    public int status() {
        return status;
    }
}
