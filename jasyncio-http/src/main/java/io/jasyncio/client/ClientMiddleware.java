package io.jasyncio.client;

import java.io.IOException;

/**
 * A client middleware (aiohttp 3.12's {@code ClientMiddlewareType}): it sees every request the
 * session sends (each redirect hop too) and decides what to do with it — change it, call
 * {@code next} (once, several times to retry, or not at all) and look at or replace the response.
 *
 * <pre>{@code
 * ClientMiddleware retry = (request, next) -> {
 *     for (int attempt = 1; ; attempt++) {
 *         ClientResponse resp = next.handle(request);
 *         if (resp.status() < 500 || attempt == 3) {
 *             return resp;
 *         }
 *         resp.release();
 *     }
 * };
 * new ClientSession(SessionOptions.defaults().withMiddlewares(retry));
 * }</pre>
 *
 * Middlewares run inside the request's task, so they may suspend (sleep between retries, fetch
 * a token); a response a middleware drops must be released.
 */
@FunctionalInterface
public interface ClientMiddleware {
    /** Handles {@code request}, usually by calling {@code next.handle(request)}. */
    ClientResponse handle(ClientRequest request, ClientHandler next) throws IOException;
}
