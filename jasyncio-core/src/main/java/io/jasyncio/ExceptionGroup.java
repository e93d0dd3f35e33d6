package io.jasyncio;

import io.jasyncio.internal.Args;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Several exceptions raised together: Python's {@code ExceptionGroup} (Java has none). A
 * {@link TaskGroup} raises one holding every failure of its tasks and of its body; an inner
 * group's failure arrives in the outer group as a nested {@code ExceptionGroup}.
 *
 * <p>Immutable, so thread-safe. {@link #printStackTrace()} prints the group's trace and then every
 * member's, nested groups indented, in the spirit of Python's traceback of a group.
 * Differences from Python: there is no separate {@code BaseExceptionGroup}; Java code catches
 * {@code ExceptionGroup} and looks inside with {@link #split}/{@link #subgroup} (Python's
 * {@code except*}).
 */
public final class ExceptionGroup extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String groupMessage;
    private final List<Throwable> exceptions;

    /**
     * A group of the given exceptions (at least one).
     *
     * @throws IllegalArgumentException if {@code exceptions} is empty
     */
    public ExceptionGroup(String message, List<? extends Throwable> exceptions) {
        Args.notNull(message, "message");
        Args.notNull(exceptions, "exceptions");
        super(summary(message, exceptions));
        this.groupMessage = message;
        this.exceptions = List.copyOf(exceptions);
    }

    private static String summary(String message, List<? extends Throwable> exceptions) {
        if (exceptions.isEmpty()) {
            throw new IllegalArgumentException("second argument (exceptions) must be a non-empty sequence");
        }
        int n = exceptions.size();
        return message + " (" + n + " sub-exception" + (n == 1 ? "" : "s") + ")";
    }

    /** The message given at construction, without the count {@link #getMessage()} adds. */
    public String message() {
        return groupMessage;
    }

    /** The member exceptions, in the order they were raised; nested groups stay nested. */
    public List<Throwable> exceptions() {
        return exceptions;
    }

    /**
     * The part of this group whose leaf exceptions are instances of {@code type}, keeping the
     * nesting, or null if none is; this group itself if it is an instance.
     */
    public ExceptionGroup subgroup(Class<? extends Throwable> type) {
        Args.notNull(type, "type");
        return subgroup(type::isInstance);
    }

    /** The part of this group whose members satisfy {@code condition} (tested on groups too), or null. */
    public ExceptionGroup subgroup(Predicate<? super Throwable> condition) {
        Args.notNull(condition, "condition");
        return split(condition).matching();
    }

    /** Splits this group into the members that are instances of {@code type} and the rest. */
    public Split split(Class<? extends Throwable> type) {
        Args.notNull(type, "type");
        return split(type::isInstance);
    }

    /**
     * Splits this group into the members that satisfy {@code condition} and the rest, keeping the
     * nesting; each side is null if empty. The condition is tried on nested groups too: a group
     * that satisfies it goes whole to the matching side.
     */
    public Split split(Predicate<? super Throwable> condition) {
        Args.notNull(condition, "condition");
        if (condition.test(this)) {
            return new Split(this, null);
        }
        List<Throwable> match = new ArrayList<>();
        List<Throwable> rest = new ArrayList<>();
        for (Throwable e : exceptions) {
            if (e instanceof ExceptionGroup g) {
                Split s = g.split(condition);
                if (s.matching() != null) {
                    match.add(s.matching());
                }
                if (s.rest() != null) {
                    rest.add(s.rest());
                }
            } else if (condition.test(e)) {
                match.add(e);
            } else {
                rest.add(e);
            }
        }
        return new Split(derive(match), derive(rest));
    }

    /** The two halves of {@link #split}: either may be null. */
    public record Split(ExceptionGroup matching, ExceptionGroup rest) {}

    private ExceptionGroup derive(List<Throwable> members) {
        if (members.isEmpty()) {
            return null;
        }
        if (members.equals(exceptions)) {
            return this;
        }
        ExceptionGroup g = new ExceptionGroup(groupMessage, members);
        g.setStackTrace(getStackTrace());
        if (getCause() != null) {
            g.initCause(getCause());
        }
        return g;
    }

    @Override
    public void printStackTrace(PrintStream s) {
        Args.notNull(s, "s");
        s.print(fullTrace());
    }

    @Override
    public void printStackTrace(PrintWriter s) {
        Args.notNull(s, "s");
        s.print(fullTrace());
    }

    /** The group's own trace, then every member's, each under a numbered header. */
    private String fullTrace() {
        StringWriter own = new StringWriter();
        super.printStackTrace(new PrintWriter(own, true));
        StringBuilder sb = new StringBuilder(own.toString());
        int n = exceptions.size();
        for (int i = 0; i < n; i++) {
            sb.append("  +---------------- ").append(i + 1).append(" of ").append(n).append(" ----------------\n");
            StringWriter member = new StringWriter();
            exceptions.get(i).printStackTrace(new PrintWriter(member, true));
            member.toString().lines().forEach(line -> sb.append("  | ").append(line).append('\n'));
        }
        sb.append("  +------------------------------------\n");
        return sb.toString();
    }
}
