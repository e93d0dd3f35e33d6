package io.jasyncio.internal;

import io.jasyncio.EventLoop;

import java.nio.channels.SelectableChannel;

/**
 * The door from other packages of the runtime to package-private abilities of
 * {@code EventLoop}, installed by {@code EventLoop}'s static initialiser:
 * <ul>
 * <li>holding the virtual clock: while held, a virtual clock does not jump to the next timer,
 * because another thread is expected to call back into the loop (as {@code runInExecutor}
 * does for offloaded calls);</li>
 * <li>asking, without throwing, whether the calling thread is the loop's thread or one of its
 * tasks ({@code Asyncio.getRunningLoop()} throws, which costs microseconds on hot paths, and
 * answers "none" while {@code close()} unwinds the tasks);</li>
 * <li>the loop of the calling task or loop thread, even while {@code close()} unwinds it;</li>
 * <li>asking whether the loop is closing: every await then fails at once, so a retry loop
 * (a condition re-acquiring its lock) must give up.</li>
 * <li>handing the loop the channels of its transports and servers, and other resources (open
 * files), which {@code close()} closes.</li>
 * </ul>
 */
public final class LoopHooks {
    /** What {@code EventLoop} provides. */
    public interface Access {
        void holdVirtualClock(EventLoop loop);

        void releaseVirtualClock(EventLoop loop);

        boolean inLoop(EventLoop loop);

        boolean closing(EventLoop loop);

        EventLoop currentLoop();

        void closeWithLoop(EventLoop loop, SelectableChannel channel);

        void closeWithLoop(EventLoop loop, AutoCloseable resource);

        void forgetAtClose(EventLoop loop, AutoCloseable resource);

        void releaseClosedChannels(EventLoop loop);

        TransportBytes transportBytes(EventLoop loop);
    }

    private static volatile Access access;

    static {
        // A primitive may be used before any loop exists: make EventLoop install the hooks now.
        // (When EventLoop's own initialiser got here first, this returns at once.)
        try {
            Class.forName(EventLoop.class.getName(), true, EventLoop.class.getClassLoader());
        } catch (ClassNotFoundException impossible) {
            throw new ExceptionInInitializerError(impossible);
        }
    }

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

    /** Thread-safe: whether {@code close()} has begun (tasks are being unwound). */
    public static boolean closing(EventLoop loop) {
        return access.closing(loop);
    }

    /**
     * Loop-confined: the channel belongs to one of the loop's transports or servers, so closing the
     * loop closes it (until it is closed, the loop keeps it registered with its selector).
     */
    public static void closeWithLoop(EventLoop loop, SelectableChannel channel) {
        access.closeWithLoop(loop, channel);
    }

    /**
     * Thread-safe: {@code close()} of the loop closes {@code resource} (after the tasks unwound)
     * unless {@link #forgetAtClose} is called first.
     */
    public static void closeWithLoop(EventLoop loop, AutoCloseable resource) {
        access.closeWithLoop(loop, resource);
    }

    /** Thread-safe: undoes {@link #closeWithLoop(EventLoop, AutoCloseable)}. */
    public static void forgetAtClose(EventLoop loop, AutoCloseable resource) {
        access.forgetAtClose(loop, resource);
    }

    /**
     * Makes the OS release the sockets of channels closed while registered with the loop's
     * selector now rather than at its next poll (java.nio defers it to the next selection).
     */
    public static void releaseClosedChannels(EventLoop loop) {
        access.releaseClosedChannels(loop);
    }

    /** The counters a transport of {@code loop} adds its bytes to. */
    public static TransportBytes transportBytes(EventLoop loop) {
        return access.transportBytes(loop);
    }

    /** The loop of the calling task or loop thread (running or being closed), else null. */
    public static EventLoop currentLoop() {
        return access.currentLoop();
    }
}
