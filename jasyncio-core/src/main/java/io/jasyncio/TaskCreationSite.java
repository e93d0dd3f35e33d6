package io.jasyncio;

import java.util.Arrays;

/**
 * A suppressed entry added to an exception when it leaves a task, so that a failure deep in a
 * gather or a task group says which task it crossed and, in debug mode, where that task was
 * created (asyncio's {@code _source_traceback}). Its stack trace is the creation site; outside
 * debug mode it has none, so the cost stays off the hot path: nothing at creation, one small
 * object per failed task.
 */
final class TaskCreationSite extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** An exception rethrown through very many tasks keeps only this many entries. */
    private static final int MAX_ENTRIES = 32;

    private TaskCreationSite(String message, StackTraceElement[] site) {
        super(message, null, false, true);
        setStackTrace(site);
    }

    /** The creator's stack, captured by {@link EventLoop#createTask} in debug mode. */
    static StackTraceElement[] capture() {
        StackTraceElement[] all = new Throwable().getStackTrace();
        int skip = 0;
        while (skip < all.length && isInternal(all[skip])) {
            skip++;
        }
        return Arrays.copyOfRange(all, skip, all.length);
    }

    private static boolean isInternal(StackTraceElement e) {
        String c = e.getClassName();
        return c.equals(TaskCreationSite.class.getName()) || c.equals(EventLoop.class.getName())
                || c.equals(Task.class.getName());
    }

    /** Adds the entry for {@code task} to {@code error} (unless it has many already); returns error. */
    static Throwable attach(Task<?> task, Throwable error, StackTraceElement[] site) {
        if (error.getSuppressed().length >= MAX_ENTRIES) {
            return error;
        }
        String where = site != null ? "created at:" : "(run the loop in debug mode to record where it was created)";
        error.addSuppressed(new TaskCreationSite("raised in task '" + task.getName() + "' " + where,
                site != null ? site : new StackTraceElement[0]));
        return error;
    }
}
