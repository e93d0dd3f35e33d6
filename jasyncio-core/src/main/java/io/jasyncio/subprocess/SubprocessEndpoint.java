package io.jasyncio.subprocess;

/**
 * What {@code loop.subprocessExec}/{@code subprocessShell} return: asyncio's
 * {@code (transport, protocol)} pair. Immutable; its parts are loop-confined.
 *
 * @param transport the child's transport
 * @param protocol the protocol the factory made for it
 * @param <P> the protocol's type
 */
public record SubprocessEndpoint<P extends SubprocessProtocol>(SubprocessTransport transport, P protocol) {}
