package io.jasyncio.client;

/**
 * A response body that is cut short or malformed (fewer bytes than its Content-Length, a broken
 * chunk, bad compression): aiohttp's {@code ClientPayloadError}.
 */
public final class ClientPayloadError extends ClientError {
    private static final long serialVersionUID = 1L;

    public ClientPayloadError(String message) {
        super(message);
    }

    public ClientPayloadError(String message, Throwable cause) {
        super(message, cause);
    }
}
