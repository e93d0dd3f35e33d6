package io.jasyncio.web;

import io.jasyncio.http.Headers;
import io.jasyncio.http.internal.h1.HttpStatus;

/**
 * An HTTP answer raised as an exception: aiohttp's {@code web.HTTPException}. A handler or
 * middleware throws it ({@code throw new HTTPNotFound()}); the server answers with its status,
 * headers and text. The subclasses carry aiohttp's names ({@code HTTPNotFound},
 * {@code HTTPBadRequest}, {@code HTTPFound}, ...); any status works with this class directly.
 *
 * <p>Loop-confined like a response. Difference from aiohttp: Java cannot make one class both a
 * response and an exception, so {@link #toResponse()} builds the response.
 */
public class HTTPException extends RuntimeException {
    private final int status;
    private final String reason;
    private final String text;
    private final Headers headers = new Headers();

    /** An answer with {@code status}, its standard reason, and "STATUS: Reason" as text (aiohttp's default body). */
    public HTTPException(int status) {
        this(status, null, null);
    }

    /**
     * An answer with {@code status}, a reason (null: the standard one) and a text body (null: "STATUS: Reason").
     *
     * @throws IllegalArgumentException if the status is not 100..599
     */
    public HTTPException(int status, String reason, String text) {
        super(status + " " + (reason == null ? HttpStatus.reason(status) : reason));
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be 100..599: " + status);
        }
        this.status = status;
        this.reason = reason == null ? HttpStatus.reason(status) : reason;
        this.text = text == null ? (status >= 400 ? status + ": " + this.reason : "") : text;
    }

    /** The status code. */
    public final int status() {
        return status;
    }

    /** The reason phrase. */
    public final String reason() {
        return reason;
    }

    /** The text body. */
    public final String text() {
        return text;
    }

    /** The extra headers sent with the answer (mutable: add {@code Location}, {@code Allow}...). */
    public final Headers headers() {
        return headers;
    }

    /** The response this exception answers with. */
    public Response toResponse() {
        Response r = new Response(status, reason);
        for (int i = 0; i < headers.size(); i++) {
            r.headers().add(headers.name(i), headers.value(i));
        }
        if (!text.isEmpty() || status >= 400) {
            r.setText(text);
        }
        return r;
    }
}
