package io.jasyncio;

/**
 * An operation did not finish before its deadline: asyncio's {@code TimeoutError} (the builtin
 * {@code TimeoutError} since Python 3.11). Unchecked, unlike {@link java.util.concurrent.TimeoutException},
 * because asyncio code does not declare it.
 */
public class TimeoutError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A timeout without a message. */
    public TimeoutError() {
        super();
    }

    /** A timeout with a message. */
    public TimeoutError(String message) {
        super(message);
    }

    /** A timeout with a message and the cancellation it replaced. */
    public TimeoutError(String message, Throwable cause) {
        super(message, cause);
    }
}
