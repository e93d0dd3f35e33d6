package io.jasyncio.web;

/** 400 Bad Request: aiohttp's {@code web.HTTPBadRequest}. */
public class HTTPBadRequest extends HTTPException {
    /** The answer with aiohttp's default text. */
    public HTTPBadRequest() {
        super(400);
    }

    /** The answer with this text body. */
    public HTTPBadRequest(String text) {
        super(400, null, text);
    }
}
