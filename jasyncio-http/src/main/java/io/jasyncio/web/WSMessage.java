package io.jasyncio.web;

import java.nio.charset.StandardCharsets;

/**
 * One message received on a WebSocket: aiohttp's {@code WSMessage}.
 *
 * <p>Immutable (do not change the array {@link #data()} returns).
 */
public final class WSMessage {
    private final WSMsgType type;
    private final byte[] data;
    private final int closeCode;

    /**
     * A message of this type with this payload and close code (0 unless CLOSE, CLOSED or ERROR);
     * public so the client's {@code ClientWebSocketResponse} hands out the same messages.
     */
    public WSMessage(WSMsgType type, byte[] data, int closeCode) {
        this.type = type;
        this.data = data;
        this.closeCode = closeCode;
    }

    /** The kind of message. */
    public WSMsgType type() {
        return type;
    }

    /** The payload bytes (UTF-8 for TEXT, the reason for CLOSE and ERROR). */
    public byte[] data() {
        return data;
    }

    /** The payload as text. */
    public String text() {
        return new String(data, StandardCharsets.UTF_8);
    }

    /** The payload parsed as JSON into a {@code type} with the default codec. */
    public <T> T json(Class<T> valueType) {
        return JsonCodec.jackson().loads(data, valueType);
    }

    /** The close code for CLOSE, CLOSED and ERROR (0 otherwise). */
    public int closeCode() {
        return closeCode;
    }

    @Override
    public String toString() {
        return "WSMessage(" + type + ", " + (type == WSMsgType.BINARY ? data.length + " bytes" : text())
                + (closeCode != 0 ? ", " + closeCode : "") + ")";
    }
}
