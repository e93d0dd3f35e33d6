package io.jasyncio.streams;

import java.io.IOException;
import java.io.Serial;

/**
 * A separator was not found within the reader's limit: asyncio's {@code LimitOverrunError}.
 * The data stays in the reader's buffer (for {@code readuntil}); {@link #consumed()} says how
 * many bytes may be read to get past it. Difference from asyncio: it is an {@link IOException}
 * (asyncio's extends {@code Exception}), so every stream read throws only IOException.
 */
public final class LimitOverrunError extends IOException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int consumed;

    /** An overrun after {@code consumed} bytes. */
    public LimitOverrunError(String message, int consumed) {
        super(message);
        this.consumed = consumed;
    }

    /** How many bytes are to be consumed. */
    public int consumed() {
        return consumed;
    }
}
