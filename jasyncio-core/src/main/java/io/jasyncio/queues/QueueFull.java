package io.jasyncio.queues;

import java.io.Serial;

/**
 * Raised by {@link Queue#putNowait} when the queue has reached its {@code maxsize}: asyncio's {@code QueueFull}.
 * Thread-safe: it carries no state. Like asyncio's, it has no message.
 */
public final class QueueFull extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The error (no message, as asyncio raises it bare). */
    public QueueFull() {
        super();
    }
}
