package io.jasyncio;

/**
 * A coroutine that produces a value: the Java spelling of {@code async def f() -> T}.
 *
 * <p>Its body runs inside a {@link Task} and may suspend at any {@code await()} call. It may throw
 * any exception; the exception becomes the task's exception and reaches whoever awaits the task,
 * unchanged (checked exceptions included, see {@link Future#await()}).
 *
 * @param <T> the type of the value
 */
@FunctionalInterface
public interface Coroutine<T> {
    /** Runs the body. Suspends wherever the body awaits. */
    T call() throws Exception;
}
