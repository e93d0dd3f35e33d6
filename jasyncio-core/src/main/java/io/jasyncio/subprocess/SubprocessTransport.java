package io.jasyncio.subprocess;

import io.jasyncio.transports.Transport;

/**
 * A running child process and its pipes, driven by the loop: asyncio's {@code SubprocessTransport}.
 * Made by {@code loop.subprocessExec}/{@code subprocessShell}; it calls a
 * {@link SubprocessProtocol}.
 *
 * <p>Loop-confined. With native access enabled on Linux/glibc the pipes are Unix sockets the
 * loop's selector watches (the child is started with {@code posix_spawnp}); otherwise they are the
 * JDK's process pipes, pumped by platform threads (a blocking stream the selector cannot watch).
 * Either way buffers are bounded: an output nobody reads stops being read, so a chatty child
 * blocks on its own write instead of filling this JVM's memory (docs/subprocesses.md).
 */
public interface SubprocessTransport {
    /** The child's process id. */
    long getPid();

    /**
     * The child's exit status once the loop has seen it exit, else null: its exit code, or minus
     * the signal number if a signal killed it ({@code -9} after {@link #kill()}), as asyncio.
     */
    Integer getReturncode();

    /**
     * The transport of pipe {@code fd} (0 stdin, 1 stdout, 2 stderr), or null if it is not piped.
     * The stdin one only writes, the others only read (their {@code write} throws
     * {@link UnsupportedOperationException}, stdin's {@code pauseReading} likewise).
     */
    Transport getPipeTransport(int fd);

    /**
     * Sends signal {@code signal} (a number, as {@code kill -N}) to the child; nothing if it has
     * already exited (asyncio ignores {@code ProcessLookupError} the same way).
     *
     * @throws IllegalArgumentException if {@code signal} is not between 1 and 64
     */
    void sendSignal(int signal);

    /** Sends SIGTERM. */
    void terminate();

    /** Sends SIGKILL. */
    void kill();

    /**
     * Closes the pipes and, if the child still runs, kills it (as asyncio's transport close).
     * Idempotent.
     */
    void close();

    /** Whether {@link #close()} was called. */
    boolean isClosing();

    /** The protocol this transport calls. */
    SubprocessProtocol getProtocol();
}
