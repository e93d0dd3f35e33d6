package io.jasyncio.internal;

import java.lang.reflect.Constructor;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;

/**
 * Tasks are virtual threads whose scheduler is the loop: the JDK hands each continuation to
 * {@link LoopQueue#execute}, and the loop thread runs it as one ready item. A switch is a park on
 * one side and a queued continuation on the other, with no other thread involved.
 *
 * <p>JDK 25 has no public API for a virtual thread's scheduler; this is the only place that uses
 * the package-private {@code ThreadBuilders.VirtualThreadBuilder(Executor)} constructor.
 */
public final class LoopScheduler implements TaskScheduler {
    private static final Constructor<?> BUILDER = findBuilder();

    private final Thread.Builder.OfVirtual builder;

    public LoopScheduler(LoopQueue loop) {
        if (BUILDER == null) {
            throw new IllegalStateException("the loop scheduler needs the JVM option "
                    + Schedulers.ADD_OPENS + " (or run with -Djasyncio.scheduler=portable)");
        }
        try {
            Executor executor = loop::execute;
            builder = (Thread.Builder.OfVirtual) BUILDER.newInstance(executor);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create a loop-scheduled virtual thread builder", e);
        }
    }

    /** Whether the hidden constructor is accessible (the add-opens flag is present). */
    static boolean available() {
        return BUILDER != null;
    }

    private static Constructor<?> findBuilder() {
        try {
            Class<?> c = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
            Constructor<?> ctor = c.getDeclaredConstructor(Executor.class);
            ctor.setAccessible(true);
            return ctor;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // InaccessibleObjectException without the flag
        }
    }

    @Override
    public void start(Fiber fiber, Runnable body) {
        Thread t = builder.unstarted(body);
        t.setUncaughtExceptionHandler(fiber); // not on the builder: it would keep the last task reachable
        fiber.thread = t;
        t.start(); // the JDK queues the first step through LoopQueue.execute
    }

    @Override
    public void suspend(Fiber fiber) {
        if (fiber.resumed) {
            // Resumed before it parked (the awaited future was completed by the task itself, as a
            // pending cancel does): still give up the loop once, behind the ready work, as asyncio
            // runs the task's wake-up callback from the ready queue.
            fiber.resumed = false;
            Thread.yield();
            return;
        }
        while (!fiber.resumed) {
            LockSupport.park(); // unmounts: the loop thread goes on with its next ready item
        }
        fiber.resumed = false;
    }

    @Override
    public void resume(Fiber fiber) {
        fiber.resumed = true;
        LockSupport.unpark(fiber.thread); // the JDK queues the continuation on this loop
    }

    @Override
    public void yieldNow(Fiber fiber) {
        Thread.yield(); // re-submitted to the loop's executor: back of the ready queue
    }

    @Override
    public String name() {
        return "loop";
    }
}
