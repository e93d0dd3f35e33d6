package io.jasyncio.client;

/**
 * The server closed the connection before its response was complete: aiohttp's
 * {@code ServerDisconnectedError}.
 */
public final class ServerDisconnectedError extends ClientError {
    private static final long serialVersionUID = 1L;

    public ServerDisconnectedError(String message) {
        super(message);
    }
}
