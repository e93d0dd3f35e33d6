package io.jasyncio.queues;

import java.io.Serial;

/**
 * Raised by {@link Queue#getNowait()} when the queue has no item: asyncio's {@code QueueEmpty}.
 * Thread-safe: it carries no state beyond its message.
 */
public final class QueueEmpty extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The error with its default message. */
    public QueueEmpty() {
        super("Queue is empty");
    }
}
