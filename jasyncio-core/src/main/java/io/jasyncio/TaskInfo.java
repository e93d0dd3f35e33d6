package io.jasyncio;

import java.util.List;
import java.util.Optional;

/**
 * One live task in a {@link TaskDump}: what it is, what it awaits and who awaits it. Immutable.
 *
 * @param id the task's number, unique in the JVM
 * @param name the task's name
 * @param state what the task does at the moment of the dump
 * @param cancelling the task's {@link Task#cancelling()} count
 * @param awaiting what the task is parked on; empty while it runs or is ready to run
 * @param awaits the ids of the live tasks it awaits, directly or through a gather, a TaskGroup's
 *               end, a shield, {@code wait} or {@code waitFor}: its children in the await tree
 * @param awaitedBy the ids of the live tasks awaiting it: its parents in the await tree
 * @param stack the frames of its virtual thread, innermost first (empty if it never ran)
 * @param creationSite where it was created, innermost first; empty outside debug mode
 */
public record TaskInfo(long id, String name, State state, int cancelling, Optional<Awaiting> awaiting,
        List<Long> awaits, List<Long> awaitedBy, List<StackTraceElement> stack, List<StackTraceElement> creationSite) {

    /** What a task does at the moment of a dump. */
    public enum State {
        /** It is the task that took the dump. */
        RUNNING,
        /** Its next step is queued on the loop: it was woken, it yields, or it has not started. */
        READY,
        /** Parked on a future (see {@link TaskInfo#awaiting()}) that is not done. */
        WAITING,
        /** Parked outside jasyncio: a blocking JDK call ({@code Socket.read}, {@code Thread.sleep}). */
        BLOCKED
    }

    /** Copies the lists, so the record stays immutable. */
    public TaskInfo {
        awaits = List.copyOf(awaits);
        awaitedBy = List.copyOf(awaitedBy);
        stack = List.copyOf(stack);
        creationSite = List.copyOf(creationSite);
    }

    /** Whether the task awaits something of {@code type} (a {@code Lock}, a {@link Task}...). */
    public boolean isAwaiting(Class<?> type) {
        return awaiting.isPresent() && type.isAssignableFrom(awaiting.get().type());
    }
}
