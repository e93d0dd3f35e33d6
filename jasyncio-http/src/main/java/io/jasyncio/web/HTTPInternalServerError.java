package io.jasyncio.web;

/** 500 Internal Server Error: aiohttp's {@code web.HTTPInternalServerError}. */
public class HTTPInternalServerError extends HTTPException {
    /** The answer with aiohttp's default text. */
    public HTTPInternalServerError() {
        super(500);
    }

    /** The answer with this text body. */
    public HTTPInternalServerError(String text) {
        super(500, null, text);
    }
}
