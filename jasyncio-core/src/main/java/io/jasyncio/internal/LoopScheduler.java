package io.jasyncio.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
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

    /**
     * {@code Thread.inheritableThreadLocals}, readable under the same add-opens flag as the builder;
     * null if this JDK has no such field (every task's thread is then made by createTask).
     */
    private static final MethodHandle INHERITABLE_LOCALS = findInheritableLocals();

    private final Thread.Builder.OfVirtual builder;
    private final LoopQueue loop;

    public LoopScheduler(LoopQueue loop) {
        this.loop = loop;
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

    /**
     * The fiber itself is the first step in the ready queue: the thread (a VirtualThread and its
     * continuation, ≈ 300 B with the JDK's bookkeeping) is made only when the step comes up, so a
     * burst of tasks not yet run holds ≈ 120 B each and a task that ends in its first step lets its
     * thread die young (issue 16: 100 k tasks spawned at once on a cold heap). Unless the creating
     * thread has inheritable thread locals: a thread copies them when it is made, and the task
     * must see the creator's (DESIGN §7 hazard 7), so it is made now.
     */
    @Override
    public void start(Fiber fiber) {
        if (hasInheritableThreadLocals(Thread.currentThread())) {
            Thread t = newThread(fiber);
            t.start(); // the JDK queues the first step through LoopQueue.execute
        } else {
            loop.execute(fiber);
        }
    }

    @Override
    public void firstStep(Fiber fiber) {
        loop.startHere(newThread(fiber)); // the JDK submits the first step through LoopQueue.execute: run it in place
    }

    private Thread newThread(Fiber fiber) {
        Thread t = builder.unstarted(fiber);
        t.setUncaughtExceptionHandler(fiber); // not on the builder: it would keep the last task reachable
        fiber.thread = t;
        return t;
    }

    /** Whether {@code t} has an inheritable-thread-local map (true when it cannot be told). */
    private static boolean hasInheritableThreadLocals(Thread t) {
        if (INHERITABLE_LOCALS == null) {
            return true;
        }
        try {
            return (Object) INHERITABLE_LOCALS.invokeExact(t) != null;
        } catch (Throwable e) {
            return true;
        }
    }

    private static MethodHandle findInheritableLocals() {
        try {
            Field f = Thread.class.getDeclaredField("inheritableThreadLocals");
            f.setAccessible(true);
            return MethodHandles.lookup().unreflectGetter(f).asType(MethodType.methodType(Object.class, Thread.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public void suspend(Fiber fiber) {
        if (fiber.takeResumed()) {
            // Resumed before it parked (the awaited future was completed by the task itself, as a
            // pending cancel does): still give up the loop once, behind the ready work, as asyncio
            // runs the task's wake-up callback from the ready queue.
            Thread.yield();
            return;
        }
        do {
            LockSupport.park(); // unmounts: the loop thread goes on with its next ready item
        } while (!fiber.takeResumed());
    }

    @Override
    public void resume(Fiber fiber) {
        fiber.setResumed();
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
