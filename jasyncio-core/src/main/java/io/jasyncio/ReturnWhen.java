package io.jasyncio;

/**
 * When {@link Asyncio#wait} returns: asyncio's {@code FIRST_COMPLETED}, {@code FIRST_EXCEPTION}
 * and {@code ALL_COMPLETED} constants. Immutable.
 */
public enum ReturnWhen {
    /** As soon as any future is done (or cancelled). */
    FIRST_COMPLETED,
    /** As soon as any future ends with an exception (a cancellation does not count); else when all are done. */
    FIRST_EXCEPTION,
    /** When every future is done. */
    ALL_COMPLETED
}
