package io.jasyncio.web;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.KeyboardInterrupt;
import io.jasyncio.Runner;
import io.jasyncio.Task;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;

/**
 * {@link #runApp}: aiohttp's {@code web.run_app}. Serves an application on a new event loop until
 * SIGINT (Ctrl-C) or SIGTERM, then shuts down gracefully ({@link AppRunner#cleanup()}: live
 * requests finish within the shutdown timeout, idle keep-alive connections close at once).
 *
 * <p>Call it from a plain thread (it blocks, and makes its own loop). SIGINT comes through
 * {@link Runner}'s Ctrl-C handling; SIGTERM through a JVM shutdown hook that cancels the serving
 * task and waits (bounded) for the graceful shutdown to end.
 */
public final class WebRunner {
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
        CountDownLatch finished = new CountDownLatch(1);
        AtomicReference<Task<?>> serving = new AtomicReference<>();
        AtomicReference<EventLoop> loopRef = new AtomicReference<>();
        Thread onSigterm = new Thread(() -> {
            Task<?> task = serving.get();
            EventLoop loop = loopRef.get();
            if (task != null && loop != null && !loop.isClosed()) {
                loop.callSoonThreadsafe(() -> task.cancel("SIGTERM"));
                try {
                    finished.await((long) runner.shutdownTimeoutSeconds() + 10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "jasyncio-web-sigterm");
        Runtime.getRuntime().addShutdownHook(onSigterm);
        try (Runner r = new Runner()) {
            try {
                r.run(() -> {
                    loopRef.set(Asyncio.getRunningLoop());
                    serving.set(Asyncio.currentTask());
                    runner.setup();
                    TcpSite site = sslContext == null ? new TcpSite(runner, host, port)
                            : new TcpSite(runner, host, port, sslContext);
                    site.start();
                    if (out != null) {
                        out.println("======== Running on " + site.name() + " ========");
                        out.println("(Press CTRL+C to quit)");
                        out.flush();
                    }
                    Asyncio.getRunningLoop().createFuture().await();
                });
            } catch (KeyboardInterrupt | CancelledError e) {
                // SIGINT or SIGTERM: fall through to the graceful shutdown
            } finally {
                r.run(() -> {
                    runner.cleanup();
                });
            }
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onSigterm);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down (SIGTERM): the hook is running
            }
        }
    }
}
