package io.jasyncio.files;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The direct buffers that read-aheads fetch into, kept for reuse across files. Thread-safe.
 *
 * <p>Why direct: {@code FileChannel.read} into a heap array goes through a temporary direct
 * buffer of the JDK's and copies every byte once more on the worker; into a direct buffer the
 * kernel writes the bytes where the loop reads them. Why pooled: {@code allocateDirect} zeroes
 * the memory and registers a cleaner, which costs more than a small file's read; a file read in
 * bulk asks for the same few sizes (its fetches grow by doubling), so buffers are kept by exact
 * capacity, at most {@link #PER_SIZE} of each and {@link #MAX_HELD} bytes in all. A buffer
 * that is not given back (its loop closed with a fetch in flight) is freed by its cleaner.
 */
final class DirectBufferPool {
    /** Buffers of one capacity kept at most: a bulk reader holds about four (two in flight). */
    static final int PER_SIZE = 8;
    /** Bytes kept at most, all sizes together. */
    static final long MAX_HELD = 32L << 20;

    /** How many buffers were allocated: tests check that files read one after another reuse them. */
    static final java.util.concurrent.atomic.AtomicLong ALLOCATED = new java.util.concurrent.atomic.AtomicLong();

    private static final Map<Integer, ArrayDeque<ByteBuffer>> FREE = new HashMap<>();
    private static long held;

    private DirectBufferPool() {}

    /** A direct little-endian buffer of exactly {@code capacity} bytes, position 0, limit its capacity. */
    static ByteBuffer acquire(int capacity) {
        synchronized (FREE) {
            ArrayDeque<ByteBuffer> free = FREE.get(capacity);
            ByteBuffer b = free == null ? null : free.poll();
            if (b != null) {
                held -= capacity;
                return b.clear();
            }
        }
        ALLOCATED.incrementAndGet();
        return ByteBuffer.allocateDirect(capacity).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Gives {@code b} back; the caller must hold no other reference to it (no worker may still fill it). */
    static void release(ByteBuffer b) {
        if (!b.isDirect()) {
            return;
        }
        int capacity = b.capacity();
        synchronized (FREE) {
            ArrayDeque<ByteBuffer> free = FREE.computeIfAbsent(capacity, c -> new ArrayDeque<>(PER_SIZE));
            if (free.size() < PER_SIZE && held + capacity <= MAX_HELD) {
                free.add(b);
                held += capacity;
            }
        }
    }
}
