package io.jasyncio.streams;

/**
 * The handler {@code Asyncio.startServer} runs as a new task for each connection, with the
 * connection's reader and writer: asyncio's {@code client_connected_cb}. Called on the loop, in
 * the connection's own task.
 */
@FunctionalInterface
public interface ClientConnected {
    /** Serves one connection; may suspend. An exception is reported and closes the connection. */
    void handle(StreamReader reader, StreamWriter writer) throws Exception;
}
