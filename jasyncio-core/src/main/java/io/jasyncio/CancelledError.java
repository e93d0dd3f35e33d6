package io.jasyncio;

/**
 * The operation was cancelled: asyncio's {@code CancelledError}.
 *
 * <p>It extends {@link Error}, not {@link Exception}, for the reason Python moved it to
 * {@code BaseException} in 3.8: a generic {@code catch (Exception e)} must not swallow a
 * cancellation. Code that catches it to clean up should rethrow it; a task that catches it and
 * returns normally is not cancelled.
 */
public class CancelledError extends Error {
    private static final long serialVersionUID = 1L;

    /** A cancellation without a message. */
    public CancelledError() {
        super();
    }

    /** A cancellation carrying the message given to {@code cancel(msg)}; may be null. */
    public CancelledError(String message) {
        super(message);
    }

    /** A cancellation with a message and a cause (the cancellation it was derived from). */
    public CancelledError(String message, Throwable cause) {
        super(message, cause);
    }
}
