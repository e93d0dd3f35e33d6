package io.jasyncio.web;

/**
 * What {@link WebSocketResponse#canPrepare(Request)} found: aiohttp's {@code WebSocketReady}.
 *
 * <p>Immutable.
 *
 * @param ok whether the request is a WebSocket handshake the response would accept
 * @param protocol the subprotocol it would choose, or null (none offered, none in common, or not ok)
 */
public record WebSocketReady(boolean ok, String protocol) {
}
