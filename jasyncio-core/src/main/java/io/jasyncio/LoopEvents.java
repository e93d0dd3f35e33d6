package io.jasyncio;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The JDK Flight Recorder events jasyncio commits, under the category "jasyncio" in JDK Mission
 * Control. They are committed where debug mode already reports to the exception handler (the
 * watchdog, slow steps) or off the hot path (an exception collected unretrieved), so a loop pays
 * nothing for them when no recording is running: JFR's {@code shouldCommit()} is a field read.
 */
final class LoopEvents {
    private LoopEvents() {}

    /** The watchdog saw one step hold the loop thread past the slow-callback duration (debug mode). */
    @Name("io.jasyncio.LoopBlocked")
    @Label("Event Loop Blocked")
    @Category("jasyncio")
    @Description("One callback or task step held the loop thread longer than slow_callback_duration")
    @StackTrace(false)
    static final class LoopBlocked extends Event {
        @Label("Loop")
        long loopId;
        @Label("Task")
        String task;
        @Label("Blocked For")
        @Timespan(Timespan.NANOSECONDS)
        long blockedNanos;
    }

    /** A step or callback that took longer than the slow-callback duration, after it ended (debug mode). */
    @Name("io.jasyncio.SlowStep")
    @Label("Slow Step or Callback")
    @Category("jasyncio")
    @Description("A task step (task named) or a callback (task empty) that ran longer than slow_callback_duration")
    @StackTrace(false)
    static final class SlowStep extends Event {
        @Label("Loop")
        long loopId;
        @Label("Task")
        String task;
        @Label("Callback")
        String callback;
        @Label("Took")
        @Timespan(Timespan.NANOSECONDS)
        long tookNanos;
    }

    /** A future or task was collected with an exception nobody retrieved. */
    @Name("io.jasyncio.ExceptionNeverRetrieved")
    @Label("Exception Never Retrieved")
    @Category("jasyncio")
    @StackTrace(false)
    static final class ExceptionNeverRetrieved extends Event {
        @Label("Message")
        String message;
        @Label("Exception")
        String exception;
    }

    /**
     * A task was created. Disabled by default (a busy server creates hundreds of thousands a
     * second): enable it in a recording, e.g. {@code recording.enable("io.jasyncio.TaskCreated")}
     * or a .jfc file, to see a program's task churn. Its stack trace is the creation site.
     */
    @Name("io.jasyncio.TaskCreated")
    @Label("Task Created")
    @Category("jasyncio")
    @Description("A task was created on an event loop (disabled by default)")
    @Enabled(false)
    static final class TaskCreated extends Event {
        @Label("Loop")
        long loopId;
        @Label("Task Id")
        long taskId;
        @Label("Task")
        String task;
    }

    /** A task finished: returned, failed or was cancelled. Disabled by default, as TaskCreated. */
    @Name("io.jasyncio.TaskFinished")
    @Label("Task Finished")
    @Category("jasyncio")
    @Description("A task of an event loop finished: returned, failed or cancelled (disabled by default)")
    @Enabled(false)
    @StackTrace(false)
    static final class TaskFinished extends Event {
        @Label("Loop")
        long loopId;
        @Label("Task Id")
        long taskId;
        @Label("Task")
        String task;
        @Label("Outcome")
        @Description("finished, failed or cancelled")
        String outcome;
    }

    static void taskCreated(long loopId, Task<?> task) {
        TaskCreated e = new TaskCreated();
        if (e.shouldCommit()) {
            e.loopId = loopId;
            e.taskId = task.id();
            e.task = task.getName();
            e.commit();
        }
    }

    static void taskFinished(long loopId, Task<?> task) {
        TaskFinished e = new TaskFinished();
        if (e.shouldCommit()) {
            e.loopId = loopId;
            e.taskId = task.id();
            e.task = task.getName();
            e.outcome = task.cancelled() ? "cancelled" : task.exceptionIfFailed() != null ? "failed" : "finished";
            e.commit();
        }
    }

    static void loopBlocked(long loopId, Task<?> task, long blockedNanos) {
        LoopBlocked e = new LoopBlocked();
        if (e.shouldCommit()) {
            e.loopId = loopId;
            e.task = task != null ? task.getName() : null;
            e.blockedNanos = blockedNanos;
            e.commit();
        }
    }

    static void slowStep(long loopId, Task<?> task, Object item, long tookNanos) {
        SlowStep e = new SlowStep();
        if (e.shouldCommit()) {
            e.loopId = loopId;
            e.task = task != null ? task.getName() : null;
            e.callback = task != null ? null : String.valueOf(item);
            e.tookNanos = tookNanos;
            e.commit();
        }
    }

    static void neverRetrieved(String message, Throwable exception) {
        ExceptionNeverRetrieved e = new ExceptionNeverRetrieved();
        if (e.shouldCommit()) {
            e.message = message;
            e.exception = String.valueOf(exception);
            e.commit();
        }
    }
}
