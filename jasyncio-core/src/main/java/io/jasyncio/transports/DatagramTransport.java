package io.jasyncio.transports;

import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * A datagram (UDP) endpoint driven by the loop: asyncio's {@code DatagramTransport}.
 *
 * <p>Loop-confined. Sends never block: a datagram the socket cannot take at once is copied into
 * a queue and sent when it becomes writable.
 */
public interface DatagramTransport {
    /**
     * Sends one datagram to {@code addr}; {@code addr} null sends to the connected peer.
     *
     * @throws IllegalStateException if the transport is closing
     * @throws IllegalArgumentException if the endpoint is connected and {@code addr} differs
     */
    void sendto(ByteBuffer data, SocketAddress addr);

    /** {@link #sendto(ByteBuffer, SocketAddress)} for an array. */
    void sendto(byte[] data, SocketAddress addr);

    /** Closes once queued datagrams are sent; the protocol gets connectionLost(null). */
    void close();

    /** Closes at once, dropping queued datagrams. */
    void abort();

    /** Whether the transport is closing or closed. */
    boolean isClosing();

    /** {@code "peername"}, {@code "sockname"} or {@code "socket"}; null when unknown. */
    Object getExtraInfo(String name);

    /** {@link #getExtraInfo(String)}, or {@code defaultValue} when unknown: asyncio's {@code default=}. */
    default Object getExtraInfo(String name, Object defaultValue) {
        Object value = getExtraInfo(name);
        return value != null ? value : defaultValue;
    }

    /** How many bytes wait in the send queue. */
    int getWriteBufferSize();
}
