package io.jasyncio.internal.proc;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.internal.LoopHooks;

import java.io.IOException;

/**
 * Starts a child on a platform thread of its own: {@code ProcessBuilder.start()} blocks for the
 * fork/exec (milliseconds for a large JVM), which must not stall the loop (DESIGN §7 hazard 4).
 *
 * <p>Loop-confined entry; the start itself runs on the spawned thread. A fresh short-lived thread,
 * not a pool, so that nothing lingers after the last child (the 1,000-children test counts
 * threads); starting one costs tens of microseconds beside a fork/exec's milliseconds.
 */
final class Spawn {
    private Spawn() {}

    /**
     * Suspends until the child has started and returns it. If the caller is cancelled meanwhile,
     * the child that starts anyway is killed (asyncio closes the transport the same way).
     *
     * @throws IOException the JDK's error naming the program
     */
    static java.lang.Process start(EventLoop loop, ProcessBuilder pb) throws IOException {
        Future<java.lang.Process> started = loop.createFuture();
        LoopHooks.holdVirtualClock(loop);
        Thread.ofPlatform().daemon().name("jasyncio-spawn " + pb.command().getFirst()).start(() -> {
            java.lang.Process p = null;
            Throwable error = null;
            try {
                p = pb.start();
            } catch (Throwable t) {
                error = t;
            }
            java.lang.Process child = p;
            Throwable failure = error;
            try {
                loop.callSoonThreadsafe(() -> {
                    LoopHooks.releaseVirtualClock(loop);
                    if (started.done()) {
                        if (child != null) {
                            abandon(child); // the caller was cancelled meanwhile
                        }
                    } else if (failure != null) {
                        started.setException(failure);
                    } else {
                        started.setResult(child);
                    }
                });
            } catch (IllegalStateException loopClosed) {
                if (child != null) {
                    abandon(child);
                }
            }
        });
        return started.await(); // the JDK's IOException reaches the caller unchanged
    }

    /** Kills a child nobody will use and releases its pipes; the JDK reaps it. */
    static void abandon(java.lang.Process p) {
        p.destroyForcibly();
        ReadPipe.closeQuietly(p.getOutputStream());
        ReadPipe.closeQuietly(p.getInputStream());
        ReadPipe.closeQuietly(p.getErrorStream());
    }
}
