package io.jasyncio.internal.proc;

import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.Transport;

/**
 * One piped stdio stream of a child as the process transport sees it, whichever way it is carried:
 * a JDK pipe moved by a pump thread ({@link ReadPipe}, {@link WritePipe}) or a socket the loop's
 * selector watches ({@link SocketReadPipe}, {@link SocketWritePipe}). Loop-confined.
 */
interface ChildPipe extends Transport {
    /** Starts moving bytes; called once, after the subprocess protocol's {@code connectionMade}. */
    void start();

    /** Whether the pipe reached EOF, failed or was closed, and {@code pipeConnectionLost} was called. */
    boolean disconnected();

    /** The child exited: a write pipe fails what can no longer be written. */
    default void childExited() {}

    /** The pump thread moving this pipe's bytes, or null when the loop's selector does it. */
    default Thread pumpThread() {
        return null;
    }

    /** None: a pipe calls the subprocess protocol through its process transport. */
    @Override
    default Protocol getProtocol() {
        return null;
    }

    @Override
    default void setProtocol(Protocol protocol) {
        throw new UnsupportedOperationException("a pipe transport calls its SubprocessProtocol");
    }
}
