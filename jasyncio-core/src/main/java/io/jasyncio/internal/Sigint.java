package io.jasyncio.internal;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl-C handling for {@code Runner.run}: the first SIGINT calls the given action (cancel the main
 * task); a second one is passed to the handler that was there before (the JVM's: exit).
 */
public final class Sigint {
    private static final Signal INT = new Signal("INT");

    private final AtomicInteger count = new AtomicInteger();
    private final SignalHandler previous;

    private Sigint(Runnable onFirst) {
        SignalHandler prev;
        try {
            prev = Signal.handle(INT, sig -> {
                if (count.incrementAndGet() == 1) {
                    onFirst.run();
                } else {
                    SignalHandler p = this.previousOrNull();
                    if (p != null && p != SignalHandler.SIG_IGN && p != SignalHandler.SIG_DFL) {
                        p.handle(sig);
                    } else {
                        Runtime.getRuntime().exit(130);
                    }
                }
            });
        } catch (IllegalArgumentException | IllegalStateException e) {
            prev = null; // -Xrs, or SIGINT is not available: leave Ctrl-C alone
        }
        previous = prev;
    }

    private SignalHandler previousOrNull() {
        return previous;
    }

    /** Installs the handler for the duration of one run. */
    public static Sigint install(Runnable onFirst) {
        return new Sigint(onFirst);
    }

    /** How many SIGINTs arrived. */
    public int count() {
        return count.get();
    }

    /** Puts the previous handler back. */
    public void restore() {
        if (previous != null) {
            try {
                Signal.handle(INT, previous);
            } catch (IllegalArgumentException | IllegalStateException ignored) {
                // nothing to restore
            }
        }
    }
}
