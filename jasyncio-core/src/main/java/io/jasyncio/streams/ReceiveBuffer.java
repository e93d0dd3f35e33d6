package io.jasyncio.streams;

import java.nio.ByteBuffer;

/**
 * The direct buffer each loop thread lends, through {@link StreamReaderProtocol#getBuffer}, to the
 * transports of its stream connections when no {@code readinto} waits: the transport reads into
 * it and {@code bufferUpdated} copies the bytes into the reader before returning, so one buffer per
 * thread serves every connection (a loop runs one callback at a time). It is not the socket
 * transport's own read buffer: a TLS transport decrypts into this one while that one still holds
 * records it has not processed.
 */
final class ReceiveBuffer {
    /** 64 KiB, as the socket transport's read buffer: one read system call per chunk the kernel has. */
    static final int SIZE = 64 * 1024;

    private static final ThreadLocal<ByteBuffer> BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(SIZE));

    private ReceiveBuffer() {}

    /** The calling thread's buffer, cleared. */
    static ByteBuffer get() {
        return BUFFER.get().clear();
    }
}
