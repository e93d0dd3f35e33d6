package io.jasyncio.web;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.EventLoopGroup;
import io.jasyncio.GroupServer;
import io.jasyncio.Runner;
import io.jasyncio.Task;
import io.jasyncio.tls.TlsOptions;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Supplier;
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
 *
 * <p>The {@link EventLoopGroup} overloads serve one application per loop through a
 * {@link GroupSite} (aiohttp's app factory, once per gunicorn worker, in one JVM) with the same
 * signals: the first stops every loop accepting and lets the live requests on all of them finish,
 * a second cuts that short. The group is the caller's: it keeps running after {@code runApp}
 * returns, so close it (try-with-resources) for the JVM to exit.
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

    /**
     * Serves an application per loop of {@code group} on {@code host:port} until SIGINT or
     * SIGTERM, printing aiohttp's banner to standard output, with access logs.
     *
     * @param appFactory called once on each loop, e.g. {@code MyApp::app}
     * @throws IllegalArgumentException if an argument is null, or the factory returns null
     * @throws Exception what a startup or cleanup hook throws, or an {@code IOException} if the port cannot be bound
     */
    public static void runApp(EventLoopGroup group, Supplier<Application> appFactory, String host, int port)
            throws Exception {
        notNull(appFactory, "appFactory");
        runApp(group, () -> new AppRunner(appFactory.get()).setAccessLog(true), host, port, null,
                GroupServer.Balancing.AUTO, System.out);
    }

    /**
     * Serves per loop with configured runners, https when {@code sslContext} is not null, with
     * {@link GroupServer.Balancing#AUTO}, the banner going to {@code out} (null: none).
     *
     * @throws IllegalArgumentException if {@code group} or {@code runnerFactory} is null
     * @throws Exception what a startup or cleanup hook throws, or an {@code IOException} if the port cannot be bound
     */
    public static void runApp(EventLoopGroup group, Supplier<AppRunner> runnerFactory, String host, int port,
            SSLContext sslContext, PrintStream out) throws Exception {
        runApp(group, runnerFactory, host, port, sslContext, GroupServer.Balancing.AUTO, out);
    }

    /**
     * Serves an application per loop of {@code group} until SIGINT or SIGTERM: the runners are
     * made and set up on their loops ({@link GroupSite#start}), connections spread by
     * {@code balancing}. Call it from a thread outside the group (it blocks); the signal handlers
     * are on the group's first loop for the whole call.
     *
     * @param runnerFactory called once on each loop, e.g. {@code () -> new AppRunner(MyApp.app())}
     * @param sslContext the server's TLS context (https), or null for plain HTTP
     * @throws IllegalArgumentException if an argument is null (but {@code sslContext} and
     *     {@code out}), the port is out of range, or the factory returns null
     * @throws Exception what a startup or cleanup hook throws, or an {@code IOException} if the port cannot be bound
     */
    public static void runApp(EventLoopGroup group, Supplier<AppRunner> runnerFactory, String host, int port,
            SSLContext sslContext, GroupServer.Balancing balancing, PrintStream out) throws Exception {
        notNull(group, "group");
        notNull(runnerFactory, "runnerFactory");
        notNull(balancing, "balancing");
        GroupRunApp.run(group, runnerFactory, host, port, sslContext == null ? null : TlsOptions.server(sslContext),
                balancing, out);
    }

    private static void notNull(Object value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is null");
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
