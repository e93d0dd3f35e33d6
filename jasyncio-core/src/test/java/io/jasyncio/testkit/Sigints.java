package io.jasyncio.testkit;

/** Test helper: delivers a Ctrl-C to whatever SIGINT handler is installed (Runner.run's). */
public final class Sigints {
    private Sigints() {}

    /**
     * Calls the SIGINT handler that Runner.run installed, on a new platform thread, as the JVM's
     * signal thread would. Raising a real SIGINT (Signal.raise) was lost once in ~10 runs on a
     * loaded machine, hanging the test: the OS delivery is the JDK's business; what Runner does
     * with it is ours.
     */
    public static void deliverToTheInstalledHandler() {
        sun.misc.Signal sigint = new sun.misc.Signal("INT");
        sun.misc.SignalHandler installed = sun.misc.Signal.handle(sigint, sun.misc.SignalHandler.SIG_DFL);
        sun.misc.Signal.handle(sigint, installed);
        Thread.ofPlatform().name("test-sigint").start(() -> installed.handle(sigint));
    }
}
