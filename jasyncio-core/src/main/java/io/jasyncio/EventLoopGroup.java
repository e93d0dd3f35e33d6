package io.jasyncio;

import io.jasyncio.streams.ClientConnected;
import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.Server;
import io.jasyncio.transports.ServerOptions;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * N event loops in one JVM, each running on its own platform thread: how one process uses every
 * core, where asyncio needs N processes (gunicorn workers with {@code reuse_port}).
 *
 * <p>Thread-safe: every method may be called from any thread. Each loop keeps asyncio's rule
 * that everything of a loop runs on its thread; the group only hands work to the loops through
 * their thread-safe doors ({@link Asyncio#runCoroutineThreadsafe}). A {@link Future},
 * {@link io.jasyncio.locks.Lock} or {@link io.jasyncio.queues.Queue} belongs to the loop it was
 * made on: share data between loops through {@link io.jasyncio.queues.BridgeQueue},
 * {@link java.util.concurrent.CompletableFuture}s returned by {@link #submit}, or immutable
 * values; keep per-loop state (caches, connection pools) in a {@link LoopLocal}.
 *
 * <p>{@link #close()} gives the whole group {@link Asyncio#run}'s guarantees: on every loop the
 * tasks still pending are cancelled and their cleanup runs (even cleanup that awaits), errors
 * raised during it go to that loop's exception handler, the default executor is shut down and
 * waited for, then the loop is closed.
 */
public final class EventLoopGroup implements AutoCloseable {
    private final List<EventLoop> loops;
    private final List<Thread> runners;
    private final AtomicInteger nextIndex = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean closing;

    /** A group of one loop per available processor. */
    public EventLoopGroup() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /**
     * A group of {@code size} loops, each running at once on its own thread.
     *
     * @throws IllegalArgumentException if {@code size} is not positive
     */
    public EventLoopGroup(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be > 0, got " + size);
        }
        List<EventLoop> made = new ArrayList<>(size);
        List<Thread> threads = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            EventLoop loop = EventLoop.newEventLoop();
            made.add(loop);
            // runForever runs the loop on a thread of its own and makes its caller wait; this
            // thread is that caller, and afterwards it runs Asyncio.run's shutdown for the loop.
            threads.add(Thread.ofPlatform().name("jasyncio-group-" + i).daemon(false)
                    .unstarted(() -> runThenShutDown(loop)));
        }
        this.loops = List.copyOf(made);
        this.runners = List.copyOf(threads);
        for (Thread t : runners) {
            t.start();
        }
    }

    private static void runThenShutDown(EventLoop loop) {
        try {
            loop.runForever();
        } finally {
            LoopShutdown.shutDown(loop);
        }
    }

    /** How many loops the group has. */
    public int size() {
        return loops.size();
    }

    /** The loops, in a fixed order. */
    public List<EventLoop> loops() {
        return loops;
    }

    /** The next loop in round-robin order. */
    public EventLoop next() {
        return loops.get(Math.floorMod(nextIndex.getAndIncrement(), loops.size()));
    }

    /**
     * Runs {@code coroutine} as a task on the next loop (round robin) and returns a future of its
     * result; cancelling that future cancels the task.
     *
     * @throws IllegalStateException if the group is closing
     */
    public <T> CompletableFuture<T> submit(Coroutine<T> coroutine) {
        return submit(next(), coroutine);
    }

    /** {@link #submit(Coroutine)} on a given loop of this group. */
    public <T> CompletableFuture<T> submit(EventLoop loop, Coroutine<T> coroutine) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(coroutine, "coroutine");
        if (!loops.contains(loop)) {
            throw new IllegalArgumentException("the loop " + loop + " is not a loop of this group");
        }
        checkOpen();
        return Asyncio.runCoroutineThreadsafe(coroutine, loop);
    }

    /** {@link #submit(Coroutine)} for a coroutine without a value. */
    public CompletableFuture<Void> submit(VoidCoroutine coroutine) {
        Objects.requireNonNull(coroutine, "coroutine");
        return submit(coroutine.asCoroutine());
    }

    /**
     * Starts a stream server on every loop of the group: asyncio's {@code start_server}, once per
     * loop, with {@code SO_REUSEPORT} so that the kernel spreads new connections over the loops'
     * listening sockets (Linux hashes each connection to one of them). Port 0 picks one free port
     * shared by all. Each connection's handler runs on the loop that accepted it.
     *
     * @throws UnsupportedOperationException if the platform has no SO_REUSEPORT
     * @throws IOException if a loop cannot bind (the servers already started are closed)
     */
    public GroupServer startServer(ClientConnected handler, String host, int port) throws IOException {
        Objects.requireNonNull(handler, "handler");
        return startServer(ServerOptions.of(host, port), opts -> Asyncio.startServer(handler, opts));
    }

    /** {@link #startServer(ClientConnected, String, int)} with every option. */
    public GroupServer startServer(ClientConnected handler, ServerOptions options) throws IOException {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(options, "options");
        return startServer(options, opts -> Asyncio.startServer(handler, opts));
    }

    /**
     * Starts a protocol server on every loop: asyncio's {@code loop.create_server}, once per loop,
     * with {@code SO_REUSEPORT} (see {@link #startServer(ClientConnected, String, int)}).
     */
    public GroupServer createServer(Supplier<? extends Protocol> protocolFactory, ServerOptions options)
            throws IOException {
        Objects.requireNonNull(protocolFactory, "protocolFactory");
        Objects.requireNonNull(options, "options");
        return startServer(options, opts -> Asyncio.getRunningLoop().createServer(protocolFactory, opts));
    }

    /** One server per loop, started in turn so that port 0 resolves once and the rest share it. */
    private GroupServer startServer(ServerOptions options, ServerStarter starter) throws IOException {
        checkOpen();
        if (!GroupServer.REUSE_PORT_SUPPORTED) {
            throw new UnsupportedOperationException(
                    "this platform has no SO_REUSEPORT: run one loop's server instead (EventLoopGroup.next())");
        }
        ServerOptions opts = options.withReusePort(true);
        List<Server> servers = new ArrayList<>(loops.size());
        try {
            for (EventLoop loop : loops) {
                ServerOptions o = opts;
                Server s = await(Asyncio.runCoroutineThreadsafe(() -> starter.start(o), loop));
                servers.add(s);
                if (opts.port() == 0) {
                    opts = opts.withPort(s.port());
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            new GroupServer(loops.subList(0, servers.size()), servers).close();
            throw e;
        }
        return new GroupServer(loops, servers);
    }

    @FunctionalInterface
    private interface ServerStarter {
        Server start(ServerOptions options) throws IOException;
    }

    /** Waits for a loop's answer from a thread outside the group, rethrowing the task's error. */
    static <T> T await(CompletableFuture<T> f) throws IOException {
        if (EventLoop.context() != null) {
            throw new IllegalStateException(
                    "EventLoopGroup methods that wait cannot be called from a task or loop thread; "
                            + "use submit() and Asyncio.wrapFuture() there");
        }
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledError("interrupted while waiting for a loop of the group");
        }
    }

    /**
     * Waits until the group is closed (by {@link #close()} from another thread, a signal handler
     * or a task calling it through a platform thread).
     */
    public void runForever() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return closing;
    }

    /**
     * Stops every loop, then on each: cancels its pending tasks and runs their cleanup, shuts its
     * default executor down and closes it; returns when all are closed. Idempotent. Must not be
     * called from one of the group's own loops (it would wait for itself).
     */
    @Override
    public void close() {
        Object ctx = EventLoop.context();
        for (EventLoop loop : loops) {
            if (ctx == loop || (ctx instanceof Task<?> t && t.loop == loop)) {
                throw new IllegalStateException("EventLoopGroup.close() cannot be called from one of its loops");
            }
        }
        synchronized (this) {
            if (!closing) {
                closing = true;
                for (EventLoop loop : loops) {
                    loop.callSoonThreadsafe(loop::stop);
                }
            }
        }
        for (Thread t : runners) {
            boolean interrupted = false;
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        closed.countDown();
    }

    private void checkOpen() {
        if (closing) {
            throw new IllegalStateException("the EventLoopGroup is closed");
        }
    }

    @Override
    public String toString() {
        return "<EventLoopGroup size=" + loops.size() + (closing ? " closed" : "") + ">";
    }
}
