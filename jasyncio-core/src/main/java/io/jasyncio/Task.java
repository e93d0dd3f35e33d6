package io.jasyncio;

import io.jasyncio.internal.Args;
import io.jasyncio.internal.Fiber;
import io.jasyncio.internal.PyRepr;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A coroutine running on the loop: asyncio's {@code Task}. Each task is a virtual thread that the
 * loop schedules, so its body is plain sequential Java that suspends wherever it awaits.
 *
 * <p>Loop-confined: call its methods from the loop's thread (a callback or a task of the loop).
 *
 * <p>Cancellation follows asyncio 3.12+: {@link #cancel(String)} cancels the future the task is
 * waiting on, or else raises {@link CancelledError} at the task's next suspension; a task that
 * catches it and returns normally is not cancelled; {@link #cancelling()} counts requests and
 * {@link #uncancel()} takes one back. A task cancelled before its first step never runs its body.
 * The loop holds a strong reference to every pending task.
 *
 * @param <T> the type of the task's result
 */
public final class Task<T> extends Future<T> {
    private static final AtomicLong IDS = new AtomicLong();
    /** What {@code waitingOn} holds while a cancel is being passed to the awaited future. */
    private static final Future<Object> CANCEL_IN_PROGRESS = Future.marker();

    private final long id = IDS.incrementAndGet();
    private String name;
    /**
     * A {@code Coroutine<T>}, or a {@code VoidCoroutine} (T is Void) run as it is: its
     * {@code asCoroutine()} adapter is made only if {@link #getCoro()} asks (16 bytes a task).
     */
    private Object body;
    /** Its thread's scheduling state, and the thread's body (no lambda per task). */
    final Fiber fiber = new Body();

    private Future<?> waitingOn;
    private boolean wakePending;
    private boolean mustCancel;
    private String cancelRequestMessage;
    private int numCancelsRequested;
    /** The task suspended while this one makes its eager first step; resumed at its first suspension. */
    private Task<?> eagerParent;

    /** The loop's list of live tasks (it holds pending tasks strongly). */
    Task<?> prevLive, nextLive;
    /**
     * The context every step runs in (its thread's cell holds it, unless Context.run entered
     * another). Null while the task was started from an empty context and nothing needed one yet:
     * the task's cell then holds null too, which reads as empty (most tasks never set a variable).
     */
    private Context context;

    /** {@code body}: a Coroutine or a VoidCoroutine; {@code context} null: an empty one, made when needed. */
    Task(EventLoop loop, Object body, String name, Context context) {
        super(loop);
        this.body = body;
        this.name = name;
        this.context = context;
        fiber.context = this;
        fiber.vars = context;
    }

    /** The context the task runs in: asyncio's {@code Task.get_context()}. */
    public Context getContext() {
        Context c = context;
        if (c == null) {
            c = new Context();
            context = c;
            if (fiber.vars == null && fiber.context == this) {
                fiber.vars = c; // not while a callback borrows the task's thread (portable scheduler)
            }
        }
        return c;
    }

    /**
     * The task's thread: its body is the task's, and its first write makes the task's own context.
     * Static (no outer reference, 8 bytes a task): the task is its {@code context}, which only a
     * callback run on this thread for the loop replaces for a while (portable scheduler).
     */
    private static final class Body extends Fiber {
        @Override
        protected void body() {
            ((Task<?>) context).runBody(); // the thread starts with context = its task
        }

        @Override
        public Context contextForFirstWrite() {
            return context instanceof Task<?> t && t.fiber == this ? t.getContext() : new Context();
        }
    }

    /** Queues the first step; called once by the loop right after construction. */
    void start() {
        loop.scheduler.start(fiber);
    }

    /**
     * Runs the first step now (asyncio 3.12's eager start). From a task: the caller suspends, the
     * step runs next, and the caller runs again right after it, before anything else. From a plain
     * callback: the step runs inline.
     */
    void startEager() {
        Object caller = EventLoop.context();
        if (caller instanceof Task<?> parent) {
            eagerParent = parent;
            loop.routeNextStep(EagerSteps.ROUTE_URGENT);
            try {
                loop.scheduler.start(fiber);
            } finally {
                loop.routeNextStep(EagerSteps.ROUTE_READY);
            }
            loop.scheduler.suspend(parent.fiber);
            loop.noteStep(parent);
        } else {
            loop.routeNextStep(EagerSteps.ROUTE_CAPTURE);
            try {
                loop.scheduler.start(fiber);
            } finally {
                loop.routeNextStep(EagerSteps.ROUTE_READY);
            }
            loop.runCapturedStep();
        }
    }

    /** At the end of an eager first step: the task that created this one goes on at once. */
    private void releaseEagerParent() {
        Task<?> parent = eagerParent;
        if (parent != null) {
            eagerParent = null;
            loop.routeNextStep(EagerSteps.ROUTE_URGENT);
            try {
                loop.scheduler.resume(parent.fiber);
            } finally {
                loop.routeNextStep(EagerSteps.ROUTE_READY);
            }
        }
    }

    /**
     * A new task of {@code loop}, bypassing the loop's {@link TaskFactory}: asyncio's
     * {@code Task(coro, loop=, name=, context=, eager_start=)}, for factories to call. With
     * {@code eagerStart}, while {@code loop} runs the caller the coroutine runs at once until its
     * first suspension. Call it on the loop's thread.
     *
     * @param name the task's name, or null for {@code Task-N}
     * @param context the context the task runs in (not copied)
     */
    public static <T> Task<T> create(EventLoop loop, Coroutine<T> coroutine, String name, Context context,
            boolean eagerStart) {
        Args.notNull(loop, "loop");
        Args.notNull(coroutine, "coroutine");
        Args.notNull(context, "context");
        return loop.startTask(coroutine, name, context, eagerStart);
    }

    /**
     * The coroutine the task runs (asyncio's {@code get_coro()}): the object given to
     * {@code createTask} (for a {@code VoidCoroutine}, its {@code asCoroutine()} adapter), kept
     * after the task is done, as asyncio keeps it.
     */
    @SuppressWarnings("unchecked")
    public Coroutine<T> getCoro() {
        Object b = body;
        if (b instanceof Coroutine<?> c) {
            return (Coroutine<T>) c;
        }
        Coroutine<Void> c = ((VoidCoroutine) b).asCoroutine();
        body = c;
        return (Coroutine<T>) c;
    }

    /** The task's name: the one given at creation, or {@code Task-N}. */
    public String getName() {
        String n = name;
        if (n == null) {
            n = "Task-" + id;
            name = n;
        }
        return n;
    }

    /** Renames the task. */
    public void setName(String name) {
        this.name = String.valueOf(name);
    }

    /**
     * Requests cancellation: if the task waits on a future, that future is cancelled; otherwise
     * {@link CancelledError} is raised inside the task at its next suspension. Returns false if
     * the task is already done.
     */
    @Override
    public boolean cancel(String msg) {
        loop.checkThread(); // asyncio's debug mode: call_soon from a foreign thread raises
        if (done()) {
            return false;
        }
        Future<?> w = waitingOn;
        if (w == CANCEL_IN_PROGRESS) {
            // Tasks awaiting each other in a cycle led the cancel back here (asyncio recurses until
            // RecursionError): the cancellation lands in this task, which wakes and raises it.
            mustCancel = true;
            cancelRequestMessage = msg;
            wakeUp();
            return true;
        }
        numCancelsRequested++;
        if (w != null) {
            waitingOn = CANCEL_IN_PROGRESS;
            boolean passedOn;
            try {
                passedOn = w.cancel(msg);
            } finally {
                waitingOn = w; // kept: it may be a task that swallows the cancellation
            }
            if (passedOn) {
                return true;
            }
        }
        mustCancel = true;
        cancelRequestMessage = msg;
        return true;
    }

    /** How many cancellation requests are pending (asyncio 3.11+). */
    public int cancelling() {
        return numCancelsRequested;
    }

    /**
     * Takes back one cancellation request and returns how many remain. When none remain, a
     * cancellation not delivered yet is dropped (asyncio 3.13).
     */
    public int uncancel() {
        if (numCancelsRequested > 0) {
            numCancelsRequested--;
            if (numCancelsRequested == 0) {
                mustCancel = false;
            }
        }
        return numCancelsRequested;
    }

    /**
     * Tasks are completed by their body: always throws {@link IllegalStateException} (asyncio's
     * {@code RuntimeError("Task does not support set_result operation")}).
     */
    @Override
    public void setResult(T value) {
        throw new IllegalStateException("Task does not support setResult operation");
    }

    /** Tasks are completed by their body: always throws {@link IllegalStateException}, as {@link #setResult}. */
    @Override
    public void setException(Throwable exception) {
        throw new IllegalStateException("Task does not support setException operation");
    }

    /** The frames of the task where it is suspended now; empty once it is done. */
    public StackTraceElement[] getStack() {
        Thread t = fiber.thread();
        if (done() || t == null) {
            return new StackTraceElement[0];
        }
        return t.getStackTrace();
    }

    /** Prints the task and its current stack. */
    public void printStack(PrintStream out) {
        Args.notNull(out, "out");
        out.println("Stack for " + this + ":");
        for (StackTraceElement e : getStack()) {
            out.println("\tat " + e);
        }
    }

    // ----- what task dumps read (TaskDumps, on the loop thread) -----

    /** The task's number, unique in the JVM (its default name is {@code Task-<id>}). */
    long id() {
        return id;
    }

    /** The future the task is parked on, or null (running, ready to run, or done). */
    Future<?> awaitedFuture() {
        return waitingOn;
    }

    /** Whether the loop has queued the task's next step (its awaited future is done, or it yields). */
    boolean stepQueued() {
        return wakePending;
    }

    /** Whether a cancellation is waiting for the task's next suspension. */
    boolean cancelPending() {
        return mustCancel;
    }

    @Override
    String describeForReport() {
        return "Task exception was never retrieved";
    }

    @Override
    String reprState() {
        // asyncio 3.11+'s _task_repr_info: "cancelling" while cancelling() > 0 and not done, even
        // once the cancel went on to the awaited future (mustCancel alone: a cancel that came round a cycle)
        return !done() && (numCancelsRequested > 0 || mustCancel) ? "cancelling" : super.reprState();
    }

    @Override
    void reprExtra(StringBuilder sb) {
        sb.append(" name=").append(PyRepr.of(getName()));
    }

    // ----- the body and its suspension points -----

    private void runBody() {
        loop.noteStep(this);
        Object b = body;
        try {
            if (mustCancel || loop.closing) {
                // Cancelled before its first step: the body never runs, not even a finally.
                mustCancel = false;
                throw new CancelledError(cancelRequestMessage);
            }
            T value = call(b);
            if (mustCancel) {
                // cancel() was called during the last step and nothing awaited since: still cancelled.
                mustCancel = false;
                super.cancel(cancelRequestMessage);
            } else {
                super.setResult(value);
            }
        } catch (CancelledError e) {
            mustCancel = false;
            super.cancel(e.getMessage());
            keepRaisedCancel(e); // asyncio's __step: self._cancelled_exc = exc
        } catch (Throwable e) {
            super.setException(TaskCreationSite.attach(this, e, loop.creationSite(this)));
        } finally {
            waitingOn = null;
            loop.taskFinished(this);
            releaseEagerParent();
        }
    }

    @SuppressWarnings("unchecked")
    private T call(Object b) throws Exception {
        if (b instanceof Coroutine<?> c) {
            return (T) c.call();
        }
        ((VoidCoroutine) b).run();
        return null;
    }

    /** The task whose thread is calling, or an exception naming why there is none. */
    static Task<?> current(String operation) {
        Object c = EventLoop.context();
        if (c instanceof Task<?> t) {
            return t;
        }
        if (c instanceof EventLoop) {
            throw new IllegalStateException(operation + " called in a callback on the loop thread: only a task can"
                    + " suspend (wrap the code in loop.createTask)");
        }
        throw new IllegalStateException(operation + " called outside a task: no running event loop"
                + " (start one with Asyncio.run)");
    }

    static void awaitInCurrentTask(Future<?> f) {
        current("await()").awaitFuture(f);
    }

    private void awaitFuture(Future<?> f) {
        if (loop.closing) {
            throw new CancelledError("the event loop is closed");
        }
        if (f.loop != loop) {
            throw new IllegalStateException("Task " + this + " got Future " + f + " attached to a different loop");
        }
        if (f == this) {
            throw new IllegalStateException("Task cannot await on itself: " + this);
        }
        waitingOn = f;
        f.addWaiter(this);
        // asyncio's __step: a pending cancel goes to the awaited future only once the task is its
        // waiter, so cancelling it queues the task's wake-up (before, the wake-up was lost).
        if (mustCancel && f.cancel(cancelRequestMessage)) {
            mustCancel = false;
        }
        releaseEagerParent();
        loop.scheduler.suspend(fiber);
        afterResume();
        waitingOn = null;
        if (!f.done()) {
            f.removeWaiter(this);
            if (mustCancel) {
                mustCancel = false; // woken by a cancel that came round a cycle of awaits
                throw new CancelledError(cancelRequestMessage);
            }
            throw new CancelledError("the event loop was closed while the task was waiting");
        }
        if (mustCancel) {
            mustCancel = false;
            if (!f.cancelled()) {
                throw new CancelledError(cancelRequestMessage); // the result is lost to this task
            }
        }
    }

    /** {@code sleep(0)}: goes to the back of the ready queue once. */
    void yieldOnce() {
        if (loop.closing) {
            throw new CancelledError("the event loop is closed");
        }
        wakePending = true;
        releaseEagerParent();
        loop.scheduler.yieldNow(fiber);
        afterResume();
        if (loop.closing) {
            throw new CancelledError("the event loop was closed while the task was waiting");
        }
        if (mustCancel) {
            mustCancel = false;
            throw new CancelledError(cancelRequestMessage);
        }
    }

    private void afterResume() {
        wakePending = false;
        loop.noteStep(this);
    }

    /** Called on the loop when the awaited future is done (or the loop closes). */
    void wakeUp() {
        if (!wakePending) {
            wakePending = true;
            loop.scheduler.resume(fiber);
        }
    }

    /** Called by close(): wakes a task parked on a future so that it unwinds. */
    void wakeForClose() {
        if (waitingOn != null) {
            wakeUp();
        }
    }
}
