package io.jasyncio.queues;

import java.io.Serial;

/**
 * Raised by {@link Queue#putNowait} when the queue has reached its {@code maxsize}: asyncio's {@code QueueFull}.
 * Thread-safe: it carries no state beyond its message.
 */
public final class QueueFull extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The error with its default message. */
    public QueueFull() {
        super("Queue is full");
    }
}
