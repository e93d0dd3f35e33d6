package io.jasyncio;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In debug mode, the exceptions set on a loop's futures and tasks that nobody has retrieved yet
 * (see {@link EventLoop#unretrievedExceptions()}). asyncio reports such an exception only when
 * the future is garbage-collected ("Future exception was never retrieved"), which a test cannot
 * wait for deterministically; this list lets a test harness check at once.
 *
 * <p>Thread-safe: entries are added and removed on the loop thread, and removed by the
 * garbage-collection report on the cleaner thread. Kept in debug mode only, so that the
 * exception path of a production loop pays nothing for it.
 */
final class UnretrievedExceptions {
    /** Keyed by the future's unretrieved-report object, which holds no reference to the future. */
    private final Map<Object, Throwable> pending = new ConcurrentHashMap<>();

    void add(Object report, Throwable exception) {
        pending.put(report, exception);
    }

    void remove(Object report) {
        pending.remove(report);
    }

    List<Throwable> snapshot() {
        return List.copyOf(new ArrayList<>(pending.values()));
    }
}
