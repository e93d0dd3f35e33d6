package io.jasyncio.testkit;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/** Test helper: looks at, or calls, the JDK handler installed for a signal (by name: "TERM"). */
public final class InstalledSignalHandlers {
    private InstalledSignalHandlers() {}

    /** The installed handler's toString: "SIG_DFL", "java.lang.Terminator$1@…", or jasyncio's dispatcher. */
    public static String describe(String name) {
        return installed(name).toString();
    }

    /** Whether the signal is ignored (SIG_IGN), as a JVM started by a background job of a shell without job control finds SIGINT. */
    public static boolean isIgnored(String name) {
        return installed(name) == SignalHandler.SIG_IGN;
    }

    /** Whether jasyncio's process-wide dispatcher is the installed handler. */
    public static boolean isJasyncio(String name) {
        return describe(name).startsWith("io.jasyncio.internal.SignalDispatch");
    }

    /**
     * Calls the installed handler on a new platform thread, as the JDK's signal dispatch does for
     * a real signal (tests of what the handler does; the real delivery is tested in child JVMs).
     * Returns that thread.
     */
    public static Thread deliver(String name) {
        Signal sig = new Signal(name);
        SignalHandler installed = installed(name);
        return Thread.ofPlatform().name("test-SIG" + name).start(() -> installed.handle(sig));
    }

    /** The installed handler (the JDK has no getter: swap in the default and put it straight back). */
    private static SignalHandler installed(String name) {
        Signal sig = new Signal(name);
        SignalHandler installed = Signal.handle(sig, SignalHandler.SIG_DFL);
        Signal.handle(sig, installed);
        return installed;
    }
}
