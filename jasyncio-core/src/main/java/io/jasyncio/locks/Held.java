package io.jasyncio.locks;

/**
 * A held lock or permit, released by {@link #close()}: the try-with-resources form of asyncio's
 * {@code async with lock:}. Obtained from {@link Lock#hold()}, {@link Semaphore#hold()} or
 * {@link Condition#hold()}:
 * <pre>{@code
 * try (var held = lock.hold()) {
 *     ... // runs with the lock held; it is released however the block ends
 * }
 * }</pre>
 *
 * <p>Loop-confined, like the primitive it came from.
 */
@FunctionalInterface
public interface Held extends AutoCloseable {
    /** Releases the lock or permit; later calls do nothing. */
    @Override
    void close();
}
