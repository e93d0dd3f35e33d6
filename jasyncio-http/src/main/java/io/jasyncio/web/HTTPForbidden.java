package io.jasyncio.web;

/** 403 Forbidden: aiohttp's {@code web.HTTPForbidden}. */
public class HTTPForbidden extends HTTPException {
    /** The answer with aiohttp's default text. */
    public HTTPForbidden() {
        super(403);
    }

    /** The answer with this text body. */
    public HTTPForbidden(String text) {
        super(403, null, text);
    }
}
