package io.jasyncio;

/**
 * Runs coroutines on one event loop it owns, for several {@code run} calls: asyncio's
 * {@code asyncio.Runner}. Use with try-with-resources; {@link #close()} cancels leftover tasks and
 * waits for their cleanup, shuts the default executor down and closes the loop.
 *
 * <p>Not thread-safe: use one runner from one thread. While {@link #run} runs, a Ctrl-C (SIGINT)
 * cancels the main task; if that makes it end cancelled, {@code run} throws
 * {@link KeyboardInterrupt}. A second Ctrl-C gets the JVM's default behaviour (exit 130 through
 * the shutdown hooks), where asyncio raises KeyboardInterrupt at once. As in asyncio, the runner
 * leaves Ctrl-C alone while a loop has its own SIGINT handler ({@link EventLoop#addSignalHandler}),
 * and when the JVM cannot catch it ({@code -Xrs}, or SIGINT ignored since the process started).
 */
public final class Runner implements AutoCloseable {
    private final boolean debug;
    private EventLoop loop;
    /** The context every run's main task runs in, so a value set in one run is seen by the next. */
    private Context context;
    private boolean closed;

    /** A runner whose loop is not in debug mode (unless {@code -Djasyncio.debug=true}). */
    public Runner() {
        this(Boolean.getBoolean("jasyncio.debug"));
    }

    /** A runner whose loop has debug mode on or off. */
    public Runner(boolean debug) {
        this.debug = debug;
    }

    /** The runner's loop (created on first use). */
    public EventLoop getLoop() {
        return lazyInit();
    }

    /**
     * Runs {@code main} to completion on the runner's loop and returns its result. The main task
     * runs in the runner's {@link Context} (a copy of the caller's, taken at first use), the same
     * for every run, as asyncio's {@code Runner} keeps one context.
     */
    public <T> T run(Coroutine<T> main) {
        return run(main, null);
    }

    /**
     * {@link #run(Coroutine)} with the main task running in {@code context} ({@code null}: the
     * runner's own), asyncio's {@code Runner.run(coro, context=)}.
     */
    public <T> T run(Coroutine<T> main, Context context) {
        if (main == null) {
            throw new NullPointerException("main must not be null");
        }
        if (EventLoop.context() != null) {
            throw new IllegalStateException("Runner.run() cannot be called from a running event loop");
        }
        EventLoop l = lazyInit();
        Task<T> task = l.createTask(main, null, context != null ? context : this.context);
        RunnerSigint sigint = RunnerSigint.install(l, task);
        try {
            return l.runUntilComplete(task);
        } catch (CancelledError e) {
            if (sigint.causedTheCancellation()) {
                throw new KeyboardInterrupt("interrupted by SIGINT");
            }
            throw e;
        } finally {
            sigint.restore();
        }
    }

    /** {@link #run(Coroutine)} for a coroutine without a value. */
    public void run(VoidCoroutine main) {
        if (main == null) {
            throw new NullPointerException("main must not be null");
        }
        run(main.asCoroutine(), null);
    }

    /**
     * Cancels the tasks still pending and runs the loop until they have finished (their cleanup may
     * await), reporting errors raised during that cleanup to the exception handler; then shuts the
     * default executor down, waits for it, and closes the loop. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        EventLoop l = loop;
        if (l == null) {
            return;
        }
        LoopShutdown.shutDown(l);
    }

    private EventLoop lazyInit() {
        if (closed) {
            throw new IllegalStateException("Runner is closed");
        }
        if (loop == null) {
            context = Context.copyContext();
            loop = EventLoop.newEventLoop();
            if (debug) {
                loop.setDebug(true);
            }
        }
        return loop;
    }
}
