package io.jasyncio.internal.proc;

import io.jasyncio.EventLoop;

import java.util.function.IntConsumer;

/**
 * A started child as {@link ProcessTransport} drives it, whichever way it was started: by the
 * JDK's {@code ProcessBuilder} ({@link JdkChild}: pipes pumped by threads) or by
 * {@code posix_spawnp} with sockets for stdio ({@link NativeChild}: pipes watched by the loop's
 * selector). Loop-confined unless a method says otherwise.
 */
interface Child {
    long pid();

    /**
     * The transport of stdio stream {@code fd} (0, 1 or 2) if it was piped, else null; each is made
     * once, before {@link #onExit}.
     */
    ChildPipe pipe(ProcessTransport owner, EventLoop loop, int fd);

    /** Calls {@code onLoop} on the loop's thread with asyncio's returncode once the child has exited. */
    void onExit(EventLoop loop, IntConsumer onLoop);

    /** Whether the child may still run (false once its exit is known). */
    boolean alive();

    /** Sends {@code signal}; nothing if the child has exited. */
    void sendSignal(int signal);

    /** Closes whatever of its stdio this JVM still holds, not through a pipe transport. */
    void releaseStdio();

    /** Kills a child nobody will use (its start was cancelled) and releases its stdio. Thread-safe. */
    default void abandon() {
        sendSignal(9);
        releaseStdio();
    }

    /** Whether its pipes have pump threads (the JDK's {@code Process}) or the loop's selector. */
    boolean pumped();
}
