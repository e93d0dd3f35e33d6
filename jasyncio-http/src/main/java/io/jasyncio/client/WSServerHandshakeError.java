package io.jasyncio.client;

import java.net.URI;

/**
 * The server did not accept the WebSocket handshake (not a 101, a wrong Upgrade or Connection
 * header, a wrong {@code Sec-WebSocket-Accept}): aiohttp's {@code WSServerHandshakeError}.
 */
public final class WSServerHandshakeError extends ClientResponseError {
    private static final long serialVersionUID = 1L;

    public WSServerHandshakeError(int status, String message, URI url) {
        super(status, message, url);
    }
}
