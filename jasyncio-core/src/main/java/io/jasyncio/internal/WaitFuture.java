package io.jasyncio.internal;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;

import java.util.Collection;
import java.util.List;

/**
 * A plain loop future that names what its awaiter waits for: a primitive and the operation
 * ({@code StreamReader@5e2de80c.readline}), a future it mirrors ({@code shield}) or the futures it
 * waits on ({@code wait}). Primitives create it where they would call {@code loop.createFuture()}
 * for a future a task then awaits. Loop-confined, like every future.
 */
public final class WaitFuture<T> extends Future<T> implements AwaitTarget {
    private final Object target;
    private final String operation;

    /**
     * @param target the primitive waited on, the future mirrored, or a collection of futures
     * @param operation what is done: {@code "readline"}, {@code "shield"}, {@code "wait"}
     */
    public WaitFuture(EventLoop loop, Object target, String operation) {
        super(loop);
        this.target = Args.notNull(target, "target");
        this.operation = Args.notNull(operation, "operation");
    }

    @Override
    public String awaitDescription() {
        if (target instanceof Future<?> || target instanceof Collection<?>) {
            return operation;
        }
        return AwaitTarget.identity(target) + "." + operation;
    }

    @Override
    public Class<?> awaitType() {
        return target instanceof Future<?> || target instanceof Collection<?> ? Future.class : target.getClass();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Collection<? extends Future<?>> awaitedFutures() {
        if (target instanceof Future<?> f) {
            return List.of(f);
        }
        if (target instanceof Collection<?> c) {
            return (Collection<? extends Future<?>>) c;
        }
        return List.of();
    }
}
