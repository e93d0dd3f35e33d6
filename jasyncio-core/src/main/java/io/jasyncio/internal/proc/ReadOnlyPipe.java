package io.jasyncio.internal.proc;

import java.nio.ByteBuffer;

/**
 * The write side of a child's stdout or stderr transport, which has none: asyncio's read pipe
 * transport has no {@code write} either. Loop-confined.
 */
interface ReadOnlyPipe extends ChildPipe {
    /** The error every write-side call raises, naming the pipe and the process. */
    UnsupportedOperationException readOnly();

    @Override
    default void write(byte[] data) {
        throw readOnly();
    }

    @Override
    default void write(ByteBuffer data) {
        throw readOnly();
    }

    @Override
    default void writelines(Iterable<byte[]> data) {
        throw readOnly();
    }

    @Override
    default void writeEof() {
        throw readOnly();
    }

    @Override
    default boolean canWriteEof() {
        return false;
    }

    @Override
    default void setWriteBufferLimits(int high, int low) {
        throw readOnly();
    }

    @Override
    default int getWriteBufferHighWaterMark() {
        return 0;
    }

    @Override
    default int getWriteBufferLowWaterMark() {
        return 0;
    }

    @Override
    default int getWriteBufferSize() {
        return 0;
    }
}
