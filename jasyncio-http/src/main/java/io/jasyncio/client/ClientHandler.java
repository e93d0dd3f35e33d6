package io.jasyncio.client;

import java.io.IOException;

/**
 * The rest of the chain a {@link ClientMiddleware} calls: the next middleware, or the session
 * sending the request. Suspends until the response head has arrived.
 */
@FunctionalInterface
public interface ClientHandler {
    /** Sends {@code request} on and returns its response. */
    ClientResponse handle(ClientRequest request) throws IOException;
}
