package io.jasyncio.internal;

/**
 * The scheduling state of one task: its thread and whether the loop has told it to run again.
 * Owned by a {@link TaskScheduler}; the public {@code Task} holds one.
 *
 * <p>It is also its thread's uncaught-exception handler: that is how a task's thread finds its
 * task without a thread local (see {@code EventLoop.context()}), and its {@link ContextCell}: the
 * context variables the thread runs with. A task's body catches every throwable, so the handler
 * only ever sees what escapes the JDK's own code around it.
 *
 * <p>It is also the thread's body ({@link #run}: the task's), so a task costs no extra lambda.
 */
public abstract class Fiber extends ContextCell implements Thread.UncaughtExceptionHandler, Runnable {
    Thread thread;
    /** Set by the loop to let the task go on; consumed by the task when it wakes. */
    volatile boolean resumed;
    /** For schedulers that start the thread at its first step. Touched only by the baton holder. */
    boolean started;
    /** The task, or its loop while the task's thread runs callbacks on the loop's behalf. */
    public Object context;

    /** The task's thread, or null before it was started. */
    public Thread thread() {
        return thread;
    }

    @Override
    public void uncaughtException(Thread t, Throwable e) {
        System.getLogger("io.jasyncio").log(System.Logger.Level.ERROR, "uncaught in task thread " + t, e);
    }
}
