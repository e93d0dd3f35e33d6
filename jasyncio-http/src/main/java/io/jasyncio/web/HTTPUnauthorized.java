package io.jasyncio.web;

/** 401 Unauthorized: aiohttp's {@code web.HTTPUnauthorized}. */
public class HTTPUnauthorized extends HTTPException {
    /** The answer with aiohttp's default text. */
    public HTTPUnauthorized() {
        super(401);
    }

    /** The answer with this text body. */
    public HTTPUnauthorized(String text) {
        super(401, null, text);
    }
}
