package io.jasyncio.subprocess;

import java.nio.ByteBuffer;

/**
 * The callbacks a {@link SubprocessTransport} makes: asyncio's {@code SubprocessProtocol}.
 *
 * <p>Loop-confined: every method runs on the loop's thread, one at a time. The contract, as in
 * asyncio: {@link #connectionMade} once (the child has started); {@link #pipeDataReceived} any
 * number of times per piped output (fd 1 = stdout, 2 = stderr); {@link #pipeConnectionLost} once
 * per pipe (fd 0 too); {@link #processExited} once when the child exits; {@link #connectionLost}
 * once, last, after the child has exited and every pipe is closed.
 * {@link #pauseWriting}/{@link #resumeWriting} come in pairs when the stdin pipe's buffer crosses
 * its water marks. Every method has an empty default.
 *
 * <p>Difference from asyncio: {@link #pipeDataReceived} gets a {@link ByteBuffer} valid only
 * during the call (copy what you keep), as {@code Protocol.dataReceived} does.
 */
public interface SubprocessProtocol {
    /** The child has started; {@code transport} controls it. */
    default void connectionMade(SubprocessTransport transport) {}

    /** The child wrote to stdout ({@code fd} 1) or stderr (2): the buffer's remaining bytes. */
    default void pipeDataReceived(int fd, ByteBuffer data) {}

    /** Pipe {@code fd} is closed: EOF or a close (exc null) or an error (a broken stdin pipe). */
    default void pipeConnectionLost(int fd, Throwable exc) {}

    /** The child has exited; {@link SubprocessTransport#getReturncode()} tells how. */
    default void processExited() {}

    /** The transport is done: the child exited and every pipe is closed. */
    default void connectionLost(Throwable exc) {}

    /** The stdin pipe's buffer went over its high-water mark: stop writing. */
    default void pauseWriting() {}

    /** The stdin pipe's buffer drained to its low-water mark: write again. */
    default void resumeWriting() {}
}
