package io.jasyncio.web;

import io.jasyncio.EventLoop;
import io.jasyncio.EventLoopGroup;
import io.jasyncio.GroupServer;
import io.jasyncio.tls.TlsOptions;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * {@link WebRunner#runApp(EventLoopGroup, Supplier, String, int, javax.net.ssl.SSLContext,
 * GroupServer.Balancing, PrintStream)}: aiohttp's {@code run_app} over a {@link GroupSite}. The
 * signal handlers live on the group's first loop; the caller's thread waits for the first signal,
 * then closes the site gracefully on every loop at once. Used from one thread (the caller's); its
 * {@link Signals} is shared with the first loop.
 */
final class GroupRunApp {
    private static final List<String> SIGNALS = List.of("SIGINT", "SIGTERM");

    private GroupRunApp() {}

    static void run(EventLoopGroup group, Supplier<AppRunner> runnerFactory, String host, int port, TlsOptions ssl,
            GroupServer.Balancing balancing, PrintStream out) throws Exception {
        EventLoop signalLoop = group.loops().getFirst();
        Signals signals = new Signals();
        // the loops already run: a loop's signal handlers are added on that loop
        group.submit(signalLoop, () -> {
            for (String signal : SIGNALS) {
                try {
                    signalLoop.addSignalHandler(signal, () -> signals.on(signal));
                } catch (IllegalStateException cannotBeCaught) {
                    // -Xrs or ignored since start: the JVM keeps this signal
                }
            }
            return null;
        }).get();
        try {
            GroupSite site = GroupSite.start(group, runnerFactory, host, port, ssl, balancing);
            try {
                signals.site = site;
                if (signals.second) { // both came while the site started
                    site.cutShutdownShort();
                }
                if (out != null) {
                    out.println("======== Running on " + site.name() + " ========");
                    out.println("(Press CTRL+C to quit)");
                    out.flush();
                }
                signals.first.get(); // a signal that came while the site started counts too
            } finally {
                site.close();
            }
        } finally {
            removeHandlers(group, signalLoop);
        }
    }

    private static void removeHandlers(EventLoopGroup group, EventLoop signalLoop) throws Exception {
        if (group.isClosed()) {
            return; // closing a loop gives its signals back to the JVM
        }
        group.submit(signalLoop, () -> {
            for (String signal : SIGNALS) {
                signalLoop.removeSignalHandler(signal);
            }
            return null;
        }).get();
    }

    /**
     * What SIGINT and SIGTERM do: the first ends the serving (the caller's thread starts the
     * graceful shutdown), a second one cuts that shutdown short. {@link #on} runs on the first
     * loop; the fields are read by the caller's thread.
     */
    private static final class Signals {
        final CompletableFuture<String> first = new CompletableFuture<>();
        volatile GroupSite site;
        volatile boolean second;

        void on(String name) {
            if (first.complete(name)) {
                return;
            }
            second = true;
            GroupSite s = site;
            if (s != null) {
                s.cutShutdownShort();
            }
        }
    }
}
