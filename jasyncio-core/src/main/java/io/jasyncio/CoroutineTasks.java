package io.jasyncio;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tasks wrapping the coroutines given to {@link Asyncio#gather} and
 * {@link Asyncio#asCompleted}: one task per distinct coroutine object. asyncio collapses identical
 * awaitables (the {@code arg_to_fut} map of {@code gather}, the {@code set(aws)} of
 * {@code as_completed}), so a coroutine passed twice runs once and its task stands in both places.
 * Loop-confined.
 *
 * @param all a task per argument, in argument order (repeated where a coroutine was)
 * @param distinct each task once, in order of first appearance
 */
record CoroutineTasks<T>(List<Task<T>> all, List<Task<T>> distinct) {

    /** Wraps each distinct coroutine in a new task of {@code loop}. */
    @SuppressWarnings("unchecked") // a Task<? extends T> only hands out Ts
    static <T> CoroutineTasks<T> of(EventLoop loop, List<? extends Coroutine<? extends T>> coroutines) {
        CoroutineTasks<T> tasks = new CoroutineTasks<>(new ArrayList<>(coroutines.size()), new ArrayList<>(coroutines.size()));
        Map<Object, Task<T>> byIdentity = new IdentityHashMap<>();
        for (Coroutine<? extends T> c : coroutines) {
            tasks.add(byIdentity, c, () -> (Task<T>) loop.createTask(c));
        }
        return tasks;
    }

    /** {@link #of} for coroutines without a value; identity is that of the given objects. */
    static CoroutineTasks<Void> ofVoid(EventLoop loop, VoidCoroutine[] coroutines) {
        CoroutineTasks<Void> tasks = new CoroutineTasks<>(new ArrayList<>(coroutines.length), new ArrayList<>(coroutines.length));
        Map<Object, Task<Void>> byIdentity = new IdentityHashMap<>();
        for (VoidCoroutine c : coroutines) {
            tasks.add(byIdentity, c, () -> loop.createTask(c.asCoroutine()));
        }
        return tasks;
    }

    private void add(Map<Object, Task<T>> byIdentity, Object coroutine, java.util.function.Supplier<Task<T>> create) {
        if (coroutine == null) {
            throw new NullPointerException("coroutine");
        }
        Task<T> t = byIdentity.get(coroutine);
        if (t == null) {
            t = create.get();
            byIdentity.put(coroutine, t);
            distinct.add(t);
        }
        all.add(t);
    }
}
