package io.jasyncio;

import io.jasyncio.internal.net.Streams;
import io.jasyncio.streams.ClientConnected;
import io.jasyncio.streams.StreamPair;
import io.jasyncio.transports.Server;
import io.jasyncio.transports.ServerOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * The {@code asyncio} module: static entry points, named as asyncio names them (snake_case becomes
 * camelCase). Suspending methods may only be called from a task; elsewhere they throw
 * {@link IllegalStateException} ("no running event loop").
 */
public final class Asyncio {
    private Asyncio() {}

    // ----- running -----

    /**
     * Runs {@code main} as a task on a new event loop and returns its result: asyncio's
     * {@code asyncio.run}. Afterwards, leftover tasks are cancelled and awaited, the default
     * executor is shut down and the loop is closed. Callable from any thread that does not run a
     * loop already (a virtual thread too).
     */
    public static <T> T run(Coroutine<T> main) {
        return run(main, false);
    }

    /** {@link #run(Coroutine)} with debug mode on or off. */
    public static <T> T run(Coroutine<T> main, boolean debug) {
        try (Runner runner = new Runner(debug)) {
            return runner.run(main);
        }
    }

    /** {@link #run(Coroutine)} for a coroutine without a value. */
    public static void run(VoidCoroutine main) {
        run(main.asCoroutine(), false);
    }

    /** {@link #run(Coroutine, boolean)} for a coroutine without a value. */
    public static void run(VoidCoroutine main, boolean debug) {
        run(main.asCoroutine(), debug);
    }

    // ----- the running loop and its tasks -----

    /**
     * The loop running the calling task or callback.
     *
     * @throws IllegalStateException if there is none ("no running event loop")
     */
    public static EventLoop getRunningLoop() {
        Object c = EventLoop.CURRENT.get();
        EventLoop loop = c instanceof Task<?> t ? t.loop : c instanceof EventLoop l ? l : null;
        if (loop == null || !loop.isRunning()) {
            throw new IllegalStateException("no running event loop");
        }
        return loop;
    }

    /** A new event loop. */
    public static EventLoop newEventLoop() {
        return EventLoop.newEventLoop();
    }

    /** The task running the caller, or null in a plain callback. */
    public static Task<?> currentTask() {
        Object c = EventLoop.CURRENT.get();
        if (c instanceof Task<?> t) {
            return t;
        }
        getRunningLoop(); // throws when there is no loop at all
        return null;
    }

    /** The pending tasks of the running loop. */
    public static Set<Task<?>> allTasks() {
        return getRunningLoop().allTasks();
    }

    /** Schedules the coroutine as a task on the running loop. */
    public static <T> Task<T> createTask(Coroutine<T> coroutine) {
        return getRunningLoop().createTask(coroutine);
    }

    /** Schedules the coroutine as a named task on the running loop. */
    public static <T> Task<T> createTask(Coroutine<T> coroutine, String name) {
        return getRunningLoop().createTask(coroutine, name);
    }

    /** Schedules a coroutine without a value as a task on the running loop. */
    public static Task<Void> createTask(VoidCoroutine coroutine) {
        return getRunningLoop().createTask(coroutine);
    }

    /** Schedules a coroutine without a value as a named task on the running loop. */
    public static Task<Void> createTask(VoidCoroutine coroutine, String name) {
        return getRunningLoop().createTask(coroutine, name);
    }

    // ----- sleeping -----

    /**
     * Suspends the calling task for {@code seconds}. {@code sleep(0)} (or less) yields exactly once:
     * the task goes behind every callback that is ready.
     *
     * @throws CancelledError if the task is cancelled meanwhile
     */
    public static void sleep(double seconds) {
        sleep(seconds, null);
    }

    /** {@link #sleep(double)}, then returns {@code result}. */
    public static <T> T sleep(double seconds, T result) {
        Task<?> task = Task.current("sleep()");
        if (!(seconds > 0)) {
            if (Double.isNaN(seconds)) {
                throw new IllegalArgumentException("sleep(NaN)");
            }
            task.yieldOnce();
            return result;
        }
        EventLoop loop = task.loop;
        Future<T> f = loop.createFuture();
        TimerHandle h = loop.callLater(seconds, () -> {
            if (!f.done()) {
                f.setResult(result);
            }
        });
        try {
            return f.await();
        } finally {
            h.cancel();
        }
    }

    // ----- streams: network connections and servers (issue 5); the work is in internal.net -----

    /**
     * Opens a TCP connection and returns its reader and writer: asyncio's {@code open_connection}.
     * Suspends while {@code host} is resolved and connected.
     *
     * @throws java.net.ConnectException naming the address if the connection is refused
     * @throws CancelledError if the calling task is cancelled
     */
    public static StreamPair openConnection(String host, int port) throws IOException {
        return Streams.openConnection(getRunningLoop(), host, port, ServerOptions.DEFAULT_LIMIT);
    }

    /** {@link #openConnection(String, int)} with the reader's line limit. */
    public static StreamPair openConnection(String host, int port, int limit) throws IOException {
        return Streams.openConnection(getRunningLoop(), host, port, limit);
    }

    /**
     * Starts a TCP server whose {@code handler} runs as a new task for each connection:
     * asyncio's {@code start_server}. Suspends while the host is resolved. Port 0: any free port
     * ({@link Server#port()} tells which).
     */
    public static Server startServer(ClientConnected handler, String host, int port) throws IOException {
        return Streams.startServer(getRunningLoop(), handler, ServerOptions.of(host, port));
    }

    /** {@link #startServer(ClientConnected, String, int)} with every option (limit, backlog...). */
    public static Server startServer(ClientConnected handler, ServerOptions options) throws IOException {
        return Streams.startServer(getRunningLoop(), handler, options);
    }

    /** Opens a Unix-socket connection: asyncio's {@code open_unix_connection}. Suspends. */
    public static StreamPair openUnixConnection(Path path) throws IOException {
        return Streams.openUnixConnection(getRunningLoop(), path, ServerOptions.DEFAULT_LIMIT);
    }

    /** {@link #openUnixConnection(Path)} with the reader's line limit. */
    public static StreamPair openUnixConnection(Path path, int limit) throws IOException {
        return Streams.openUnixConnection(getRunningLoop(), path, limit);
    }

    /** Starts a Unix-socket server at {@code path}: asyncio's {@code start_unix_server}. */
    public static Server startUnixServer(ClientConnected handler, Path path) throws IOException {
        return Streams.startUnixServer(getRunningLoop(), handler, path, ServerOptions.of((String) null, 0));
    }

    /** {@link #startUnixServer(ClientConnected, Path)} with options (limit, backlog, startServing). */
    public static Server startUnixServer(ClientConnected handler, Path path, ServerOptions options) throws IOException {
        return Streams.startUnixServer(getRunningLoop(), handler, path, options);
    }
}
