package io.jasyncio.testing;

/** Throws any throwable through a lambda that may throw only {@code Exception}, unchanged. */
final class Rethrow {
    private Rethrow() {}

    static RuntimeException unchecked(Throwable t) {
        return Rethrow.<RuntimeException>raise(t);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E raise(Throwable t) throws E {
        throw (E) t;
    }
}
