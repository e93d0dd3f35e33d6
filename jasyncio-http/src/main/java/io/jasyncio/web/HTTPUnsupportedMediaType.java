package io.jasyncio.web;

/** 415 Unsupported Media Type: aiohttp's {@code web.HTTPUnsupportedMediaType}. */
public class HTTPUnsupportedMediaType extends HTTPException {
    /** The answer with aiohttp's default text. */
    public HTTPUnsupportedMediaType() {
        super(415);
    }

    /** The answer with this text body. */
    public HTTPUnsupportedMediaType(String text) {
        super(415, null, text);
    }
}
