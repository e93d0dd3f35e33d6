package io.jasyncio.internal;

import io.jasyncio.Future;

import java.util.Collection;
import java.util.List;

/**
 * A future that can say what a task awaiting it waits for: the lock, queue, stream, timer or
 * futures behind it. Task dumps ({@code EventLoop.dumpTasks()}) read it from the future a task is
 * parked on, so recording "what a task awaits" costs no field in the task (asyncio 3.14 keeps an
 * {@code _asyncio_awaited_by} set on every future instead).
 */
public interface AwaitTarget {
    /** What a task awaiting this waits for, as dumps print it: {@code "Lock@1b6d3586.acquire"}. */
    String awaitDescription();

    /** The public type of what is awaited ({@code Lock}, {@code Queue}, {@code StreamReader}...). */
    Class<?> awaitType();

    /**
     * The futures this one waits on in turn (gather's children, a TaskGroup's tasks, the future a
     * shield mirrors): the edges of the await tree. Read on the loop thread only.
     */
    default Collection<? extends Future<?>> awaitedFutures() {
        return List.of();
    }

    /**
     * The class name the future's repr shows: {@code Future}, as asyncio's repr of the plain
     * future its lock, queue, stream or sleep would create ({@code <Future pending>}).
     */
    default String reprName() {
        return "Future";
    }

    /** {@code Name@hash}: how dumps name a primitive (its identity, as Python's repr shows the id). */
    static String identity(Object o) {
        return o.getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(o));
    }
}
