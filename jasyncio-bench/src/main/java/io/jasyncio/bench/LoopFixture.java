package io.jasyncio.bench;

import io.jasyncio.EventLoop;

/**
 * Opens the event loop a benchmark runs on, with the task scheduler it asks for, and refuses to
 * go on if the JVM gave it another one (a fork started without the add-opens flag would silently
 * measure the portable scheduler). Not a benchmark; used from one thread at a time.
 */
final class LoopFixture {
    /** The system property the runtime reads when it creates a loop. */
    static final String SCHEDULER_PROPERTY = "jasyncio.scheduler";

    private LoopFixture() {}

    /**
     * A new loop whose scheduler is {@code scheduler} ({@code "loop"} or {@code "portable"}).
     *
     * @throws IllegalStateException if the runtime picked a different scheduler
     */
    static EventLoop open(String scheduler) {
        System.setProperty(SCHEDULER_PROPERTY, scheduler);
        EventLoop loop = EventLoop.newEventLoop();
        if (!scheduler.equals(loop.schedulerName())) {
            loop.close();
            throw new IllegalStateException("asked for the '" + scheduler + "' scheduler, got '"
                    + loop.schedulerName() + "': start the JVM with --add-opens java.base/java.lang=ALL-UNNAMED");
        }
        return loop;
    }
}
