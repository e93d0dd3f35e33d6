package io.jasyncio.web;

import java.io.IOException;

/**
 * A WebSocket protocol violation by the peer (RFC 6455 §7.4.1), with the close code it was
 * answered with: aiohttp's {@code WebSocketError}. {@link WebSocketResponse#exception()} and the
 * client's {@code exception()} return it after such a close; the ERROR message carries the same
 * code and text. The frame parser raises it too, which is how the session learns the code.
 *
 * <p>Immutable.
 */
public final class WebSocketError extends IOException {
    private final int code;

    /** A violation answered with close code {@code code} (1002 protocol error, 1007 bad data, 1009 too big). */
    public WebSocketError(int code, String message) {
        super(message);
        this.code = code;
    }

    /** The close code sent to the peer. */
    public int code() {
        return code;
    }
}
