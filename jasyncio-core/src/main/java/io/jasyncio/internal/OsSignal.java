package io.jasyncio.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A POSIX signal this JVM knows, by name and number: what {@code loop.addSignalHandler} accepts,
 * as an {@code int} (Python's {@code signal.SIGTERM}) or a name ({@code "SIGTERM"} or {@code "TERM"}).
 * Numbers differ between systems (SIGUSR1 is 10 on Linux, 30 on macOS); the table is the JDK's own,
 * read from {@code sun.misc.Signal}, so it is right for the running system. Immutable.
 */
public record OsSignal(String name, int number) {
    /** Every name the JDK may know on Linux or the BSDs; the ones it does not know here are skipped. */
    private static final String[] CANDIDATES = {
        "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE",
        "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ",
        "VTALRM", "PROF", "WINCH", "IO", "POLL", "PWR", "SYS", "EMT", "INFO",
    };
    private static final Map<Integer, OsSignal> BY_NUMBER = new LinkedHashMap<>();
    private static final Map<String, OsSignal> BY_NAME = new LinkedHashMap<>();

    static {
        for (String n : CANDIDATES) {
            try {
                OsSignal s = new OsSignal(n, new sun.misc.Signal(n).getNumber());
                BY_NAME.put(n, s);
                BY_NUMBER.putIfAbsent(s.number, s); // SIGIO and SIGPOLL share 29 on Linux: the first name wins
            } catch (IllegalArgumentException unknownHere) {
                // not a signal of this system
            }
        }
    }

    /**
     * The signal numbered {@code number}.
     *
     * @throws IllegalArgumentException if no signal has that number (asyncio's ValueError
     *         "invalid signal number")
     */
    public static OsSignal of(int number) {
        OsSignal s = BY_NUMBER.get(number);
        if (s == null) {
            throw new IllegalArgumentException("invalid signal number " + number);
        }
        return s;
    }

    /**
     * The signal named {@code name}, with or without its {@code SIG} prefix ({@code "SIGTERM"},
     * {@code "TERM"}).
     *
     * @throws IllegalArgumentException if this system has no signal of that name
     */
    public static OsSignal of(String name) {
        Args.notNull(name, "name");
        OsSignal s = BY_NAME.get(name.startsWith("SIG") ? name.substring(3) : name);
        if (s == null) {
            throw new IllegalArgumentException("invalid signal name " + name + " (expected one of " + BY_NAME.keySet()
                    .stream().map(n -> "SIG" + n).toList() + ")");
        }
        return s;
    }

    /** {@code SIGTERM}. */
    @Override
    public String toString() {
        return "SIG" + name;
    }
}
