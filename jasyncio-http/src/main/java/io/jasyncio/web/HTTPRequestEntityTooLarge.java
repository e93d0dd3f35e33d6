package io.jasyncio.web;

/** 413: the body is over {@code clientMaxSize}; aiohttp's {@code web.HTTPRequestEntityTooLarge}. */
public class HTTPRequestEntityTooLarge extends HTTPException {
    /** A body of {@code actualSize} bytes (or more) passed {@code maxSize}. */
    public HTTPRequestEntityTooLarge(long maxSize, long actualSize) {
        super(413, null, "Maximum request body size " + maxSize + " exceeded, actual body size " + actualSize);
    }
}
