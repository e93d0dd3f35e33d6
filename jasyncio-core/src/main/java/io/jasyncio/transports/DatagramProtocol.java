package io.jasyncio.transports;

import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * The callbacks a datagram (UDP) transport makes: asyncio's {@code DatagramProtocol}.
 *
 * <p>Loop-confined. {@link #connectionMade} once, then datagrams and errors, then
 * {@link #connectionLost} once. As with {@link Protocol#dataReceived}, the datagram's buffer is a
 * view of the loop's shared read buffer, valid only during the call.
 */
public interface DatagramProtocol {
    /** The endpoint is ready; {@code transport} is the one to send with. */
    default void connectionMade(DatagramTransport transport) {}

    /** A datagram arrived from {@code addr}: its bytes are {@code data}'s remaining ones. */
    default void datagramReceived(ByteBuffer data, SocketAddress addr) {}

    /** A send or receive failed (for instance ICMP port unreachable on a connected endpoint). */
    default void errorReceived(Exception exc) {}

    /** The endpoint is closed: {@code exc} is null on a regular close, else the error. */
    default void connectionLost(Throwable exc) {}

    /** The send buffer went over its high-water mark. */
    default void pauseWriting() {}

    /** The send buffer drained to its low-water mark. */
    default void resumeWriting() {}
}
