package io.jasyncio.web;

/**
 * A resource that lives as long as the application: aiohttp's {@code cleanup_ctx} entry, an async
 * generator whose code before its one {@code yield} runs at startup and after it at cleanup. Here
 * the startup part is {@link #enter} and the cleanup part is the {@link AutoCloseable} it returns:
 *
 * <pre>{@code
 * app.addCleanupCtx(a -> {
 *     ConnectionPool pool = ConnectionPool.create(...);   // startup: may suspend
 *     a.set(POOL, pool);
 *     return pool::close;                                  // cleanup: may suspend
 * });
 * }</pre>
 *
 * <p>Contexts enter in the order added, before the {@code on_startup} hooks, and close in reverse
 * order, before the {@code on_cleanup} hooks (aiohttp registers its cleanup context first on both
 * signals). A context whose {@code enter} failed is not closed; the ones entered before it are,
 * when the runner cleans up.
 */
@FunctionalInterface
public interface CleanupContext {
    /** The startup part; returns the cleanup part. May suspend. */
    AutoCloseable enter(Application app) throws Exception;
}
