package io.jasyncio.internal;

import io.jasyncio.EventLoop;

/**
 * The door from other packages of the runtime to {@code EventLoop}'s package-private virtual-clock
 * hold: while held, a virtual clock does not jump to the next timer, because another thread is
 * expected to call back into the loop (as {@code runInExecutor} does for offloaded calls).
 * {@code EventLoop} installs the implementation when it is initialised.
 */
public final class ClockHolds {
    /** What {@code EventLoop} provides. */
    public interface Access {
        void hold(EventLoop loop);

        void release(EventLoop loop);
    }

    private static volatile Access access;

    private ClockHolds() {}

    /** Called once, by {@code EventLoop}'s static initialiser. */
    public static void install(Access a) {
        access = a;
    }

    /** Loop-confined: stops the loop's virtual clock from jumping until {@link #release}. */
    public static void hold(EventLoop loop) {
        access.hold(loop);
    }

    /** Loop-confined: undoes one {@link #hold}. */
    public static void release(EventLoop loop) {
        access.release(loop);
    }
}
