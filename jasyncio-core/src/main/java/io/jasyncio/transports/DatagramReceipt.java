package io.jasyncio.transports;

import java.net.SocketAddress;

/**
 * What {@code EventLoop.sockRecvfromInto} received: asyncio's {@code (nbytes, address)} pair.
 * Immutable.
 *
 * @param nbytes how many bytes were put in the buffer
 * @param address the sender
 */
public record DatagramReceipt(int nbytes, SocketAddress address) {}
