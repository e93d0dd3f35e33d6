package io.jasyncio;

/**
 * An operation was asked of a future in a state that does not allow it: asyncio's
 * {@code InvalidStateError} (setting the result of a done future, reading the result of a
 * pending one).
 */
public class InvalidStateError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** An error with the given message. */
    public InvalidStateError(String message) {
        super(message);
    }
}
