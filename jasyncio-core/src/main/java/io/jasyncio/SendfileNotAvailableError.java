package io.jasyncio;

/**
 * The kernel's zero-copy {@code sendfile(2)} cannot send this file over this transport or
 * socket, and the caller asked for no fallback: asyncio's {@code SendfileNotAvailableError},
 * raised by {@code loop.sendfile(..., fallback=False)} and {@code loop.sock_sendfile(...,
 * fallback=False)}. Like asyncio's, a subclass of the {@code RuntimeError} equivalent
 * ({@link IllegalStateException}); nothing has been sent when it is thrown.
 *
 * <p>Differences from asyncio: asyncio raises a plain {@code RuntimeError} for a transport that
 * has no native path (TLS) and this class only when the file is not a regular one; jasyncio raises
 * this class in both cases, so one {@code catch} tells "no zero copy here" from other failures.
 */
public final class SendfileNotAvailableError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** An error with the given message. */
    public SendfileNotAvailableError(String message) {
        super(message);
    }
}
