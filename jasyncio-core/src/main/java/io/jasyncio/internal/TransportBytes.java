package io.jasyncio.internal;

/**
 * The bytes a loop's socket and datagram transports have read and written, for
 * {@code loop.statistics()}. One per loop; transports keep a reference and add to it on the loop
 * thread (plain fields, no atomics: the hot path of every read and write pays one addition).
 */
public final class TransportBytes {
    private long read, written;

    /** Counts bytes received from the network. Loop-confined. */
    public void addRead(long n) {
        read += n;
    }

    /** Counts bytes handed to the network. Loop-confined. */
    public void addWritten(long n) {
        written += n;
    }

    /** Bytes read so far (from another thread the figure may lag). */
    public long read() {
        return read;
    }

    /** Bytes written so far (from another thread the figure may lag). */
    public long written() {
        return written;
    }
}
