package io.jasyncio.web;

/**
 * A middleware: aiohttp's {@code @web.middleware async def mw(request, handler)}. It may change
 * the request, call {@code handler} (the next middleware or the route's handler) or not, and
 * change or replace the response. Middlewares run in the order they were added.
 */
@FunctionalInterface
public interface Middleware {
    /** Handles {@code request}, usually by calling {@code handler.handle(request)}. */
    StreamResponse handle(Request request, Handler handler) throws Exception;
}
