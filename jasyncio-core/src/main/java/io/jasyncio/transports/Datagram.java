package io.jasyncio.transports;

import java.net.SocketAddress;

/**
 * One datagram received by {@code EventLoop.sockRecvfrom}: asyncio's {@code (data, address)} pair.
 * Immutable.
 *
 * @param data the bytes received (at most the size asked for: the rest of a longer datagram is
 *     dropped, as {@code recvfrom} does)
 * @param address the sender
 */
public record Datagram(byte[] data, SocketAddress address) {}
