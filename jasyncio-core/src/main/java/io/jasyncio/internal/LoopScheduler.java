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
    /**
     * The JDK class whose package-private {@code (Executor)} constructor builds loop-scheduled
     * virtual threads. A property only so that a test can simulate a JDK without it.
     */
    static final String BUILDER_CLASS = System.getProperty("jasyncio.internal.builderClass",
            "java.lang.ThreadBuilders$VirtualThreadBuilder");
    /** Why the fast scheduler cannot be used in this JVM, or null when it can. */
    private static volatile String unavailableReason;
    private static final Constructor<?> BUILDER = findBuilder();

    private final Thread.Builder.OfVirtual builder;

    public LoopScheduler(LoopQueue loop) {
        if (BUILDER == null) {
            throw new IllegalStateException("the loop scheduler cannot be used: " + unavailableReason
                    + " (start the JVM with " + Schedulers.ADD_OPENS + ", or run with -Djasyncio.scheduler=portable)");
        }
        try {
            Executor executor = loop::execute;
            builder = (Thread.Builder.OfVirtual) BUILDER.newInstance(executor);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create a loop-scheduled virtual thread builder", e);
        }
    }

    /** Whether the hidden constructor is accessible (the add-opens flag is present) and works. */
    static boolean available() {
        return BUILDER != null;
    }

    /**
     * Why {@link #available()} is false: the add-opens flag is missing, or this JDK's hidden
     * constructor is gone or no longer hands continuations to the executor. Null when available.
     */
    static String unavailableReason() {
        return unavailableReason;
    }

    private static Constructor<?> findBuilder() {
        Constructor<?> ctor;
        try {
            Class<?> c = Class.forName(BUILDER_CLASS);
            ctor = c.getDeclaredConstructor(Executor.class);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            unavailableReason = "this JDK (" + Runtime.version() + ") has no " + BUILDER_CLASS
                    + "(Executor) constructor (" + e + ")";
            return null;
        }
        try {
            ctor.setAccessible(true);
        } catch (RuntimeException e) { // InaccessibleObjectException without the flag
            unavailableReason = "the JVM was started without " + Schedulers.ADD_OPENS;
            return null;
        }
        String broken = BuilderSelfCheck.run(ctor);
        if (broken != null) {
            unavailableReason = "this JDK's (" + Runtime.version() + ") " + BUILDER_CLASS
                    + "(Executor) constructor does not behave as jasyncio expects: " + broken;
            return null;
        }
        return ctor;
    }

    @Override
    public void start(Fiber fiber) {
        Thread t = builder.unstarted(fiber);
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
