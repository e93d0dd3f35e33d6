package io.jasyncio.web;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Runner;
import io.jasyncio.Task;
import java.io.PrintStream;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * {@link #runApp}: aiohttp's {@code web.run_app}. Serves an application on a new event loop until
 * SIGINT (Ctrl-C) or SIGTERM, then shuts down gracefully ({@link AppRunner#cleanup()}: live
 * requests finish within the shutdown timeout, idle keep-alive connections close at once) and
 * returns, so a {@code main} that called it exits 0.
 *
 * <p>Call it from a plain thread (it blocks, and makes its own loop). As aiohttp's
 * {@code run_app} does with {@code loop.add_signal_handler}, SIGINT and SIGTERM get loop signal
 * handlers ({@link EventLoop#addSignalHandler}) for the whole call: the first signal cancels the
 * serving task (aiohttp raises {@code GracefulExit}), a second one during the graceful shutdown
 * cuts it short (aiohttp's second signal likewise interrupts it), and closing the loop closes the
 * connections left. The handlers are removed before {@code runApp} returns, which gives both
 * signals back to the JVM's handler. Where the JVM cannot
 * catch them ({@code -Xrs}, or a signal ignored since the process started) that signal is left
 * alone, as aiohttp leaves signals alone where {@code add_signal_handler} is not implemented.
 */
public final class WebRunner {
    private static final List<String> SIGNALS = List.of("SIGINT", "SIGTERM");

    private WebRunner() {}

    /** Serves {@code app} on {@code host:port}, printing aiohttp's banner to standard output. */
    public static void runApp(Application app, String host, int port) throws Exception {
        runApp(new AppRunner(app).setAccessLog(true), host, port, System.out);
    }

    /**
     * Serves with a configured runner (timeouts) and prints the banner to {@code out} (null: none).
     *
     * @throws Exception what a startup or cleanup hook throws, or an {@code IOException} if the port cannot be bound
     */
    public static void runApp(AppRunner runner, String host, int port, PrintStream out) throws Exception {
        runApp(runner, host, port, null, out);
    }

    /**
     * Serves https when {@code sslContext} is not null: aiohttp's {@code run_app(ssl_context=)}
     * (the banner then names an {@code https://} URL).
     *
     * @throws Exception what a startup or cleanup hook throws, or an {@code IOException} if the port cannot be bound
     */
    public static void runApp(AppRunner runner, String host, int port, SSLContext sslContext, PrintStream out)
            throws Exception {
        Stop stop = new Stop();
        try (Runner r = new Runner()) {
            EventLoop loop = r.getLoop();
            for (String signal : SIGNALS) {
                try {
                    loop.addSignalHandler(signal, () -> stop.on(signal));
                } catch (IllegalStateException cannotBeCaught) {
                    // -Xrs or ignored since start: the JVM keeps this signal
                }
            }
            try {
                r.run(() -> {
                    stop.current = Asyncio.currentTask();
                    runner.setup();
                    TcpSite site = sslContext == null ? new TcpSite(runner, host, port)
                            : new TcpSite(runner, host, port, sslContext);
                    site.start();
                    if (out != null) {
                        out.println("======== Running on " + site.name() + " ========");
                        out.println("(Press CTRL+C to quit)");
                        out.flush();
                    }
                    if (stop.signal == null) { // else it came while the loop started: shut down at once
                        Asyncio.getRunningLoop().createFuture().await();
                    }
                });
            } catch (CancelledError e) {
                // SIGINT or SIGTERM: fall through to the graceful shutdown
            } finally {
                try {
                    r.run(() -> {
                        stop.current = Asyncio.currentTask();
                        runner.cleanup();
                    });
                } catch (CancelledError secondSignal) {
                    // the graceful shutdown was cut short: closing the runner's loop closes the rest
                } finally {
                    for (String signal : SIGNALS) {
                        loop.removeSignalHandler(signal);
                    }
                }
            }
        }
    }

    /** What the signal handlers stop: the serving task, then the graceful shutdown. Loop-confined. */
    private static final class Stop {
        Task<?> current;
        String signal;

        void on(String name) {
            if (signal == null) {
                signal = name;
            }
            if (current != null) {
                current.cancel(name);
            }
        }
    }
}
