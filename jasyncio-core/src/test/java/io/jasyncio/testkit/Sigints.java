package io.jasyncio.testkit;

/** Test helper: delivers a Ctrl-C to whatever SIGINT handler is installed (Runner.run's). */
public final class Sigints {
    private Sigints() {}

    /**
     * Calls the SIGINT handler that Runner.run installed, on a new platform thread, as the JVM's
     * signal thread would. Raising a real SIGINT (Signal.raise) was lost once in ~10 runs on a
     * loaded machine, hanging the test: the OS delivery is the JDK's business (and is tested with
     * real signals sent to child JVMs, SignalsInChildJvmTest); what Runner does with it is ours.
     */
    public static void deliverToTheInstalledHandler() {
        // Fail at once and say why, instead of waiting for a cancel that cannot come.
        if (InstalledSignalHandlers.isIgnored("INT")) {
            throw new AssertionError("SIGINT was ignored when this JVM started (a background job of a shell without "
                    + "job control inherits SIG_IGN), and a JVM cannot catch it then: run the tests through "
                    + "`./jasyncio test`, which restores the default, or in the foreground");
        }
        InstalledSignalHandlers.deliver("INT");
    }
}
