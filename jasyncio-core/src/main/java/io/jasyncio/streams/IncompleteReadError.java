package io.jasyncio.streams;

import java.io.EOFException;
import java.io.Serial;

/**
 * EOF came before a read got all the bytes it asked for: asyncio's {@code IncompleteReadError}.
 * {@link #partial()} holds the bytes read before EOF (they are no longer in the reader's buffer).
 */
public final class IncompleteReadError extends EOFException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient byte[] partial;
    private final long expected;

    /** {@code expected}: the count asked for, or -1 when reading up to a separator. */
    public IncompleteReadError(byte[] partial, long expected) {
        super(partial.length + " bytes read on a total of " + (expected < 0 ? "undefined" : String.valueOf(expected))
                + " expected bytes");
        this.partial = partial;
        this.expected = expected;
    }

    /** The bytes read before EOF. */
    public byte[] partial() {
        return partial.clone();
    }

    /** The count that was asked for, or -1 when reading up to a separator. */
    public long expected() {
        return expected;
    }
}
