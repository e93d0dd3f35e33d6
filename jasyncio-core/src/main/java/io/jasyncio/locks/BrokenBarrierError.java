package io.jasyncio.locks;

import java.io.Serial;

/**
 * Raised by {@link Barrier#await()} when the barrier is broken (aborted) or reset while a task
 * waits on it: asyncio's {@code BrokenBarrierError}, which derives from {@code RuntimeError}, so
 * this one is an {@link IllegalStateException}. Unchecked, unlike
 * {@code java.util.concurrent.BrokenBarrierException}.
 * Thread-safe: it carries no state beyond its message.
 */
public final class BrokenBarrierError extends IllegalStateException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** An error with a message saying why the barrier broke. */
    public BrokenBarrierError(String message) {
        super(message);
    }
}
