package io.jasyncio.web;

/** 422 Unprocessable Entity: aiohttp's {@code web.HTTPUnprocessableEntity}. */
public class HTTPUnprocessableEntity extends HTTPException {
    /** The answer with aiohttp's default text. */
    public HTTPUnprocessableEntity() {
        super(422);
    }

    /** The answer with this text body. */
    public HTTPUnprocessableEntity(String text) {
        super(422, null, text);
    }
}
