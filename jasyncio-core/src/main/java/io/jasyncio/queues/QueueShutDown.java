package io.jasyncio.queues;

import java.io.Serial;

/**
 * Raised by {@code put} and {@code putNowait} on a queue that was shut down, and by {@code get} and
 * {@code getNowait} once such a queue is also empty: asyncio's {@code QueueShutDown} (3.13).
 * Thread-safe: it carries no state. Like asyncio's, it has no message.
 */
public final class QueueShutDown extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The error (no message, as asyncio raises it bare). */
    public QueueShutDown() {
        super();
    }
}
