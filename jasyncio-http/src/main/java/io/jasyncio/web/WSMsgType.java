package io.jasyncio.web;

/** The kinds of {@link WSMessage}: aiohttp's {@code WSMsgType}. */
public enum WSMsgType {
    /** A text message. */
    TEXT,
    /** A binary message. */
    BINARY,
    /** A ping (only seen with {@code autoping} off). */
    PING,
    /** A pong (only seen with {@code autoping} off). */
    PONG,
    /** The peer's close frame: {@link WSMessage#closeCode()} and the reason in {@link WSMessage#text()}. */
    CLOSE,
    /** The connection is closed; nothing more will come. */
    CLOSED,
    /** A protocol error ended the connection; {@link WSMessage#text()} says what. */
    ERROR
}
