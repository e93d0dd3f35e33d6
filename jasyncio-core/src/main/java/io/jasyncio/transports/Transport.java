package io.jasyncio.transports;

import java.nio.ByteBuffer;

/**
 * A bidirectional stream connection (TCP or Unix socket) driven by the loop: asyncio's
 * {@code Transport} (with {@code BaseTransport}, {@code ReadTransport}, {@code WriteTransport}).
 *
 * <p>Loop-confined. Writes never block: what the socket does not take at once is buffered and
 * sent when it becomes writable; the protocol's {@link Protocol#pauseWriting()} is called when the
 * buffer passes the high-water mark, {@link Protocol#resumeWriting()} when it falls to the low one.
 *
 * <p>Difference from asyncio: writing after {@link #close()} or {@link #abort()} throws
 * {@link IllegalStateException} instead of logging a warning after five attempts; writes after the
 * peer broke the connection are dropped, as in asyncio (the protocol got {@code connectionLost}).
 */
public interface Transport {
    /** Sends {@code data}; bytes the socket does not accept at once are copied into the buffer. */
    void write(byte[] data);

    /** Sends the buffer's remaining bytes (it is consumed); no copy when the socket takes them all. */
    void write(ByteBuffer data);

    /**
     * Writes the arrays in order: one gathering system call when nothing is queued; only what the
     * socket does not take is copied.
     */
    void writelines(Iterable<byte[]> data);

    /** Closes the write side once the buffer is flushed (half-close); reading goes on. */
    void writeEof();

    /** Whether {@link #writeEof()} is supported (true for sockets). */
    boolean canWriteEof();

    /**
     * Closes the transport: stops reading at once, flushes buffered writes, then closes the socket
     * and calls {@link Protocol#connectionLost} with null. Idempotent.
     */
    void close();

    /** Closes the transport at once, dropping buffered writes; the protocol gets connectionLost(null). */
    void abort();

    /** Whether the transport is closing or closed. */
    boolean isClosing();

    /**
     * Optional information: {@code "peername"}, {@code "sockname"} (SocketAddress),
     * {@code "socket"} (the channel); null when unknown.
     */
    Object getExtraInfo(String name);

    /** {@link #getExtraInfo(String)}, or {@code defaultValue} when unknown: asyncio's {@code default=}. */
    default Object getExtraInfo(String name, Object defaultValue) {
        Object value = getExtraInfo(name);
        return value != null ? value : defaultValue;
    }

    /** Stops calling the protocol's receive methods until {@link #resumeReading()}. */
    void pauseReading();

    /** Resumes reading after {@link #pauseReading()}. */
    void resumeReading();

    /** Whether the transport is reading (not paused and not closing). */
    boolean isReading();

    /**
     * Sets the write buffer's water marks in bytes. {@code low < 0}: a quarter of {@code high};
     * {@code high < 0}: 64 KiB (asyncio's defaults: 64 KiB and 16 KiB).
     *
     * @throws IllegalArgumentException if {@code low > high}
     */
    void setWriteBufferLimits(int high, int low);

    /** The high-water mark in bytes. */
    int getWriteBufferHighWaterMark();

    /** The low-water mark in bytes. */
    int getWriteBufferLowWaterMark();

    /** How many bytes wait in the write buffer. */
    int getWriteBufferSize();

    /** The protocol this transport calls. */
    Protocol getProtocol();

    /** Replaces the protocol this transport calls (for protocol upgrades). */
    void setProtocol(Protocol protocol);
}
