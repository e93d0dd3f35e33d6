package io.jasyncio;

import io.jasyncio.internal.Args;
import io.jasyncio.internal.AwaitTarget;
import io.jasyncio.internal.Sneaky;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A scope that owns the tasks created in it: asyncio's {@code TaskGroup}. {@link #run(Body)} runs
 * the body, then waits until every task of the group is done.
 *
 * <p>Loop-confined: use it from the task that runs it and from the group's own tasks.
 *
 * <p>When a task of the group fails (with anything but {@link CancelledError}), the other tasks
 * and the body are cancelled; once all are done, {@code run} throws an {@link ExceptionGroup}
 * holding every failure, the body's own exception included. A cancellation from outside
 * propagates as {@link CancelledError} (and cancels the tasks) unless some task failed: failures
 * take priority. {@link #cancel()} ends the group quietly: tasks and body are cancelled and
 * {@code run} returns normally.
 *
 * <pre>{@code
 * Asyncio.taskGroup(tg -> {
 *     Task<String> a = tg.createTask(() -> fetch("a"));
 *     Task<String> b = tg.createTask(() -> fetch("b"));
 * });   // both are done here
 * }</pre>
 */
public final class TaskGroup {
    /** The body of a group: it receives the group to create tasks in. */
    @FunctionalInterface
    public interface Body {
        /** Runs the body; it may suspend. */
        void run(TaskGroup group) throws Exception;
    }

    private boolean entered;
    private boolean exiting;
    private boolean aborting;
    private EventLoop loop;
    private Task<?> parentTask;
    private boolean parentCancelRequested;
    private final Set<Task<?>> tasks = new LinkedHashSet<>();
    private final List<Throwable> errors = new ArrayList<>();
    private Throwable baseError;
    private Future<Boolean> onCompleted;

    /** A group not entered yet; {@link #run} enters it. */
    public TaskGroup() {}

    /**
     * Runs the body in this group, then suspends until every task of the group is done.
     *
     * @throws ExceptionGroup if a task or the body failed: every failure, nested groups as members
     * @throws CancelledError if the calling task was cancelled from outside and nothing failed
     * @throws IllegalStateException if the group was entered before, or outside a task
     */
    public void run(Body body) {
        Args.notNull(body, "body");
        if (entered) {
            throw new IllegalStateException("TaskGroup " + this + " has already been entered");
        }
        Task<?> parent = Asyncio.currentTask(); // "no running event loop" outside any loop
        if (parent == null) {
            throw new IllegalStateException("TaskGroup " + this + " cannot determine the parent task");
        }
        parentTask = parent;
        loop = parentTask.loop;
        entered = true;
        Throwable bodyError = null;
        try {
            body.run(this);
        } catch (Throwable e) {
            bodyError = e;
        }
        try {
            exit(bodyError);
        } finally {
            parentTask = null;
        }
    }

    /**
     * Creates a task in the group. Loop-confined, does not suspend.
     *
     * @throws IllegalStateException if the group has not been entered, is finished, or is shutting
     *     down (a task failed, or it was cancelled)
     */
    public <T> Task<T> createTask(Coroutine<T> coroutine) {
        return createTask(coroutine, null);
    }

    /** {@link #createTask(Coroutine)} with a task name. */
    public <T> Task<T> createTask(Coroutine<T> coroutine, String name) {
        return createTask(coroutine, name, null);
    }

    /**
     * {@link #createTask(Coroutine, String)} running the task in {@code context} itself
     * ({@code null}: a copy of the caller's), asyncio's {@code create_task(coro, context=)}.
     */
    public <T> Task<T> createTask(Coroutine<T> coroutine, String name, Context context) {
        if (coroutine == null) {
            throw new NullPointerException("coroutine must not be null");
        }
        if (!entered) {
            throw new IllegalStateException("TaskGroup " + this + " has not been entered");
        }
        if (exiting && tasks.isEmpty()) {
            throw new IllegalStateException("TaskGroup " + this + " is finished");
        }
        if (aborting) {
            throw new IllegalStateException("TaskGroup " + this + " is shutting down");
        }
        Task<T> task = context == null ? loop.createTask(coroutine, name) : loop.createTask(coroutine, name, context);
        tasks.add(task);
        task.addDoneCallback(this::onTaskDone);
        return task;
    }

    /** {@link #createTask(Coroutine)} for a coroutine without a value. */
    public Task<Void> createTask(VoidCoroutine coroutine) {
        Args.notNull(coroutine, "coroutine");
        return createTask(coroutine.asCoroutine(), null);
    }

    /** {@link #createTask(Coroutine, String)} for a coroutine without a value. */
    public Task<Void> createTask(VoidCoroutine coroutine, String name) {
        return createTask(coroutine, name, null);
    }

    /** {@link #createTask(Coroutine, String, Context)} for a coroutine without a value. */
    public Task<Void> createTask(VoidCoroutine coroutine, String name, Context context) {
        if (coroutine == null) {
            throw new NullPointerException("coroutine must not be null");
        }
        return createTask(coroutine.asCoroutine(), name, context);
    }

    /**
     * Cancels the whole group: every task and the body. {@link #run} then returns normally once
     * all are done (unless something failed, or the caller was also cancelled from outside).
     * No task can be created afterwards. Loop-confined; callable from the body or from a task.
     * Returns false if the group is not running or is shutting down already.
     */
    public boolean cancel() {
        if (!entered || parentTask == null || aborting) {
            return false;
        }
        abort();
        if (!parentCancelRequested) {
            parentCancelRequested = true;
            parentTask.cancel();
        }
        return true;
    }

    private void exit(Throwable bodyError) {
        exiting = true;
        if (bodyError != null && isBaseError(bodyError) && baseError == null) {
            baseError = bodyError;
        }
        Throwable propagateCancellation = bodyError instanceof CancelledError ? bodyError : null;
        if (bodyError != null && !aborting) {
            abort(); // the body failed, or the caller is being cancelled: stop the tasks
        }
        while (!tasks.isEmpty()) {
            if (onCompleted == null) {
                onCompleted = new Exit(this);
            }
            try {
                onCompleted.await();
            } catch (CancelledError e) {
                if (loop.closing) {
                    // close() drops callbacks, so the tasks' done callbacks that empty the group
                    // never run: waiting on would spin forever. close() cancels the tasks itself.
                    throw e;
                }
                if (!aborting) {
                    // The caller was cancelled while waiting for the tasks.
                    propagateCancellation = e;
                    abort();
                }
            }
            onCompleted = null;
        }
        if (baseError != null) {
            throw Sneaky.raise(baseError);
        }
        if (parentCancelRequested && parentTask.uncancel() == 0) {
            propagateCancellation = null; // the only cancellation was our own
        }
        if (propagateCancellation != null && errors.isEmpty()) {
            throw (CancelledError) propagateCancellation;
        }
        if (bodyError != null && !(bodyError instanceof CancelledError)) {
            errors.add(bodyError);
        }
        if (!errors.isEmpty()) {
            if (parentTask.cancelling() > 0) {
                // Cancelled from outside too: keep that request alive for the caller's next await.
                parentTask.uncancel();
                parentTask.cancel();
            }
            throw new ExceptionGroup("unhandled errors in a TaskGroup", errors);
        }
    }

    private void abort() {
        aborting = true;
        for (Task<?> t : tasks) {
            if (!t.done()) {
                t.cancel();
            }
        }
    }

    private void onTaskDone(Future<?> task) {
        tasks.remove(task);
        if (onCompleted != null && tasks.isEmpty() && !onCompleted.done()) {
            onCompleted.setResult(true);
        }
        if (task.cancelled()) {
            return;
        }
        Throwable exc = task.exception();
        if (exc == null) {
            return;
        }
        errors.add(exc);
        if (isBaseError(exc) && baseError == null) {
            baseError = exc;
        }
        Task<?> parent = parentTask;
        if (parent == null || parent.done()) {
            Map<String, Object> ctx = new LinkedHashMap<>();
            ctx.put("message", "Task " + task + " has errored out but its parent task is already completed");
            ctx.put("exception", exc);
            ctx.put("task", task);
            loop.callExceptionHandler(ctx);
            return;
        }
        if (!aborting && !parentCancelRequested) {
            // Stop the body too; exit() takes this cancellation back with uncancel().
            abort();
            parentCancelRequested = true;
            parent.cancel();
        }
    }

    /** Python's SystemExit/KeyboardInterrupt: errors that end the group as themselves. */
    private static boolean isBaseError(Throwable e) {
        return e instanceof KeyboardInterrupt || e instanceof VirtualMachineError;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<TaskGroup");
        if (!tasks.isEmpty()) {
            sb.append(" tasks=").append(tasks.size());
        }
        if (!errors.isEmpty()) {
            sb.append(" errors=").append(errors.size());
        }
        if (aborting) {
            sb.append(" cancelling");
        } else if (entered) {
            sb.append(" entered");
        }
        return sb.append('>').toString();
    }

    /** What the task running the group awaits at its end: the group's tasks (for task dumps). */
    private static final class Exit extends Future<Boolean> implements AwaitTarget {
        private final TaskGroup group;

        Exit(TaskGroup group) {
            super(group.loop);
            this.group = group;
        }

        @Override
        public String awaitDescription() {
            return "TaskGroup exit (" + group.tasks.size() + " tasks)";
        }

        @Override
        public Class<?> awaitType() {
            return TaskGroup.class;
        }

        @Override
        public Collection<? extends Future<?>> awaitedFutures() {
            return group.tasks;
        }
    }
}
