package io.jasyncio.internal.net;

import java.nio.ByteBuffer;

/**
 * The one direct read buffer of each loop thread. Every transport of a loop reads into it and
 * hands a view to its protocol, which must consume or copy the bytes before returning; since a
 * loop runs one callback at a time, one buffer per loop thread serves all of its connections.
 * A direct buffer saves the JDK the copy it makes when reading into a heap buffer.
 */
final class ReadBuffer {
    /** 64 KiB: asyncio reads up to 256 KiB, but loopback segments rarely exceed 64 KiB. */
    static final int SIZE = 64 * 1024;

    private static final ThreadLocal<ByteBuffer> BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(SIZE));

    private ReadBuffer() {}

    /** The calling loop thread's buffer, cleared. */
    static ByteBuffer get() {
        return BUFFER.get().clear();
    }
}
