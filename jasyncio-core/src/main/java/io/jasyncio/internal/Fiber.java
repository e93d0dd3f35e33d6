package io.jasyncio.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The scheduling state of one task: its thread and whether the loop has told it to run again.
 * Owned by a {@link TaskScheduler}; the public {@code Task} holds one.
 *
 * <p>It is also its thread's uncaught-exception handler: that is how a task's thread finds its
 * task without a thread local (see {@code EventLoop.context()}), and its {@link ContextCell}: the
 * context variables the thread runs with. A task's body catches every throwable, so the handler
 * only ever sees what escapes the JDK's own code around it.
 *
 * <p>It is also the thread's body ({@link #run}: the task's {@link #body}, between the scheduler's
 * {@link Steps} if it has any), so a task costs no extra lambda.
 */
public abstract class Fiber extends ContextCell implements Thread.UncaughtExceptionHandler, Runnable {
    /**
     * Whether the loop has told the task to go on; consumed by the task when it wakes. Written with
     * release and read with acquire ({@link #RESUMED}), not volatile: the park/unpark pair needs no
     * store-load fence from it, and a volatile store is a locked instruction on every task switch.
     */
    private boolean resumed;
    private static final VarHandle RESUMED;

    static {
        try {
            RESUMED = MethodHandles.lookup().findVarHandle(Fiber.class, "resumed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    Thread thread;
    /** For schedulers that start the thread at its first step. Touched only by the baton holder. */
    boolean started;
    /** The task, or its loop while the task's thread runs callbacks on the loop's behalf. */
    public Object context;
    /** What a scheduler runs around the body on the task's thread (one object per scheduler), or null. */
    Steps steps;

    /** What a scheduler does on the task's thread before its body runs and after it ends. */
    interface Steps {
        void beforeBody(Fiber fiber);

        void afterBody(Fiber fiber);
    }

    /** The task's body: its whole coroutine, run once on its thread. */
    protected abstract void body();

    @Override
    public final void run() {
        Steps s = steps;
        if (s == null) {
            body();
            thread = null; // see below
            return;
        }
        s.beforeBody(this);
        try {
            body();
        } finally {
            // A done task lets go of its thread: the VirtualThread and its continuation (≈ 270 B)
            // die young instead of living as long as whoever holds the Task (issue 16, spawn cliff).
            thread = null;
            s.afterBody(this);
        }
    }

    /** Lets the task go on: everything the caller wrote before is visible to it once it sees this. */
    final void setResumed() {
        RESUMED.setRelease(this, true);
    }

    /** On the task's thread: whether it was told to go on, consuming the signal if so. */
    final boolean takeResumed() {
        if ((boolean) RESUMED.getAcquire(this)) {
            resumed = false; // only the task clears it, before it can be told again (it must suspend first)
            return true;
        }
        return false;
    }

    /** The task's thread, or null before it was started and once its body has ended. */
    public Thread thread() {
        return thread;
    }

    @Override
    public void uncaughtException(Thread t, Throwable e) {
        System.getLogger("io.jasyncio").log(System.Logger.Level.ERROR, "uncaught in task thread " + t, e);
    }
}
