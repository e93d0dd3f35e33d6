package io.jasyncio;

import io.jasyncio.internal.AwaitTarget;

import java.math.BigDecimal;

/**
 * The future {@link Asyncio#sleep(double, Object)} awaits; it is also its own timer callback, so a
 * sleeping task costs no lambda beside it, and it tells task dumps how long the sleep is
 * ({@code "sleep 1.5s"}). Loop-confined.
 */
final class SleepFuture<T> extends Future<T> implements Runnable, AwaitTarget {
    private final T value;
    private final double seconds;

    SleepFuture(EventLoop loop, double seconds, T value) {
        super(loop);
        this.seconds = seconds;
        this.value = value;
    }

    /** The timer fired: the sleeper wakes with its value (unless it was cancelled meanwhile). */
    @Override
    public void run() {
        if (!done()) {
            setResult(value);
        }
    }

    @Override
    public String awaitDescription() {
        return "sleep " + BigDecimal.valueOf(seconds).stripTrailingZeros().toPlainString() + "s";
    }

    @Override
    public Class<?> awaitType() {
        return TimerHandle.class;
    }
}
