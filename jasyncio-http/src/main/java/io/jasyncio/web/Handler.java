package io.jasyncio.web;

/**
 * A request handler: aiohttp's handler coroutine {@code async def handler(request) -> Response}.
 *
 * <p>It runs in the connection's task, so it may await anything (it is a coroutine function);
 * a thrown {@link HTTPException} becomes its response, any other exception a 500.
 */
@FunctionalInterface
public interface Handler {
    /** Answers {@code request}; suspends as it likes. */
    StreamResponse handle(Request request) throws Exception;
}
