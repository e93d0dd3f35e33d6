package io.jasyncio.testkit;

import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.VoidCoroutine;

/** Test helper for packages outside {@code io.jasyncio}: runs a coroutine on a fresh virtual-clock loop. */
public final class VirtualLoop {
    private VirtualLoop() {}

    /** Runs {@code main} on a new loop with a virtual clock, closes the loop, returns the result. */
    public static <T> T run(Coroutine<T> main) {
        EventLoop loop = newLoop();
        try {
            return loop.runUntilComplete(main);
        } finally {
            loop.close();
        }
    }

    /** {@link #run(Coroutine)} for a coroutine without a value. */
    public static void run(VoidCoroutine main) {
        run(main.asCoroutine());
    }

    /** A loop with a virtual clock starting at 0; the caller closes it. */
    public static EventLoop newLoop() {
        EventLoop loop = EventLoop.newEventLoop();
        loop.useVirtualClock(0); // the same times in every run, whatever the JVM's uptime
        return loop;
    }
}
