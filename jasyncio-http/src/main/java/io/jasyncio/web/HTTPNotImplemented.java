package io.jasyncio.web;

/** 501 Not Implemented: aiohttp's {@code web.HTTPNotImplemented}. */
public class HTTPNotImplemented extends HTTPException {
    /** The answer with aiohttp's default text. */
    public HTTPNotImplemented() {
        super(501);
    }

    /** The answer with this text body. */
    public HTTPNotImplemented(String text) {
        super(501, null, text);
    }
}
