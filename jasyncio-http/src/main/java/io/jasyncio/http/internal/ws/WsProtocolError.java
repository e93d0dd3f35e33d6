package io.jasyncio.http.internal.ws;

/** A WebSocket protocol violation, with the close code to send (RFC 6455 §7.4.1): aiohttp's {@code WebSocketError}. */
public final class WsProtocolError extends Exception {
    private final int closeCode;

    /** A violation answered with {@code closeCode} (1002 protocol error, 1007 bad data, 1009 too big). */
    public WsProtocolError(int closeCode, String message) {
        super(message);
        this.closeCode = closeCode;
    }

    /** The close code to send. */
    public int closeCode() {
        return closeCode;
    }
}
