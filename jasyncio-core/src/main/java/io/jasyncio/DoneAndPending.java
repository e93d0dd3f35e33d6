package io.jasyncio;

import java.util.Set;

/**
 * What {@link Asyncio#wait} returns: asyncio's {@code (done, pending)} pair. Both sets keep the
 * order the futures were given in and are unmodifiable; the futures themselves are loop-confined.
 *
 * @param done the futures that were done when {@code wait} returned
 * @param pending the others (never cancelled by {@code wait})
 * @param <T> the futures' result type
 */
public record DoneAndPending<T>(Set<Future<T>> done, Set<Future<T>> pending) {}
