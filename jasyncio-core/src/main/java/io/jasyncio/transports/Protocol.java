package io.jasyncio.transports;

import java.nio.ByteBuffer;

/**
 * The callbacks a stream transport (TCP or Unix socket) makes: asyncio's {@code Protocol}.
 *
 * <p>Loop-confined: the transport calls these methods on its loop's thread, one at a time. The
 * contract, as in asyncio: {@link #connectionMade} once, then {@link #dataReceived} any number of
 * times, then at most one {@link #eofReceived}, then {@link #connectionLost} exactly once.
 * {@link #pauseWriting}/{@link #resumeWriting} come in pairs when the transport's write buffer
 * crosses its high and low water marks. Every method has an empty default.
 *
 * <p>Difference from asyncio: {@link #dataReceived} gets a {@link ByteBuffer} view of the loop's
 * shared read buffer instead of a fresh {@code bytes} object. It is valid only during the call:
 * copy what you keep. Passing it to {@link Transport#write(ByteBuffer)} is fine (the transport
 * copies whatever the socket does not accept at once).
 */
public interface Protocol {
    /** The connection is up; {@code transport} is the one to write to. */
    default void connectionMade(Transport transport) {}

    /** Bytes arrived: from {@code data.position()} to {@code data.limit()}, valid only during the call. */
    default void dataReceived(ByteBuffer data) {}

    /**
     * The peer sent EOF (half-close). Return true to keep the transport open for writing (then the
     * protocol closes it), false to let the transport close itself.
     */
    default boolean eofReceived() {
        return false;
    }

    /** The connection is closed: {@code exc} is null on a regular close or EOF, else the error. */
    default void connectionLost(Throwable exc) {}

    /** The transport's write buffer went over its high-water mark: stop producing. */
    default void pauseWriting() {}

    /** The transport's write buffer drained to its low-water mark: produce again. */
    default void resumeWriting() {}
}
