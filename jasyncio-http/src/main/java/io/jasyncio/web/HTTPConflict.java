package io.jasyncio.web;

/** 409 Conflict: aiohttp's {@code web.HTTPConflict}. */
public class HTTPConflict extends HTTPException {
    /** The answer with aiohttp's default text. */
    public HTTPConflict() {
        super(409);
    }

    /** The answer with this text body. */
    public HTTPConflict(String text) {
        super(409, null, text);
    }
}
