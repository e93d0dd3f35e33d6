package io.jasyncio.internal;

/**
 * Rethrows any throwable unchanged, checked ones included: an awaited task's exception reaches the
 * awaiter as the same object, as in asyncio, without wrapping it.
 */
public final class Sneaky {
    private Sneaky() {}

    /** Throws {@code t}; declared to return so callers can write {@code throw Sneaky.raise(t)}. */
    public static RuntimeException raise(Throwable t) {
        throw Sneaky.<RuntimeException>doThrow(t);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E doThrow(Throwable t) throws E {
        throw (E) t;
    }
}
