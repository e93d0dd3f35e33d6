package io.jasyncio;

/**
 * What a task is parked on, as a {@link TaskDump} reports it. Immutable.
 *
 * @param type the public type of what is awaited: {@link Task}, {@code Lock}, {@code Semaphore},
 *             {@code Condition}, {@code Event}, {@code Queue} (and its subclasses),
 *             {@code StreamReader}, {@link TaskGroup} (at the group's end), {@link TimerHandle}
 *             (a sleep), or {@link Future} (a plain future, a gather, a shield, {@code wait})
 * @param description how dumps print it: {@code "Lock@1b6d3586.acquire"}, {@code "Queue@5e2de80c.get"},
 *                    {@code "StreamReader@6d06d69c.readline"}, {@code "sleep 1.5s"}, {@code "Task 'x'"},
 *                    {@code "gather (2 of 3 pending)"}, {@code "TaskGroup exit (2 tasks)"}; the
 *                    {@code @hex} part is the primitive's identity hash, the same for every task
 *                    parked on it
 */
public record Awaiting(Class<?> type, String description) {
    /** Checks that both parts are given. */
    public Awaiting {
        if (type == null) {
            throw new NullPointerException("type must not be null");
        }
        if (description == null) {
            throw new NullPointerException("description must not be null");
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
