package io.jasyncio;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.function.Function;

/**
 * A value per event loop, made on first use on that loop: per-loop state in an
 * {@link EventLoopGroup} (a cache, a connection pool, a rate limiter) that the loop's tasks use
 * without locks because only that loop's thread ever touches its value.
 *
 * <p>{@link #get()} is loop-confined: it returns the value of the running loop. The map of values
 * itself is thread-safe. A closed loop's value is not handed out again, and goes with the loop
 * when the loop is garbage collected ({@link #remove(EventLoop)} drops it at once).
 */
public final class LoopLocal<T> {
    private final Function<EventLoop, ? extends T> initial;
    /** Weak keys: a closed loop that nobody references any more takes its value with it. */
    private final Map<EventLoop, T> values = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * A loop-local whose value for a loop is {@code initial.apply(loop)}, called on that loop the
     * first time {@link #get()} runs there.
     */
    public LoopLocal(Function<EventLoop, ? extends T> initial) {
        this.initial = Objects.requireNonNull(initial, "initial");
    }

    /**
     * The running loop's value (made on first use).
     *
     * @throws IllegalStateException if no loop is running in this thread
     */
    public T get() {
        EventLoop loop = Asyncio.getRunningLoop();
        if (loop.isClosed()) {
            throw new IllegalStateException("the event loop is closed");
        }
        T v = values.get(loop);
        if (v == null) {
            v = Objects.requireNonNull(initial.apply(loop), "LoopLocal's initial function returned null");
            values.put(loop, v);
        }
        return v;
    }

    /** Drops the value of {@code loop} (made anew on its next {@link #get()}); returns it or null. */
    public T remove(EventLoop loop) {
        return values.remove(Objects.requireNonNull(loop, "loop"));
    }

    @Override
    public String toString() {
        return "<LoopLocal loops=" + values.size() + ">";
    }
}
