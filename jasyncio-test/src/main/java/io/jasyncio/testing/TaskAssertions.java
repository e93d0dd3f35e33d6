package io.jasyncio.testing;

import io.jasyncio.Awaiting;
import io.jasyncio.Task;
import io.jasyncio.TaskDump;
import io.jasyncio.TaskInfo;

/**
 * Assertions on what a task is waiting for, built on the public task dump
 * ({@code EventLoop.dumpTasks()}): "this task is blocked on the lock", "that one waits for the
 * worker", without reaching into the primitive. A failure prints the loop's await tree.
 *
 * <p>Call them on the task's loop (in an {@link AsyncioTest}) once the task has had a chance to
 * reach its await ({@code Asyncio.sleep(0)} after creating it); from another thread they also
 * work, the loop answering between two steps.
 *
 * <pre>{@code
 * Task<Void> t = Asyncio.createTask(() -> lock.acquire());
 * Asyncio.sleep(0);
 * TaskAssertions.assertAwaiting(t, Lock.class);
 * }</pre>
 */
public final class TaskAssertions {
    private TaskAssertions() {}

    /**
     * Asserts that {@code task} is parked on something of {@code type}: a {@code Lock},
     * {@code Semaphore}, {@code Condition}, {@code Event}, {@code Queue}, {@code StreamReader},
     * {@code Task}, {@code TaskGroup} (at its end), {@code TimerHandle} (a sleep) or {@code Future}
     * (see {@link Awaiting#type()}); returns its dump entry for further checks.
     *
     * @throws AssertionError if it is done, running, ready to run, or waiting for something else
     */
    public static TaskInfo assertAwaiting(Task<?> task, Class<?> type) {
        if (type == null) {
            throw new NullPointerException("type must not be null");
        }
        TaskDump dump = dumpOf(task);
        TaskInfo info = entry(task, dump);
        if (info.state() != TaskInfo.State.WAITING || !info.isAwaiting(type)) {
            throw new AssertionError("expected task '" + info.name() + "' to await a " + type.getSimpleName()
                    + ", but it " + doing(info) + "\n" + dump.pstree());
        }
        return info;
    }

    /**
     * Asserts that {@code task} waits for {@code awaited}: directly, or through a gather, a
     * TaskGroup's end, a shield, {@code wait} or {@code waitFor}. Returns its dump entry.
     *
     * @throws AssertionError if it does not
     */
    public static TaskInfo assertAwaiting(Task<?> task, Task<?> awaited) {
        if (awaited == null) {
            throw new NullPointerException("awaited must not be null");
        }
        TaskDump dump = dumpOf(task);
        TaskInfo info = entry(task, dump);
        TaskInfo other = dump.task(awaited).orElse(null);
        if (other == null || !info.awaits().contains(other.id())) {
            throw new AssertionError("expected task '" + info.name() + "' to await task '" + awaited.getName()
                    + "'" + (other == null ? " (which is done)" : "") + ", but it " + doing(info) + "\n" + dump.pstree());
        }
        return info;
    }

    private static TaskDump dumpOf(Task<?> task) {
        if (task == null) {
            throw new NullPointerException("task must not be null");
        }
        return task.getLoop().dumpTasks();
    }

    private static TaskInfo entry(Task<?> task, TaskDump dump) {
        return dump.task(task).orElseThrow(() -> new AssertionError("expected task '" + task.getName()
                + "' to be waiting, but it is done: " + task));
    }

    private static String doing(TaskInfo info) {
        return switch (info.state()) {
            case RUNNING -> "is running (it is the task making the assertion)";
            case READY -> "is ready to run" + info.awaiting().map(a -> " (woken from " + a + ")").orElse("")
                    + ": let it reach its await first, e.g. with Asyncio.sleep(0)";
            case BLOCKED -> "is blocked outside jasyncio (a blocking JDK call)";
            case WAITING -> "awaits " + info.awaiting().map(Awaiting::description).orElse("nothing");
        };
    }
}
