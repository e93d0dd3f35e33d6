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
        InstalledSignalHandlers.deliver("INT");
    }
}
