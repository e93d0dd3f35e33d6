package io.jasyncio.internal;

import io.jasyncio.EventLoop;

/**
 * The door from other packages of the runtime to two package-private abilities of
 * {@code EventLoop}, installed by {@code EventLoop}'s static initialiser:
 * <ul>
 * <li>holding the virtual clock: while held, a virtual clock does not jump to the next timer,
 * because another thread is expected to call back into the loop (as {@code runInExecutor}
 * does for offloaded calls);</li>
 * <li>asking, without throwing, whether the calling thread is the loop's thread or one of its
 * tasks ({@code Asyncio.getRunningLoop()} throws, which costs microseconds on hot paths).</li>
 * </ul>
 */
public final class LoopHooks {
    /** What {@code EventLoop} provides. */
    public interface Access {
        void holdVirtualClock(EventLoop loop);

        void releaseVirtualClock(EventLoop loop);

        boolean inLoop(EventLoop loop);
    }

    private static volatile Access access;

    private LoopHooks() {}

    /** Called once, by {@code EventLoop}'s static initialiser. */
    public static void install(Access a) {
        access = a;
    }

    /** Loop-confined: stops the loop's virtual clock from jumping until {@link #releaseVirtualClock}. */
    public static void holdVirtualClock(EventLoop loop) {
        access.holdVirtualClock(loop);
    }

    /** Loop-confined: undoes one {@link #holdVirtualClock}. */
    public static void releaseVirtualClock(EventLoop loop) {
        access.releaseVirtualClock(loop);
    }

    /** Thread-safe: whether the caller runs on the loop's thread or in one of its tasks. */
    public static boolean inLoop(EventLoop loop) {
        return access.inLoop(loop);
    }
}
