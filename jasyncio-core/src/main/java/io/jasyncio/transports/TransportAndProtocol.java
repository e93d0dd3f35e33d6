package io.jasyncio.transports;

/**
 * What {@code createConnection} returns: asyncio's {@code (transport, protocol)} pair. Immutable;
 * its parts are loop-confined.
 *
 * @param transport the connected transport
 * @param protocol the protocol the factory made for it
 * @param <P> the protocol's type
 */
public record TransportAndProtocol<P extends Protocol>(Transport transport, P protocol) {}
