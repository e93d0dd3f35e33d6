package io.jasyncio.client;

import java.net.URI;

/**
 * {@link ClientResponse#json(Class)} on a response whose Content-Type is not JSON:
 * aiohttp's {@code ContentTypeError}, a {@link ClientResponseError} with the response's status.
 */
public final class ContentTypeError extends ClientResponseError {
    private static final long serialVersionUID = 1L;

    public ContentTypeError(int status, String message, URI url) {
        super(status, message, url);
    }
}
