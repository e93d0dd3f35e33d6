package io.jasyncio.web;

/** 404 Not Found: aiohttp's {@code web.HTTPNotFound}. */
public class HTTPNotFound extends HTTPException {
    /** The answer with aiohttp's default text. */
    public HTTPNotFound() {
        super(404);
    }

    /** The answer with this text body. */
    public HTTPNotFound(String text) {
        super(404, null, text);
    }
}
