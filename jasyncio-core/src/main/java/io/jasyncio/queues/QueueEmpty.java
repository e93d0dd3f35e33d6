package io.jasyncio.queues;

import java.io.Serial;

/**
 * Raised by {@link Queue#getNowait()} when the queue has no item: asyncio's {@code QueueEmpty}.
 * Thread-safe: it carries no state. Like asyncio's, it has no message.
 */
public final class QueueEmpty extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The error (no message, as asyncio raises it bare). */
    public QueueEmpty() {
        super();
    }
}
