package io.jasyncio.internal.proc;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.internal.LoopHooks;

import java.io.IOException;

/**
 * Starts a child on a platform thread of its own: a start blocks for the fork/exec (milliseconds
 * for a large JVM), which must not stall the loop (DESIGN §7 hazard 4). Where {@link NativeSpawn}
 * can take the start ({@code posix_spawnp}, stdio on sockets the loop watches) it does, and the
 * same thread then stays to wait for the child and reap it; otherwise the JDK's
 * {@code ProcessBuilder.start()} does (stdio on pipes pumped by threads, reaped by the JDK).
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
    static Child start(EventLoop loop, ProcessBuilder pb, boolean stdin, boolean stdout, boolean stderr)
            throws IOException {
        Libc libc = NativeSpawn.usable(pb);
        Future<Child> started = loop.createFuture();
        LoopHooks.holdVirtualClock(loop);
        Thread.ofPlatform().daemon().name("jasyncio-spawn " + pb.command().getFirst()).start(() -> {
            Child c = null;
            Throwable error = null;
            try {
                c = libc != null ? NativeSpawn.start(libc, pb) : new JdkChild(pb.start(), stdin, stdout, stderr);
            } catch (Throwable t) {
                error = t;
            }
            if (c instanceof NativeChild nc) {
                Thread.currentThread().setName("jasyncio-spawn-wait " + nc.pid()); // before anyone can look
            }
            Child child = c;
            Throwable failure = error;
            try {
                loop.callSoonThreadsafe(() -> {
                    LoopHooks.releaseVirtualClock(loop);
                    if (started.done()) {
                        if (child != null) {
                            child.abandon(); // the caller was cancelled meanwhile
                        }
                    } else if (failure != null) {
                        started.setException(failure);
                    } else {
                        started.setResult(child);
                    }
                });
            } catch (IllegalStateException loopClosed) {
                if (child != null) {
                    child.abandon();
                }
            }
            if (child instanceof NativeChild nc) {
                awaitExit(loop, nc);
            }
        });
        return started.await(); // the JDK's IOException reaches the caller unchanged
    }

    /** On the starting thread: waits for the child's exit, reaps it, and tells the loop. */
    private static void awaitExit(EventLoop loop, NativeChild child) {
        int code;
        try {
            code = child.awaitExit();
        } catch (IOException e) {
            // ECHILD: something else reaped it (SIGCHLD set to SIG_IGN reaps in the kernel); the
            // status is lost. The JDK reports 0 for the same case.
            code = 0;
        }
        int rc = code;
        try {
            loop.callSoonThreadsafe(() -> child.exited(rc));
        } catch (IllegalStateException loopClosed) {
            // the loop closed first: the child is reaped, nobody waits for its code
        }
    }
}
