package io.jasyncio;

import io.jasyncio.internal.Args;
import io.jasyncio.internal.net.Streams;
import io.jasyncio.streams.ClientConnected;
import io.jasyncio.streams.StreamPair;
import io.jasyncio.subprocess.Process;
import io.jasyncio.subprocess.SubprocessEndpoint;
import io.jasyncio.subprocess.SubprocessOptions;
import io.jasyncio.subprocess.SubprocessStreamProtocol;
import io.jasyncio.transports.Server;
import io.jasyncio.transports.ServerOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

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
        if (main == null) {
            throw new NullPointerException("main must not be null");
        }
        if (EventLoop.context() != null) {
            throw new IllegalStateException("Asyncio.run() cannot be called from a running event loop");
        }
        try (Runner runner = new Runner(debug)) {
            return runner.run(main);
        }
    }

    /** {@link #run(Coroutine)} for a coroutine without a value. */
    public static void run(VoidCoroutine main) {
        run(main, false);
    }

    /** {@link #run(Coroutine, boolean)} for a coroutine without a value. */
    public static void run(VoidCoroutine main, boolean debug) {
        if (main == null) {
            throw new NullPointerException("main must not be null");
        }
        run(main.asCoroutine(), debug);
    }

    // ----- the running loop and its tasks -----

    /**
     * The loop running the calling task or callback.
     *
     * @throws IllegalStateException if there is none ("no running event loop")
     */
    public static EventLoop getRunningLoop() {
        Object c = EventLoop.context();
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

    /**
     * The task of {@code loop} running the caller, or null when the caller is not one of its tasks
     * (a callback, another loop's task, another thread): asyncio's {@code current_task(loop)}.
     */
    public static Task<?> currentTask(EventLoop loop) {
        Args.notNull(loop, "loop");
        return EventLoop.context() instanceof Task<?> t && t.getLoop() == loop ? t : null;
    }

    /** The task running the caller, or null in a plain callback. */
    public static Task<?> currentTask() {
        Object c = EventLoop.context();
        if (c instanceof Task<?> t) {
            return t;
        }
        getRunningLoop(); // throws when there is no loop at all
        return null;
    }

    /**
     * The live tasks of the running loop, what each awaits and who awaits it:
     * {@link EventLoop#dumpTasks()}. {@code Asyncio.dumpTasks().pstree()} prints what
     * {@code python -m asyncio pstree} prints for a Python process.
     */
    public static TaskDump dumpTasks() {
        return getRunningLoop().dumpTasks();
    }

    /**
     * asyncio 3.14's {@code format_call_graph()}: the calling task, its frames and the tasks
     * awaiting it, up to the roots; {@code print_call_graph()} is
     * {@code System.out.print(Asyncio.formatCallGraph())}.
     *
     * @throws IllegalStateException outside a task
     */
    public static String formatCallGraph() {
        Task<?> t = Task.current("formatCallGraph()");
        return t.loop.dumpTasks().callGraph(t);
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

    /**
     * Schedules the coroutine as a task on the running loop, running in {@code context} itself
     * (asyncio's {@code create_task(coro, name=, context=)}).
     */
    public static <T> Task<T> createTask(Coroutine<T> coroutine, String name, Context context) {
        return getRunningLoop().createTask(coroutine, name, context);
    }

    /** {@link #createTask(Coroutine, String, Context)} for a coroutine without a value. */
    public static Task<Void> createTask(VoidCoroutine coroutine, String name, Context context) {
        Args.notNull(context, "context");
        return getRunningLoop().createTask(coroutine, name, context);
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
                throw new IllegalArgumentException("Invalid delay: NaN (not a number)");
            }
            task.yieldOnce();
            return result;
        }
        EventLoop loop = task.loop;
        if (loop.closing) {
            throw new CancelledError("the event loop is closed");
        }
        SleepFuture<T> f = new SleepFuture<>(loop, seconds, result);
        TimerHandle h = loop.callLater(seconds, f);
        try {
            return f.await();
        } finally {
            h.cancel();
        }
    }

    // ----- structured concurrency: gather, wait, waitFor, timeouts, shield, asCompleted,
    // ----- TaskGroup, threads and other futures (implementations in their own files)

    /**
     * A future of the futures' results, in argument order: asyncio's {@code gather}. The first
     * exception (or cancellation) of a child completes it at once; the other children keep running.
     * Cancelling it cancels every child, and it then ends with a {@link CancelledError} exception
     * ({@code cancelled()} stays false, as in asyncio). Await it with {@code .await()}.
     */
    public static Future<List<Object>> gather(Future<?>... futures) {
        Args.notNull(futures, "futures");
        return gather(false, futures);
    }

    /** {@link #gather(Future...)}; with {@code returnExceptions}, exceptions and cancellations become results in place. */
    public static Future<List<Object>> gather(boolean returnExceptions, Future<?>... futures) {
        Args.notNull(futures, "futures");
        return gather(returnExceptions, Arrays.asList(futures));
    }

    /** {@link #gather(Future...)} over coroutines, each wrapped in a task of the running loop. */
    public static Future<List<Object>> gather(Coroutine<?>... coroutines) {
        Args.notNull(coroutines, "coroutines");
        return gather(false, coroutines);
    }

    /** {@link #gather(boolean, Future...)} over coroutines, each wrapped in a task of the running loop. */
    public static Future<List<Object>> gather(boolean returnExceptions, Coroutine<?>... coroutines) {
        Args.notNull(coroutines, "coroutines");
        EventLoop loop = getRunningLoop();
        List<Coroutine<?>> cs = Arrays.asList(coroutines);
        return GatheringFuture.of(loop, CoroutineTasks.<Object>of(loop, cs), returnExceptions);
    }

    /** {@link #gather(Future...)} over coroutines without a value (their results are nulls). */
    public static Future<List<Object>> gather(VoidCoroutine... coroutines) {
        Args.notNull(coroutines, "coroutines");
        EventLoop loop = getRunningLoop();
        return GatheringFuture.of(loop, CoroutineTasks.ofVoid(loop, coroutines), false);
    }

    /** {@link #gather(Future...)} for a homogeneous collection: a typed list of results. */
    public static <T> Future<List<T>> gather(Collection<? extends Future<? extends T>> futures) {
        Args.notNull(futures, "futures");
        return GatheringFuture.of(loopOf(futures), List.copyOf(futures), false);
    }

    /** {@link #gather(boolean, Future...)} for a collection. */
    public static Future<List<Object>> gather(boolean returnExceptions, Collection<? extends Future<?>> futures) {
        Args.notNull(futures, "futures");
        return GatheringFuture.of(loopOf(futures), List.copyOf(futures), returnExceptions);
    }

    /** {@link #gather(Collection)} over coroutines, each wrapped in a task of the running loop. */
    public static <T> Future<List<T>> gather(List<? extends Coroutine<? extends T>> coroutines) {
        Args.notNull(coroutines, "coroutines");
        EventLoop loop = getRunningLoop();
        return GatheringFuture.of(loop, CoroutineTasks.<T>of(loop, coroutines), false);
    }

    private static EventLoop loopOf(Collection<? extends Future<?>> futures) {
        return futures.isEmpty() ? getRunningLoop() : futures.iterator().next().getLoop();
    }

    /**
     * Suspends until every future is done, or the timeout passes, or {@code returnWhen} says so:
     * asyncio's {@code wait}. Never cancels anything, on timeout neither. Only futures and tasks
     * are accepted (asyncio 3.11+ rejects bare coroutines; here the types do): wrap a coroutine with
     * {@link #createTask(Coroutine)} first. {@code timeout}: seconds, infinite for none.
     *
     * @throws IllegalArgumentException if {@code futures} is empty
     * @throws CancelledError if the calling task is cancelled
     */
    public static <T> DoneAndPending<T> wait(Iterable<? extends Future<T>> futures, double timeout, ReturnWhen returnWhen) {
        Args.notNull(futures, "futures");
        Args.notNull(returnWhen, "returnWhen");
        return Waiting.await(futures, timeout, returnWhen);
    }

    /** {@link #wait(Iterable, double, ReturnWhen)} until all are done. */
    public static <T> DoneAndPending<T> wait(Iterable<? extends Future<T>> futures) {
        Args.notNull(futures, "futures");
        return Waiting.await(futures, Double.POSITIVE_INFINITY, ReturnWhen.ALL_COMPLETED);
    }

    /** {@link #wait(Iterable, double, ReturnWhen)} without a timeout. */
    public static <T> DoneAndPending<T> wait(Iterable<? extends Future<T>> futures, ReturnWhen returnWhen) {
        Args.notNull(futures, "futures");
        Args.notNull(returnWhen, "returnWhen");
        return Waiting.await(futures, Double.POSITIVE_INFINITY, returnWhen);
    }

    /** {@link #wait(Iterable, double, ReturnWhen)} until all are done or the timeout passes. */
    public static <T> DoneAndPending<T> wait(Iterable<? extends Future<T>> futures, double timeout) {
        Args.notNull(futures, "futures");
        return Waiting.await(futures, timeout, ReturnWhen.ALL_COMPLETED);
    }

    /**
     * Suspends until the future is done and returns its result, or cancels it once {@code timeout}
     * seconds have passed, waits until it has really finished, and throws {@link TimeoutError}:
     * asyncio 3.12's {@code wait_for}. If the future swallows the cancellation and returns a value,
     * that value is returned. A timeout of 0 or less never lets a task start, while a future already
     * done still gives its result. Infinite: no timeout.
     *
     * @throws TimeoutError if the timeout passed
     * @throws CancelledError if the calling task is cancelled (the future is cancelled too)
     */
    public static <T> T waitFor(Future<T> future, double timeout) {
        Args.notNull(future, "future");
        return WaitFor.await(future, timeout);
    }

    /**
     * {@link #waitFor(Future, double)} for a coroutine: as in asyncio 3.12, it runs in the calling
     * task under the timeout (a timeout of 0 or less never starts it).
     */
    public static <T> T waitFor(Coroutine<T> coroutine, double timeout) {
        Args.notNull(coroutine, "coroutine");
        return WaitFor.run(coroutine, timeout);
    }

    /** {@link #waitFor(Future, double)} for a coroutine without a value. */
    public static void waitFor(VoidCoroutine coroutine, double timeout) {
        Args.notNull(coroutine, "coroutine");
        WaitFor.run(coroutine.asCoroutine(), timeout);
    }

    /**
     * A {@link Timeout} {@code delay} seconds from now, to run a block with {@link Timeout#run}:
     * asyncio's {@code timeout}. Infinite: no deadline (asyncio's None), settable later.
     */
    public static Timeout timeout(double delay) {
        return Timeout.after(delay);
    }

    /** A {@link Timeout} at loop time {@code when}: asyncio's {@code timeout_at}. */
    public static Timeout timeoutAt(double when) {
        return Timeout.at(when);
    }

    /**
     * Runs {@code body} with a deadline {@code delay} seconds from now and returns its value;
     * suspends wherever the body does. See {@link Timeout}.
     *
     * @throws TimeoutError if the deadline passed (the body was cancelled and has finished)
     * @throws CancelledError if the task is cancelled from outside
     */
    public static <T> T timeout(double delay, Coroutine<T> body) {
        Args.notNull(body, "body");
        return Timeout.after(delay).run(body);
    }

    /** {@link #timeout(double, Coroutine)} for a body without a value. */
    public static void timeout(double delay, VoidCoroutine body) {
        Args.notNull(body, "body");
        Timeout.after(delay).run(body);
    }

    /** {@link #timeout(double, Coroutine)} with a deadline at loop time {@code when}. */
    public static <T> T timeoutAt(double when, Coroutine<T> body) {
        Args.notNull(body, "body");
        return Timeout.at(when).run(body);
    }

    /** {@link #timeoutAt(double, Coroutine)} for a body without a value. */
    public static void timeoutAt(double when, VoidCoroutine body) {
        Args.notNull(body, "body");
        Timeout.at(when).run(body);
    }

    /**
     * A future that follows {@code future} but whose cancellation does not reach it: asyncio's
     * {@code shield}. The awaiting task still gets {@link CancelledError} when it is cancelled;
     * the shielded work goes on. Returns {@code future} itself if it is done.
     */
    public static <T> Future<T> shield(Future<T> future) {
        Args.notNull(future, "future");
        return Shield.of(future);
    }

    /** {@link #shield(Future)} for a coroutine, wrapped in a task of the running loop. */
    public static <T> Future<T> shield(Coroutine<T> coroutine) {
        return Shield.of(getRunningLoop().createTask(coroutine));
    }

    /**
     * The futures in the order they finish: asyncio's {@code as_completed}. A plain {@code for}
     * over the result is asyncio's {@code async for}: each {@code next()} suspends until one more is
     * done and returns it (read it with {@code result()}); {@link AsCompleted#awaitables()} hands
     * out one future per input at once, the i-th resolving as the i-th to finish. After
     * {@code timeout} seconds (from this call; infinite for none) each input not handed out yet
     * counts as one {@link TimeoutError}. The same future given twice is handed out once.
     * Loop-confined.
     */
    public static <T> AsCompleted<T> asCompleted(Collection<? extends Future<T>> futures, double timeout) {
        Args.notNull(futures, "futures");
        return new AsCompleted<>(loopOf(futures), List.copyOf(futures), timeout);
    }

    /** {@link #asCompleted(Collection, double)} without a timeout. */
    public static <T> AsCompleted<T> asCompleted(Collection<? extends Future<T>> futures) {
        Args.notNull(futures, "futures");
        return asCompleted(futures, Double.POSITIVE_INFINITY);
    }

    /**
     * {@link #asCompleted(Collection, double)} over coroutines, each wrapped in a task of the
     * running loop (the same coroutine object given twice runs once).
     */
    public static <T> AsCompleted<T> asCompleted(List<? extends Coroutine<T>> coroutines, double timeout) {
        Args.notNull(coroutines, "coroutines");
        EventLoop loop = getRunningLoop();
        return new AsCompleted<>(loop, CoroutineTasks.<T>of(loop, coroutines).distinct(), timeout);
    }

    /** {@link #asCompleted(List, double)} without a timeout. */
    public static <T> AsCompleted<T> asCompleted(List<? extends Coroutine<T>> coroutines) {
        return asCompleted(coroutines, Double.POSITIVE_INFINITY);
    }

    /**
     * Runs {@code body} in a new {@link TaskGroup}, then suspends until every task of the group
     * is done: asyncio's {@code async with TaskGroup() as tg}.
     *
     * @throws ExceptionGroup if tasks or the body failed
     * @throws CancelledError if the calling task was cancelled from outside and nothing failed
     */
    public static void taskGroup(TaskGroup.Body body) {
        Args.notNull(body, "body");
        new TaskGroup().run(body);
    }

    /**
     * Runs the blocking {@code fn} on a platform thread of the loop's default executor and
     * suspends until it returns: asyncio's {@code to_thread}. The loop keeps running meanwhile.
     * Cancelling the task skips {@code fn} if it has not started; a running call is not interrupted.
     *
     * @throws CancelledError if the calling task is cancelled
     */
    public static <T> T toThread(Callable<T> fn) {
        return Bridges.toThread(fn);
    }

    /**
     * Submits the coroutine to {@code loop} from any other thread: asyncio's
     * {@code run_coroutine_threadsafe}. Thread-safe. The returned future completes with the task's
     * outcome; cancelling it cancels the task.
     */
    public static <T> CompletableFuture<T> runCoroutineThreadsafe(Coroutine<T> coroutine, EventLoop loop) {
        Args.notNull(coroutine, "coroutine");
        Args.notNull(loop, "loop");
        return Bridges.runCoroutineThreadsafe(coroutine, loop);
    }

    /**
     * A future of the running loop that completes when {@code stage} does: asyncio's
     * {@code wrap_future}. A failed stage gives its cause (unwrapped from
     * {@link java.util.concurrent.CompletionException}); a cancelled one cancels the future;
     * cancelling the future cancels the stage (through {@code toCompletableFuture()}, when supported).
     */
    public static <T> Future<T> wrapFuture(CompletionStage<T> stage) {
        Args.notNull(stage, "stage");
        return Bridges.wrap(stage);
    }

    /**
     * A jasyncio future is returned unchanged: asyncio's {@code wrap_future} passes a future of
     * its own through (the {@code isfuture} check).
     */
    public static <T> Future<T> wrapFuture(Future<T> future) {
        Args.notNull(future, "future");
        return future;
    }

    /** {@link #wrapFuture(CompletionStage)} for a {@link CompletableFuture}. */
    public static <T> Future<T> wrapFuture(CompletableFuture<T> future) {
        Args.notNull(future, "future");
        return Bridges.wrap((CompletionStage<T>) future);
    }

    /**
     * {@link #wrapFuture(CompletionStage)} for a plain {@link java.util.concurrent.Future}: a thread
     * of the default executor waits for it. Cancelling the result calls {@code cancel(true)} on it.
     */
    public static <T> Future<T> wrapFuture(java.util.concurrent.Future<T> future) {
        Args.notNull(future, "future");
        return Bridges.wrap(future);
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
        Args.notNull(host, "host");
        return Streams.openConnection(getRunningLoop(), host, port, ServerOptions.DEFAULT_LIMIT);
    }

    /** {@link #openConnection(String, int)} with the reader's line limit. */
    public static StreamPair openConnection(String host, int port, int limit) throws IOException {
        Args.notNull(host, "host");
        return Streams.openConnection(getRunningLoop(), host, port, limit);
    }

    /**
     * Starts a TCP server whose {@code handler} runs as a new task for each connection:
     * asyncio's {@code start_server}. Suspends while the host is resolved. Port 0: any free port
     * ({@link Server#port()} tells which).
     */
    public static Server startServer(ClientConnected handler, String host, int port) throws IOException {
        Args.notNull(handler, "handler");
        return Streams.startServer(getRunningLoop(), handler, ServerOptions.of(host, port));
    }

    /** {@link #startServer(ClientConnected, String, int)} with every option (limit, backlog...). */
    public static Server startServer(ClientConnected handler, ServerOptions options) throws IOException {
        Args.notNull(handler, "handler");
        Args.notNull(options, "options");
        return Streams.startServer(getRunningLoop(), handler, options);
    }

    /** Opens a Unix-socket connection: asyncio's {@code open_unix_connection}. Suspends. */
    public static StreamPair openUnixConnection(Path path) throws IOException {
        Args.notNull(path, "path");
        return Streams.openUnixConnection(getRunningLoop(), path, ServerOptions.DEFAULT_LIMIT);
    }

    /** {@link #openUnixConnection(Path)} with the reader's line limit. */
    public static StreamPair openUnixConnection(Path path, int limit) throws IOException {
        Args.notNull(path, "path");
        return Streams.openUnixConnection(getRunningLoop(), path, limit);
    }

    /** Starts a Unix-socket server at {@code path}: asyncio's {@code start_unix_server}. */
    public static Server startUnixServer(ClientConnected handler, Path path) throws IOException {
        Args.notNull(handler, "handler");
        Args.notNull(path, "path");
        return Streams.startUnixServer(getRunningLoop(), handler, path, ServerOptions.of((String) null, 0));
    }

    /** {@link #startUnixServer(ClientConnected, Path)} with options (limit, backlog, startServing). */
    public static Server startUnixServer(ClientConnected handler, Path path, ServerOptions options) throws IOException {
        Args.notNull(handler, "handler");
        Args.notNull(path, "path");
        Args.notNull(options, "options");
        return Streams.startUnixServer(getRunningLoop(), handler, path, options);
    }

    // ----- TLS (issue 10) -----

    /**
     * Opens a TLS connection: asyncio's {@code open_connection(host, port, ssl=...)}. Suspends
     * until connected and the handshake is done.
     *
     * @throws javax.net.ssl.SSLException naming the cause if the handshake fails or times out
     */
    public static StreamPair openConnection(String host, int port, io.jasyncio.tls.TlsOptions ssl) throws IOException {
        return Streams.openConnection(getRunningLoop(), host, port, ServerOptions.DEFAULT_LIMIT,
                Args.notNull(ssl, "ssl"));
    }

    /** Starts a TLS server: asyncio's {@code start_server(..., ssl=...)}; each handler runs after its handshake. */
    public static Server startServer(ClientConnected handler, ServerOptions options, io.jasyncio.tls.TlsOptions ssl)
            throws IOException {
        return Streams.startServer(getRunningLoop(), handler, options, Args.notNull(ssl, "ssl"));
    }

    /** {@link #openUnixConnection(Path)} over TLS (the options must name the server). Suspends. */
    public static StreamPair openUnixConnection(Path path, io.jasyncio.tls.TlsOptions ssl) throws IOException {
        return Streams.openUnixConnection(getRunningLoop(), path, ServerOptions.DEFAULT_LIMIT,
                Args.notNull(ssl, "ssl"));
    }

    /** {@link #startUnixServer(ClientConnected, Path, ServerOptions)} serving TLS. */
    public static Server startUnixServer(ClientConnected handler, Path path, ServerOptions options,
            io.jasyncio.tls.TlsOptions ssl) throws IOException {
        return Streams.startUnixServer(getRunningLoop(), handler, path, options,
                Args.notNull(ssl, "ssl"));
    }

    // ----- subprocesses (issue 9): Process on loop.subprocessExec, as asyncio.subprocess -----

    /**
     * Starts {@code program} with {@code args} (no shell) and returns its {@link Process}:
     * asyncio's {@code create_subprocess_exec}. Every stream is inherited: pass options with
     * {@code Stdio.PIPE} to get {@code stdin()}/{@code stdout()}/{@code stderr()}. Suspends while the
     * child starts, on a platform thread (the loop keeps running).
     *
     * @throws IOException the JDK's error naming the program if it cannot start (not found, not
     *     executable, a bad working directory), raised here, not later
     * @throws CancelledError if the calling task is cancelled (a child that started meanwhile is killed)
     */
    public static Process createSubprocessExec(String program, String... args) throws IOException {
        return createSubprocessExec(SubprocessOptions.defaults(), program, args);
    }

    /** {@link #createSubprocessExec(String, String...)} with options (pipes, cwd, env, limit). */
    public static Process createSubprocessExec(SubprocessOptions options, String program, String... args)
            throws IOException {
        Args.notNull(options, "options");
        Args.notNull(program, "program");
        Args.notNull(args, "args");
        List<String> command = new ArrayList<>(args.length + 1);
        command.add(program);
        for (int i = 0; i < args.length; i++) {
            command.add(Args.notNull(args[i], "args[" + i + "]"));
        }
        EventLoop loop = getRunningLoop();
        return newProcess(loop, loop.subprocessExec(() -> new SubprocessStreamProtocol(loop, options.limit()),
                options, command));
    }

    /**
     * Runs {@code command} through {@code /bin/sh -c} and returns its {@link Process}: asyncio's
     * {@code create_subprocess_shell}. Every stream is inherited. Suspends while the shell starts.
     * Quote what you interpolate into {@code command}: the shell parses it.
     *
     * @throws IOException if the shell cannot start (a bad working directory, for one); a command
     *     the shell cannot find is the shell's exit code 127, as in asyncio
     * @throws CancelledError if the calling task is cancelled
     */
    public static Process createSubprocessShell(String command) throws IOException {
        return createSubprocessShell(SubprocessOptions.defaults(), command);
    }

    /** {@link #createSubprocessShell(String)} with options (pipes, cwd, env, limit). */
    public static Process createSubprocessShell(SubprocessOptions options, String command) throws IOException {
        Args.notNull(options, "options");
        Args.notNull(command, "command");
        EventLoop loop = getRunningLoop();
        return newProcess(loop, loop.subprocessShell(() -> new SubprocessStreamProtocol(loop, options.limit()),
                options, command));
    }

    private static Process newProcess(EventLoop loop, SubprocessEndpoint<SubprocessStreamProtocol> ep) {
        return new Process(ep.transport(), ep.protocol(), loop);
    }
}
