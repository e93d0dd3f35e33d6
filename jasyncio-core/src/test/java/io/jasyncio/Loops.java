package io.jasyncio;

/** Test helpers: run a coroutine on a fresh loop with a virtual clock, then close the loop. */
final class Loops {
    private Loops() {}

    static <T> T run(Coroutine<T> main) {
        EventLoop loop = EventLoop.newEventLoop();
        loop.useVirtualClock(0); // the same times in every run, whatever the JVM's uptime
        try {
            return loop.runUntilComplete(main);
        } finally {
            loop.close();
        }
    }

    static void run(VoidCoroutine main) {
        run(main.asCoroutine());
    }

    /** A loop with a virtual clock starting at 0; the caller closes it. */
    static EventLoop newLoop() {
        EventLoop loop = EventLoop.newEventLoop();
        loop.useVirtualClock(0); // the same times in every run, whatever the JVM's uptime
        return loop;
    }
}
