package io.jasyncio;

import io.jasyncio.internal.Threads;
import io.jasyncio.internal.net.SocketServer;
import io.jasyncio.internal.net.Streams;
import io.jasyncio.streams.ClientConnected;
import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.Server;
import io.jasyncio.transports.ServerOptions;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
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
    private static final List<String> STOP_SIGNALS = List.of("SIGINT", "SIGTERM");

    private final List<EventLoop> loops;
    private final List<Thread> runners;
    private final AtomicInteger nextIndex = new AtomicInteger();
    /** Completed when {@link #close()} has closed every loop. */
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
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
     * Starts a stream server whose connections are served by every loop of the group: asyncio's
     * {@code start_server}, once per loop ({@link GroupServer.Balancing#AUTO}: with
     * {@code SO_REUSEPORT} so that the kernel spreads new connections over the loops' listening
     * sockets where the platform has it, else one acceptor handing connections round robin to
     * the loops). Port 0 picks one free port shared by all. Each connection's handler runs on the
     * loop that serves it.
     *
     * @throws IOException if a loop cannot bind (the servers already started are closed)
     */
    public GroupServer startServer(ClientConnected handler, String host, int port) throws IOException {
        Objects.requireNonNull(handler, "handler");
        return startServer(handler, ServerOptions.of(host, port));
    }

    /** {@link #startServer(ClientConnected, String, int)} with every option. */
    public GroupServer startServer(ClientConnected handler, ServerOptions options) throws IOException {
        return startServer(handler, options, null, GroupServer.Balancing.AUTO);
    }

    /**
     * {@link #startServer(ClientConnected, String, int)} with every option, TLS when {@code ssl}
     * is not null (asyncio's {@code ssl=}), and a choice of how connections are spread.
     *
     * @throws UnsupportedOperationException for {@link GroupServer.Balancing#REUSE_PORT} where
     *     the platform has no SO_REUSEPORT
     */
    public GroupServer startServer(ClientConnected handler, ServerOptions options, io.jasyncio.tls.TlsOptions ssl,
            GroupServer.Balancing balancing) throws IOException {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(options, "options");
        int limit = options.limit();
        return startServer(options, ssl, balancing, loop -> Streams.serverProtocolFactory(loop, handler, limit));
    }

    /**
     * Starts a protocol server whose connections are served by every loop: asyncio's
     * {@code loop.create_server}, once per loop (see {@link #startServer(ClientConnected, String, int)}).
     * {@code protocolFactory} is called on the loop that serves the connection, so it may build
     * per-loop state there ({@link Asyncio#getRunningLoop()}, a {@link LoopLocal}).
     */
    public GroupServer createServer(Supplier<? extends Protocol> protocolFactory, ServerOptions options)
            throws IOException {
        return createServer(protocolFactory, options, null, GroupServer.Balancing.AUTO);
    }

    /**
     * {@link #createServer(Supplier, ServerOptions)} with TLS when {@code ssl} is not null and a
     * choice of how connections are spread.
     *
     * @throws UnsupportedOperationException for {@link GroupServer.Balancing#REUSE_PORT} where
     *     the platform has no SO_REUSEPORT
     */
    public GroupServer createServer(Supplier<? extends Protocol> protocolFactory, ServerOptions options,
            io.jasyncio.tls.TlsOptions ssl, GroupServer.Balancing balancing) throws IOException {
        Objects.requireNonNull(protocolFactory, "protocolFactory");
        Objects.requireNonNull(options, "options");
        return startServer(options, ssl, balancing, loop -> protocolFactory);
    }

    private GroupServer startServer(ServerOptions options, io.jasyncio.tls.TlsOptions ssl,
            GroupServer.Balancing balancing, Function<EventLoop, Supplier<? extends Protocol>> factoryOn)
            throws IOException {
        Objects.requireNonNull(balancing, "balancing");
        checkOpen();
        GroupServer.Balancing mode = balancing;
        if (mode == GroupServer.Balancing.AUTO) {
            mode = GroupServer.REUSE_PORT_SUPPORTED ? GroupServer.Balancing.REUSE_PORT : GroupServer.Balancing.ONE_ACCEPTOR;
        }
        if (mode == GroupServer.Balancing.REUSE_PORT && !GroupServer.REUSE_PORT_SUPPORTED) {
            throw new UnsupportedOperationException(
                    "this platform has no SO_REUSEPORT: use GroupServer.Balancing.ONE_ACCEPTOR (or AUTO)");
        }
        return mode == GroupServer.Balancing.REUSE_PORT ? reusePortServers(options, ssl, factoryOn)
                : oneAcceptorServers(options, ssl, factoryOn);
    }

    /** One server per loop, started in turn so that port 0 resolves once and the rest share it. */
    private GroupServer reusePortServers(ServerOptions options, io.jasyncio.tls.TlsOptions ssl,
            Function<EventLoop, Supplier<? extends Protocol>> factoryOn) throws IOException {
        ServerOptions opts = options.withReusePort(true);
        List<Server> servers = new ArrayList<>(loops.size());
        try {
            for (EventLoop loop : loops) {
                ServerOptions o = opts;
                Server s = await(Asyncio.runCoroutineThreadsafe(
                        () -> SocketServer.create(loop, factoryOn.apply(loop), o, ssl), loop));
                servers.add(s);
                if (opts.port() == 0) {
                    opts = opts.withPort(s.port());
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            new GroupServer(loops.subList(0, servers.size()), servers, GroupServer.Balancing.REUSE_PORT).close();
            throw e;
        }
        return new GroupServer(loops, servers, GroupServer.Balancing.REUSE_PORT);
    }

    /**
     * The first loop listens; every other loop gets a server that listens on nothing and serves
     * the channels handed to it. The hand-off runs on the acceptor's thread and crosses to the
     * target loop through its thread-safe door; a loop that has closed meanwhile gets nothing
     * (the channel is closed at once).
     */
    private GroupServer oneAcceptorServers(ServerOptions options, io.jasyncio.tls.TlsOptions ssl,
            Function<EventLoop, Supplier<? extends Protocol>> factoryOn) throws IOException {
        List<Server> servers = new ArrayList<>(loops.size());
        SocketServer[] serving = new SocketServer[loops.size()];
        try {
            for (int i = 1; i < loops.size(); i++) {
                EventLoop loop = loops.get(i);
                serving[i] = await(Asyncio.runCoroutineThreadsafe(
                        () -> SocketServer.adopting(loop, factoryOn.apply(loop), ssl), loop));
            }
            EventLoop first = loops.get(0);
            serving[0] = await(Asyncio.runCoroutineThreadsafe(() -> {
                SocketServer acceptor = SocketServer.create(first, factoryOn.apply(first),
                        options.withStartServing(false), ssl);
                acceptor.handOffAccepted(new RoundRobin(serving));
                if (options.startServing()) {
                    acceptor.startServing();
                }
                return acceptor;
            }, first));
        } catch (IOException | RuntimeException | Error e) {
            for (SocketServer s : serving) {
                if (s != null) {
                    servers.add(s);
                }
            }
            closeAll(servers);
            throw e;
        }
        servers.add(serving[0]);
        for (int i = 1; i < serving.length; i++) {
            servers.add(serving[i]);
        }
        return new GroupServer(loops, servers, GroupServer.Balancing.ONE_ACCEPTOR);
    }

    private static void closeAll(List<Server> servers) {
        for (Server s : servers) {
            EventLoop loop = s.getLoop();
            if (!loop.isClosed()) {
                loop.callSoonThreadsafe(s::close);
            }
        }
    }

    /** The acceptor's hand-off: channel k goes to loop k mod n. Runs on the acceptor's thread only. */
    private static final class RoundRobin implements java.util.function.Consumer<SocketChannel> {
        private final SocketServer[] servers;
        private int next;

        RoundRobin(SocketServer[] servers) {
            this.servers = servers;
        }

        @Override
        public void accept(SocketChannel ch) {
            SocketServer target = servers[next];
            next = (next + 1) % servers.length;
            if (target == servers[0]) {
                target.adopt(ch); // the acceptor's own loop: no hand-off
                return;
            }
            try {
                target.getLoop().callSoonThreadsafe(() -> target.adopt(ch));
            } catch (RuntimeException closedLoop) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // nothing was read or written on it yet
                }
            }
        }
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
     * Waits until the group is closed, and closes it on SIGINT or SIGTERM: what aiohttp's
     * {@code run_app} does on one loop, for the whole group. While it waits, both signals have
     * handlers on the group's first loop ({@link EventLoop#addSignalHandler}); the first of them
     * gives both back to the JVM, then this thread closes the group as {@link #close()} does (on
     * every loop the pending tasks are cancelled and their cleanup runs, even cleanup that awaits)
     * and returns, so a {@code main} that called it exits 0. A second signal during that shutdown
     * gets the JVM's own handler (exit 128 + N), as a second Ctrl-C interrupts asyncio's. A signal
     * the JVM cannot catch ({@code -Xrs}, or ignored since the process started) is left alone; the
     * first loop's own handlers for these two signals, if any, are replaced (as
     * {@code add_signal_handler} replaces). {@link #close()} called from another thread ends the
     * wait too; an interrupt ends it and removes the handlers.
     *
     * @throws IllegalStateException if called from a task or a loop thread (it blocks)
     */
    public void runForever() {
        runForever(() -> {});
    }

    /**
     * {@link #runForever()} that runs {@code onReady} on the calling thread once the signal
     * handlers are in place and before it starts waiting: the place to print "serving on ...",
     * since a SIGTERM sent by someone who read that line then always finds the group's handler
     * (printed earlier, a quick SIGTERM could still meet the JVM's default and exit 143).
     *
     * @throws NullPointerException if {@code onReady} is null
     * @throws IllegalStateException if called from a task or a loop thread (it blocks)
     */
    public void runForever(Runnable onReady) {
        Objects.requireNonNull(onReady, "onReady");
        if (EventLoop.context() != null) {
            throw new IllegalStateException("EventLoopGroup.runForever() blocks: call it from a thread outside the group");
        }
        CompletableFuture<String> signalled = new CompletableFuture<>();
        try {
            addStopHandlers(signalled);
            onReady.run();
            CompletableFuture.anyOf(signalled, closed).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            removeStopHandlers();
            return;
        } catch (ExecutionException impossible) {
            throw new IllegalStateException(impossible.getCause());
        }
        if (signalled.isDone()) {
            close();
        }
    }

    /**
     * On the first loop: SIGINT and SIGTERM complete {@code signalled} and remove both handlers.
     * Returns at once if the group is closing (it then ends the wait by itself).
     */
    private void addStopHandlers(CompletableFuture<String> signalled) throws InterruptedException, ExecutionException {
        EventLoop first = loops.getFirst();
        CompletableFuture<Void> added;
        try {
            added = submit(first, () -> {
                for (String signal : STOP_SIGNALS) {
                    try {
                        first.addSignalHandler(signal, () -> {
                            for (String s : STOP_SIGNALS) {
                                first.removeSignalHandler(s);
                            }
                            signalled.complete(signal);
                        });
                    } catch (IllegalStateException cannotBeCaught) {
                        // -Xrs or ignored since start: the JVM keeps this signal
                    }
                }
                return null;
            });
        } catch (IllegalStateException closing) {
            return;
        }
        // a group closed meanwhile may never run the task: its close ends the wait
        CompletableFuture.anyOf(added, closed).get();
    }

    /** An interrupted {@link #runForever()} gives the signals back to the JVM (without waiting). */
    private void removeStopHandlers() {
        EventLoop first = loops.getFirst();
        try {
            first.callSoonThreadsafe(() -> {
                for (String s : STOP_SIGNALS) {
                    first.removeSignalHandler(s);
                }
            });
        } catch (RuntimeException closed) {
            // a closed loop has no handlers left
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
            Threads.joinUninterruptibly(t);
        }
        closed.complete(null);
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
