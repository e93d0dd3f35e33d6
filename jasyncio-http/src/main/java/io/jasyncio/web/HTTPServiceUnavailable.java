package io.jasyncio.web;

/** 503 Service Unavailable: aiohttp's {@code web.HTTPServiceUnavailable}. */
public class HTTPServiceUnavailable extends HTTPException {
    /** The answer with aiohttp's default text. */
    public HTTPServiceUnavailable() {
        super(503);
    }

    /** The answer with this text body. */
    public HTTPServiceUnavailable(String text) {
        super(503, null, text);
    }
}
