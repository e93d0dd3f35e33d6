package io.jasyncio.testing;

import io.jasyncio.Task;

import java.util.List;
import java.util.Map;

/**
 * What an {@link AsyncioTest} left behind, as one assertion error whose message lists each item
 * and whose suppressed exceptions are the errors involved (so IDEs show their stacks).
 */
record Leftovers(List<String> tasksLeftRunning, List<Throwable> unretrieved, List<Map<String, Object>> reports,
        Sequencer unfinished) {
    /** How many frames of a leftover task's stack the message shows. */
    private static final int FRAMES = 8;

    /** A task still running when the test's body ended, with where it is suspended (call before the loop closes). */
    static String describeLeftRunning(Task<?> task) {
        StringBuilder sb = new StringBuilder("task left running: '").append(task.getName())
                .append("' (await it, or cancel it and await it, before the test ends)");
        // The scheduler's and the JDK's parking frames say nothing about where the test is stuck.
        StackTraceElement[] frames = java.util.Arrays.stream(task.getStack())
                .filter(f -> !f.getClassName().startsWith("java.") && !f.getClassName().startsWith("jdk.")
                        && !f.getClassName().startsWith("io.jasyncio.internal."))
                .toArray(StackTraceElement[]::new);
        appendFrames(sb, frames);
        return sb.toString();
    }

    private static void appendFrames(StringBuilder sb, StackTraceElement[] stack) {
        for (int i = 0; i < Math.min(FRAMES, stack.length); i++) {
            sb.append("\n      at ").append(stack[i]);
        }
    }

    /** The error to fail the test with, or null if nothing was left behind. */
    AssertionError toError() {
        if (tasksLeftRunning.isEmpty() && unretrieved.isEmpty() && reports.isEmpty() && unfinished == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder("the test left work behind:");
        for (String t : tasksLeftRunning) {
            sb.append("\n  ").append(t);
        }
        for (Throwable e : unretrieved) {
            sb.append("\n  exception never retrieved: ").append(e);
        }
        for (Map<String, Object> r : reports) {
            sb.append("\n  reported to the loop's exception handler: ").append(r.get("message"));
            if (r.get("exception") instanceof Throwable e) {
                sb.append(": ").append(e);
            }
            if (r.get("stack") instanceof StackTraceElement[] stack) {
                appendFrames(sb, stack);
            }
        }
        if (unfinished != null) {
            sb.append("\n  sequencer not finished: ").append(unfinished)
                    .append(" (call finish(n) at the test's last step)");
        }
        AssertionError error = new AssertionError(sb.toString());
        unretrieved.forEach(error::addSuppressed);
        for (Map<String, Object> r : reports) {
            if (r.get("exception") instanceof Throwable e) {
                error.addSuppressed(e);
            }
        }
        return error;
    }
}
