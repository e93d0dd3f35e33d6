package io.jasyncio.internal.proc;

/**
 * The read side of a child's stdin transport, which has none: asyncio's write pipe transport has
 * no {@code pause_reading} either. Loop-confined.
 */
interface WriteOnlyPipe extends ChildPipe {
    /** The child's pid, for the error message. */
    long pid();

    @Override
    default void pauseReading() {
        throw new UnsupportedOperationException("fd 0 of process " + pid() + " is a write pipe");
    }

    @Override
    default void resumeReading() {
        throw new UnsupportedOperationException("fd 0 of process " + pid() + " is a write pipe");
    }

    @Override
    default boolean isReading() {
        return false;
    }

    @Override
    default boolean canWriteEof() {
        return true;
    }

    @Override
    default void writelines(Iterable<byte[]> data) {
        for (byte[] d : data) {
            write(d);
        }
    }

    @Override
    default void write(byte[] data) {
        write(java.nio.ByteBuffer.wrap(data));
    }
}
