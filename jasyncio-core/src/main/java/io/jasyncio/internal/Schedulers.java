package io.jasyncio.internal;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Chooses a loop's {@link TaskScheduler}: the system property {@code jasyncio.scheduler}
 * ({@code loop} or {@code portable}) when set, otherwise the loop scheduler when the JVM was
 * started with {@value #ADD_OPENS} and this JDK's hidden constructor passes its start-up self-check,
 * otherwise the portable one with a one-time warning that says which of the two failed.
 */
public final class Schedulers {
    /** The JVM option that enables the fast scheduler. */
    public static final String ADD_OPENS = "--add-opens java.base/java.lang=ALL-UNNAMED";
    public static final String PROPERTY = "jasyncio.scheduler";

    private static final AtomicBoolean WARNED = new AtomicBoolean();

    static {
        JdkPollers.initialize();
    }

    private Schedulers() {}

    /** A new scheduler for one loop. */
    public static TaskScheduler create(LoopQueue loop) {
        String wanted = System.getProperty(PROPERTY, "");
        switch (wanted) {
            case "loop":
                return new LoopScheduler(loop);
            case "portable":
                return new HandoffScheduler(loop);
            case "":
                if (LoopScheduler.available()) {
                    return new LoopScheduler(loop);
                }
                if (WARNED.compareAndSet(false, true)) {
                    String reason = LoopScheduler.unavailableReason();
                    String advice = reason.startsWith("the JVM was started without")
                            ? "start the JVM with " + ADD_OPENS + " for the fast one"
                            : "the fast one is not possible on this JDK: " + reason;
                    System.getLogger("io.jasyncio").log(System.Logger.Level.WARNING,
                            "jasyncio: using the portable task scheduler (slower task switches); " + advice);
                }
                return new HandoffScheduler(loop);
            default:
                throw new IllegalArgumentException("-D" + PROPERTY + "=" + wanted
                        + " is not a scheduler: use 'loop' or 'portable'");
        }
    }
}
