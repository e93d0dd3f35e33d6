package io.jasyncio;

/**
 * A coroutine without a value ({@code async def f() -> None}), so that {@code () -> { work(); }}
 * compiles without {@code return null}. See {@link Coroutine}.
 */
@FunctionalInterface
public interface VoidCoroutine {
    /** Runs the body. Suspends wherever the body awaits. */
    void run() throws Exception;

    /** This coroutine as a {@link Coroutine} whose value is {@code null}. */
    default Coroutine<Void> asCoroutine() {
        return () -> {
            run();
            return null;
        };
    }
}
