package io.jasyncio.client;

import java.io.IOException;

/**
 * The root of the HTTP client's errors: aiohttp's {@code ClientError}. An {@link IOException},
 * so one {@code catch (IOException e)} covers the client, the transports and the files alike.
 * Timeouts are not here: they are {@link io.jasyncio.TimeoutError}, as in aiohttp (3.x raises
 * {@code asyncio.TimeoutError}), with a message naming the phase (connect, read, total).
 */
public class ClientError extends IOException {
    private static final long serialVersionUID = 1L;

    public ClientError(String message) {
        super(message);
    }

    public ClientError(String message, Throwable cause) {
        super(message, cause);
    }
}
