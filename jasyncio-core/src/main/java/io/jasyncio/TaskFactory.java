package io.jasyncio;

/**
 * What {@link EventLoop#createTask} calls to make a task once a factory is set with
 * {@link EventLoop#setTaskFactory}: asyncio's task factory ({@code loop.set_task_factory}), the
 * hook through which a framework wraps every task of a loop (to trace, time or name them).
 *
 * <p>Called on the loop's thread, from {@code createTask} (and so from {@code gather},
 * {@code TaskGroup} and the like). A factory builds the task with {@link Task#create}, usually
 * after wrapping the coroutine; it must return a task of {@code loop}.
 * {@link #EAGER} is asyncio's {@code eager_task_factory}.
 */
@FunctionalInterface
public interface TaskFactory {

    /**
     * asyncio 3.12's {@code eager_task_factory}: every task starts eagerly, running its coroutine
     * at once until its first real suspension (the same as {@link EventLoop#setEagerTasks}).
     */
    TaskFactory EAGER = new TaskFactory() {
        @Override
        public <T> Task<T> createTask(EventLoop loop, Coroutine<T> coroutine, String name, Context context) {
            return Task.create(loop, coroutine, name, context, true);
        }

        @Override
        public String toString() {
            return "TaskFactory.EAGER";
        }
    };

    /**
     * Makes the task for {@code coroutine} on {@code loop}.
     *
     * @param name the name given to {@code createTask}, or null for {@code Task-N}
     * @param context the context the task runs in (a copy of the caller's unless one was given)
     */
    <T> Task<T> createTask(EventLoop loop, Coroutine<T> coroutine, String name, Context context);
}
