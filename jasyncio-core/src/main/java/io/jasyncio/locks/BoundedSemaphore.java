package io.jasyncio.locks;

/**
 * A {@link Semaphore} that cannot be released more times than it was acquired: asyncio's
 * {@code BoundedSemaphore}.
 *
 * <p>Loop-confined: use it from the tasks and callbacks of one event loop (debug mode checks it).
 */
public final class BoundedSemaphore extends Semaphore {
    private final int bound;

    /**
     * A bounded semaphore with {@code value} permits, which is also its maximum.
     *
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public BoundedSemaphore(int value) {
        super(value);
        this.bound = value;
    }

    /** A bounded semaphore with one permit. */
    public BoundedSemaphore() {
        this(1);
    }

    /**
     * Gives a permit back.
     *
     * @throws IllegalStateException if every permit is free already (asyncio raises ValueError)
     */
    @Override
    public void release() {
        if (value() >= bound) {
            throw new IllegalStateException("BoundedSemaphore released too many times");
        }
        super.release();
    }
}
