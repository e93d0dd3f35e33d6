package io.jasyncio.transports;

/**
 * What {@code createDatagramEndpoint} returns: asyncio's {@code (transport, protocol)} pair.
 * Immutable; its parts are loop-confined.
 *
 * @param transport the datagram transport
 * @param protocol the protocol the factory made for it
 * @param <P> the protocol's type
 */
public record DatagramEndpoint<P extends DatagramProtocol>(DatagramTransport transport, P protocol) {}
