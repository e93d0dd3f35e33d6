package io.jasyncio;

import io.jasyncio.internal.Args;
import io.jasyncio.internal.ContextCell;
import io.jasyncio.internal.Fiber;
import io.jasyncio.internal.LoopHooks;
import io.jasyncio.internal.LoopQueue;
import io.jasyncio.internal.Orphans;
import io.jasyncio.internal.Schedulers;
import io.jasyncio.internal.Sneaky;
import io.jasyncio.internal.TaskScheduler;
import io.jasyncio.internal.Threads;
import io.jasyncio.internal.TransportBytes;
import io.jasyncio.internal.net.Connector;
import io.jasyncio.internal.net.DatagramSocketTransport;
import io.jasyncio.internal.net.SocketOps;
import io.jasyncio.internal.net.SocketServer;
import io.jasyncio.internal.proc.ProcessTransport;
import io.jasyncio.subprocess.SubprocessEndpoint;
import io.jasyncio.subprocess.SubprocessOptions;
import io.jasyncio.subprocess.SubprocessProtocol;
import io.jasyncio.transports.DatagramEndpoint;
import io.jasyncio.transports.DatagramProtocol;
import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.Server;
import io.jasyncio.transports.ServerOptions;
import io.jasyncio.transports.TransportAndProtocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An event loop: asyncio's {@code AbstractEventLoop}, implemented on one platform thread.
 *
 * <p>Each run ({@link #runForever}, {@link #runUntilComplete}) happens on the loop's own platform
 * thread, created with a generous stack (task stacks live on it while they run); the caller waits.
 * The thread runs, in order: ready callbacks (FIFO), due timers, then waits in a
 * {@link Selector} until the next timer is due, an I/O event or a cross-thread wake-up.
 * Tasks are virtual threads the loop schedules (see {@link Task}), so callbacks, task bodies and I/O
 * handlers of one loop never run at the same time.
 *
 * <p>Loop-confined, except the methods that say they are thread-safe: {@link #callSoonThreadsafe},
 * {@link #isRunning}, {@link #isClosed}, {@link #time()}, {@link #stop()} via
 * {@code callSoonThreadsafe(loop::stop)}. In debug mode, loop-confined methods called from another
 * thread while the loop runs throw {@link IllegalStateException}.
 */
public final class EventLoop implements AutoCloseable {
    /** The loop of a platform thread that runs (or tears down) a loop. */
    private static final ThreadLocal<Object> CURRENT = new ThreadLocal<>();

    /**
     * What the calling thread is part of: a {@link Task} (on a task's thread), an {@link EventLoop}
     * (on a loop thread, or a task's thread running callbacks for the loop), or null. A task's
     * thread finds its task through its {@link Fiber}, installed as the thread's uncaught-exception
     * handler, which costs no per-thread storage (a thread local would cost ~140 bytes per task).
     */
    static Object context() {
        Thread t = Thread.currentThread();
        if (t.isVirtual()) {
            return t.getUncaughtExceptionHandler() instanceof Fiber f ? f.context : null;
        }
        return CURRENT.get();
    }

    private static final long ORIGIN = System.nanoTime();
    private static final AtomicLong IDS = new AtomicLong();
    /** Task frames live on the loop thread's stack while they run (DESIGN §7 hazard 8). */
    static final long STACK_SIZE = Long.getLong("jasyncio.loopStackSize", 64L << 20);
    /** While callbacks are ready, poll the selector at most this often (DESIGN §7 hazard 9). */
    private static final long POLL_INTERVAL_NANOS = 100_000;
    /** Timers due within this much of now run in this iteration (asyncio's clock resolution). */
    private static final long CLOCK_RESOLUTION_NANOS = 1_000;
    /** Timers further away than this (≈ 73 years) are due at this point: no overflow in deadline arithmetic. */
    private static final long MAX_DEADLINE = Long.MAX_VALUE / 4;

    private final long id = IDS.incrementAndGet();

    /** The loop's number, as in its thread's name (for JFR events). */
    long loopId() {
        return id;
    }
    final TaskScheduler scheduler;
    private final ArrayDeque<Object> ready = new ArrayDeque<>(256);
    private final ConcurrentLinkedQueue<Object> inbox = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<TimerHandle> timers = new PriorityQueue<>();
    private int cancelledTimers;
    private long timerSequence;
    private final Selector selector;
    private final LoopIo watches;
    private long lastPollNanos;
    /** Items of the current iteration's batch not run yet. */
    private int batchRemaining;
    private boolean virtualClock = "virtual".equals(System.getProperty("jasyncio.clock"));
    private long virtualNanos = System.nanoTime() - ORIGIN;
    private int pendingOffloads;
    private boolean eagerTasks;
    private TaskFactory taskFactory;
    private final EagerSteps eager = new EagerSteps();
    /** Debug mode's record of where each task was created (kept off the Task: most loops never need it). */
    private final Map<Task<?>, StackTraceElement[]> creationSites = new WeakHashMap<>();
    private long polls;
    /** Counters of {@link #statistics()}: plain fields, written on the loop thread only. */
    private long stepsRun, callbacksRun, wakeUps, idleNanos, runNanos, runStartedAt;
    private final TransportBytes transportBytes = new TransportBytes();

    /** The thread running the loop (or tearing it down), else null. */
    private volatile Thread thread;
    private volatile boolean sleeping;
    private volatile boolean running;
    private volatile boolean stopping;
    volatile boolean closing;
    private volatile boolean closed;
    private Throwable runFailure;

    private Task<?> liveHead;
    private int liveCount;
    /** The task whose step runs now or ran last (for debug reports). */
    volatile Task<?> stepTask;

    private boolean debug = Boolean.getBoolean("jasyncio.debug");
    private double slowCallbackDuration = 0.1;
    private Watchdog watchdog;
    volatile long itemStartNanos;
    volatile long itemSequence;
    private ExceptionHandler exceptionHandler;
    private final LoopExecutor executors = new LoopExecutor(this, id);
    /** Resources other than channels that close() closes (open files), after the tasks unwound. */
    private final Set<AutoCloseable> resources = ConcurrentHashMap.newKeySet();
    /** Debug mode: exceptions of this loop's futures nobody retrieved yet (for test harnesses). */
    final UnretrievedExceptions unretrieved = new UnretrievedExceptions();

    static {
        // Lets io.jasyncio.locks/queues hold the virtual clock and check loop confinement cheaply.
        LoopHooks.install(new LoopHooks.Access() {
            @Override
            public void holdVirtualClock(EventLoop loop) {
                loop.holdVirtualClock();
            }

            @Override
            public void releaseVirtualClock(EventLoop loop) {
                loop.releaseVirtualClock();
            }

            @Override
            public boolean inLoop(EventLoop loop) {
                return loop.inLoop();
            }

            @Override
            public boolean closing(EventLoop loop) {
                return loop.closing;
            }

            @Override
            public EventLoop currentLoop() {
                Object c = context();
                return c instanceof Task<?> t ? t.loop : c instanceof EventLoop l ? l : null;
            }

            @Override
            public void closeWithLoop(EventLoop loop, SelectableChannel channel) {
                loop.watches.own(channel);
            }

            @Override
            public void closeWithLoop(EventLoop loop, AutoCloseable resource) {
                loop.resources.add(resource);
            }

            @Override
            public void forgetAtClose(EventLoop loop, AutoCloseable resource) {
                loop.resources.remove(resource);
            }

            @Override
            public void releaseClosedChannels(EventLoop loop) {
                loop.watches.releaseClosedChannels();
            }

            @Override
            public TransportBytes transportBytes(EventLoop loop) {
                return loop.transportBytes;
            }
        });
    }

    private EventLoop() {
        scheduler = Schedulers.create(new Queue());
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for the event loop", e);
        }
        watches = new LoopIo(this, selector);
        LoopRegistry.opened(this);
    }

    /** A new event loop; it runs when {@link #runForever} or {@link #runUntilComplete} is called. */
    public static EventLoop newEventLoop() {
        return new EventLoop();
    }

    // ----- time and callbacks -----

    /** The loop's clock: monotonic seconds (from an arbitrary origin). Thread-safe. */
    public double time() {
        return nowNanos() / 1e9;
    }

    long nowNanos() {
        return virtualClock ? virtualNanos : System.nanoTime() - ORIGIN;
    }

    /**
     * Switches the loop to a virtual clock (a testing tool, like Trio's autojump {@code MockClock}):
     * {@link #time()} stands still while anything is ready and jumps to the next timer's deadline
     * when the loop would otherwise wait, so code that sleeps runs at once and deterministically.
     * The property {@code -Djasyncio.clock=virtual} makes it the default for new loops. Only for
     * loops whose work is timers and tasks: with channels or other threads involved, the loop
     * still waits for them without advancing the clock. Call before the loop first runs. It starts
     * where the real clock stands (the JVM's uptime); {@link #useVirtualClock(double)} picks the start.
     */
    public void useVirtualClock() {
        if (!virtualClock) {
            virtualNanos = System.nanoTime() - ORIGIN;
            virtualClock = true;
        }
    }

    /**
     * {@link #useVirtualClock()} starting at loop time {@code origin} seconds (to the nanosecond):
     * times that do not depend on how long the JVM has been up, so a test's float arithmetic on
     * {@code time()} is the same in every run. 0 reads best; a large origin (say 1e6) makes
     * deadline arithmetic round as it does on a machine that has been up for days. Loop-confined;
     * call before the loop first runs (it sets the clock even if the loop already had a virtual one).
     *
     * @throws IllegalArgumentException if {@code origin} is not finite, negative, or beyond ≈ 73 years
     */
    public void useVirtualClock(double origin) {
        if (!(origin >= 0 && origin * 1e9 < MAX_DEADLINE)) {
            throw new IllegalArgumentException("origin must be finite, >= 0 and below " + MAX_DEADLINE / 1e9
                    + " seconds: " + origin);
        }
        virtualNanos = Math.round(origin * 1e9);
        virtualClock = true;
    }

    /**
     * Work on another thread will call back into the loop: a virtual clock must not jump past
     * timers while it runs. Loop-confined; paired with {@link #releaseVirtualClock()}.
     */
    void holdVirtualClock() {
        pendingOffloads++;
    }

    void releaseVirtualClock() {
        pendingOffloads--;
    }

    /** Whether the loop uses a virtual clock ({@link #useVirtualClock()}). */
    public boolean hasVirtualClock() {
        return virtualClock;
    }

    /**
     * Schedules a callback to run on the next iteration, after those scheduled earlier, in a copy
     * of the caller's {@link Context} (asyncio's {@code call_soon}).
     */
    public Handle callSoon(Runnable callback) {
        checkClosed();
        checkThread();
        Handle h = new Handle(this, requireCallback(callback), Context.captureForCallback());
        enqueue(h);
        return h;
    }

    /** {@link #callSoon(Runnable)} running the callback in {@code context} itself ({@code context=}). */
    public Handle callSoon(Runnable callback, Context context) {
        checkClosed();
        checkThread();
        Handle h = new Handle(this, requireCallback(callback), requireContext(context));
        enqueue(h);
        return h;
    }

    /**
     * Like {@link #callSoon} but callable from any thread; wakes the loop if it waits. The callback
     * runs in a copy of the calling thread's context.
     */
    public Handle callSoonThreadsafe(Runnable callback) {
        checkClosed();
        Handle h = new Handle(this, requireCallback(callback), Context.captureForCallback());
        enqueue(h);
        return h;
    }

    /** {@link #callSoonThreadsafe(Runnable)} running the callback in {@code context}. */
    public Handle callSoonThreadsafe(Runnable callback, Context context) {
        checkClosed();
        Handle h = new Handle(this, requireCallback(callback), requireContext(context));
        enqueue(h);
        return h;
    }

    /**
     * Schedules a callback to run after {@code delay} seconds (at once if not positive), in a copy
     * of the caller's context.
     */
    public TimerHandle callLater(double delay, Runnable callback) {
        long now = nowNanos();
        return callAtNanos(deadlineAfter(now, delay), now / 1e9 + delay, callback, Context.captureForCallback());
    }

    /** {@link #callLater(double, Runnable)} running the callback in {@code context}. */
    public TimerHandle callLater(double delay, Runnable callback, Context context) {
        long now = nowNanos();
        return callAtNanos(deadlineAfter(now, delay), now / 1e9 + delay, callback, requireContext(context));
    }

    /**
     * Schedules a callback to run at loop time {@code when} (see {@link #time()}), in a copy of the
     * caller's context.
     */
    public TimerHandle callAt(double when, Runnable callback) {
        return callAtNanos(deadlineAt(when), when, callback, Context.captureForCallback());
    }

    /** {@link #callAt(double, Runnable)} running the callback in {@code context}. */
    public TimerHandle callAt(double when, Runnable callback, Context context) {
        return callAtNanos(deadlineAt(when), when, callback, requireContext(context));
    }

    /**
     * An internal timer (timeouts): it touches no context variables, so it captures none. Due at
     * {@code deadline} ns; its {@code when()} reports {@code when}, the double the user gave.
     */
    TimerHandle callAtNanos(long deadline, double when, Runnable callback) {
        return callAtNanos(deadline, when, callback, null);
    }

    /** asyncio keeps the float it was given: {@code when} is reported by {@code when()} as is. */
    private TimerHandle callAtNanos(long deadline, double when, Runnable callback, Context context) {
        checkClosed();
        checkThread();
        TimerHandle h = new TimerHandle(this, requireCallback(callback), context, deadline, when, timerSequence++);
        timers.add(h);
        return h;
    }

    private static Context requireContext(Context context) {
        if (context == null) {
            throw new NullPointerException("context must not be null");
        }
        return context;
    }

    /**
     * The nanosecond a timer for loop time {@code when} is due: the first one at which
     * {@link #time()} reads at least {@code when}. Rounding to the nearest nanosecond instead let a
     * timer fire while {@code time()} was still an ulp below its double deadline, so a wait for
     * {@code deadline - time()} could return with time left, and a virtual clock never got past it.
     */
    static long deadlineAt(double when) {
        if (Double.isNaN(when)) {
            throw new IllegalArgumentException("when is NaN");
        }
        double nanos = Math.max(Math.min(Math.ceil(when * 1e9), MAX_DEADLINE), -MAX_DEADLINE);
        long n = (long) nanos;
        // when * 1e9 is itself rounded: step over the few nanoseconds it may have fallen short
        while (n < MAX_DEADLINE && n / 1e9 < when) {
            n++;
        }
        return n;
    }

    /**
     * The deadline of a timer {@code delay} seconds after {@code now}: the same arithmetic as
     * {@code deadlineAt(time() + delay)}, so {@code callLater(d)} and {@code callAt(time() + d)} fall
     * due on the same nanosecond; a positive delay is at least one nanosecond, so a virtual clock
     * always moves forward for it (a shorter one would be due at once, time after time).
     */
    static long deadlineAfter(long now, double delay) {
        if (Double.isNaN(delay)) {
            throw new IllegalArgumentException("delay is NaN");
        }
        long deadline = deadlineAt(now / 1e9 + delay);
        return delay > 0 ? Math.max(deadline, now + 1) : deadline;
    }

    private static Runnable requireCallback(Runnable callback) {
        return Args.notNull(callback, "callback");
    }

    /**
     * Done callbacks and internal steps: no closed check (a task may finish while the loop closes).
     * {@code context} null: a fresh empty one.
     */
    void callSoonInternal(Runnable callback, Context context) {
        if (!closed) {
            enqueue(new Handle(this, callback, context));
        }
    }

    void timerCancelled(TimerHandle h) {
        if (h.scheduled && inLoop()) {
            cancelledTimers++;
            if (cancelledTimers > 100 && cancelledTimers * 2 > timers.size()) {
                timers.removeIf(Handle::cancelled);
                cancelledTimers = 0;
            }
        }
    }

    private void enqueue(Object item) {
        if (inLoop()) {
            ready.add(item);
        } else {
            inbox.add(item);
            if (sleeping) {
                selector.wakeup();
            }
            if (closed) {
                drainInboxAfterClose();
            }
        }
    }

    /** Whether the calling thread is this loop's thread or one of its tasks' threads. */
    boolean inLoop() {
        if (Thread.currentThread() == thread) {
            return true;
        }
        Object c = context();
        return c == this || (c instanceof Task<?> t && t.loop == this);
    }

    /** The door for the task scheduler; continuations arrive here from the JDK. */
    private final class Queue implements LoopQueue {
        @Override
        public void execute(Runnable step) {
            if (closed) {
                if (!(step instanceof Fiber)) { // a task that never started has no thread to unwind: dropped
                    Orphans.run(step); // never throw from a scheduler (DESIGN §7 hazard 2)
                }
            } else if (eager.routing() && inLoop()) {
                eager.accept(step);
            } else {
                enqueue(step);
            }
        }

        @Override
        public void startHere(Thread t) {
            eager.routeNext(EagerSteps.ROUTE_CAPTURE);
            try {
                t.start();
            } finally {
                eager.routeNext(EagerSteps.ROUTE_READY);
            }
            eager.takeCaptured().run();
        }

        @Override
        public Object pollBatch() {
            if (debug || !running || eager.capturing()) {
                return null; // the loop's own runner takes over (eager captures: back to the callback)
            }
            Runnable u = eager.pollUrgent(); // eager hand-offs first, as runOnce does
            if (u != null) {
                return u;
            }
            if (batchRemaining <= 0) {
                return null;
            }
            batchRemaining--;
            return ready.poll();
        }

        @Override
        public boolean nextBatch() {
            if (debug || !running || stopping || eager.capturing() || batchRemaining > 0) {
                return false;
            }
            drainInbox();
            if (ready.isEmpty()) {
                return false; // the loop's thread waits in the selector (or for the next timer)
            }
            if (watches.hasChannels() && System.nanoTime() - lastPollNanos >= POLL_INTERVAL_NANOS) {
                return false; // I/O callbacks run on the loop's thread, as runOnce polls (DESIGN §7 hazard 9)
            }
            readyDueTimers();
            batchRemaining = ready.size();
            return true;
        }

        @Override
        public void runOnBehalfOfLoop(Object item) {
            // A callback run by a task's thread is not inside that task.
            Fiber fiber = (Fiber) Thread.currentThread().getUncaughtExceptionHandler();
            Object task = fiber.context;
            fiber.context = EventLoop.this;
            try {
                runUntimed(item, fiber); // a callback runs in its own context, not the task's
            } finally {
                fiber.context = task;
            }
        }
    }

    // ----- futures and tasks -----

    /** A new pending future attached to this loop. */
    public <T> Future<T> createFuture() {
        return new Future<>(this);
    }

    /**
     * Wraps the coroutine in a task; its first step runs from the next iteration. The task runs in
     * a copy of the caller's {@link Context}.
     */
    public <T> Task<T> createTask(Coroutine<T> coroutine) {
        return createTask(coroutine, null);
    }

    /** Like {@link #createTask(Coroutine)}, with a name ({@code null}: {@code Task-N}). */
    public <T> Task<T> createTask(Coroutine<T> coroutine, String name) {
        if (coroutine == null) {
            throw new NullPointerException("coroutine must not be null");
        }
        return newTask(coroutine, name, null);
    }

    /**
     * Like {@link #createTask(Coroutine, String)}, running the task in {@code context} itself
     * rather than a copy (asyncio's {@code context=}): what the task sets is seen there.
     */
    public <T> Task<T> createTask(Coroutine<T> coroutine, String name, Context context) {
        if (coroutine == null) {
            throw new NullPointerException("coroutine must not be null");
        }
        return newTask(coroutine, name, requireContext(context));
    }

    /** {@link #createTask(Coroutine, String, Context)} for a coroutine without a value. */
    public Task<Void> createTask(VoidCoroutine coroutine, String name, Context context) {
        Args.notNull(context, "context");
        if (coroutine == null) {
            throw new NullPointerException("coroutine must not be null");
        }
        return newTask(voidBody(coroutine), name, requireContext(context));
    }

    /**
     * A VoidCoroutine as a task runs it: as it is (no adapter per task) unless it is a Coroutine
     * too, when the adapter says which of its two methods the task calls.
     */
    private static Object voidBody(VoidCoroutine coroutine) {
        return coroutine instanceof Coroutine<?> ? coroutine.asCoroutine() : coroutine;
    }

    /**
     * {@code body}: a Coroutine, or a VoidCoroutine for a Task<Void>. {@code context} null: a copy
     * of the caller's, which for the usual empty one is made only when the task needs it.
     */
    @SuppressWarnings("unchecked")
    private <T> Task<T> newTask(Object body, String name, Context context) {
        TaskFactory factory = taskFactory;
        if (factory == null) {
            return startTask(body, name, context != null ? context : Context.copyContextOrNull(), eagerTasks);
        }
        Coroutine<T> coroutine = body instanceof Coroutine<?> c ? (Coroutine<T>) c
                : (Coroutine<T>) ((VoidCoroutine) body).asCoroutine();
        Task<T> t = factory.createTask(this, coroutine, name, context != null ? context : Context.copyContext());
        if (t == null || t.loop != this) {
            throw new IllegalStateException("task factory " + factory + " returned " + t + ", not a task of this loop");
        }
        return t;
    }

    /** {@link Task#create}: a task, started at once when eager and this loop runs the caller. */
    <T> Task<T> startTask(Object body, String name, Context context, boolean eager) {
        checkClosed();
        checkThread();
        Task<T> t = new Task<>(this, body, name, context);
        if (debug) {
            creationSites.put(t, TaskCreationSite.capture());
        }
        addLive(t);
        LoopEvents.taskCreated(id, t);
        if (eager && running && inLoop()) {
            t.startEager();
        } else {
            t.start();
        }
        return t;
    }

    /** A task for a coroutine without a value. */
    public Task<Void> createTask(VoidCoroutine coroutine) {
        return createTask(coroutine, null);
    }

    /** A named task for a coroutine without a value. */
    public Task<Void> createTask(VoidCoroutine coroutine, String name) {
        if (coroutine == null) {
            throw new NullPointerException("coroutine must not be null");
        }
        return newTask(voidBody(coroutine), name, null);
    }

    /** Where a task was created, if it was created in debug mode (TaskCreationSite), else null. */
    StackTraceElement[] creationSite(Task<?> t) {
        return creationSites.isEmpty() ? null : creationSites.get(t);
    }

    private void addLive(Task<?> t) {
        Task<?> h = liveHead;
        t.nextLive = h;
        if (h != null) {
            h.prevLive = t;
        }
        liveHead = t;
        liveCount++;
    }

    void taskFinished(Task<?> t) {
        Task<?> p = t.prevLive, n = t.nextLive;
        if (p != null) {
            p.nextLive = n;
        } else if (liveHead == t) {
            liveHead = n;
        } else {
            return; // already removed
        }
        if (n != null) {
            n.prevLive = p;
        }
        t.prevLive = t.nextLive = null;
        liveCount--;
        LoopEvents.taskFinished(id, t);
    }

    /**
     * A snapshot of the loop's counters: tasks alive, steps and callbacks run, timers pending,
     * selector polls and wake-ups, real time busy and idle while running. Cheap (plain fields the
     * loop thread updates); callable from any thread, where the figures may lag slightly.
     */
    public LoopStatistics statistics() {
        long started = runStartedAt;
        long ran = runNanos + (started != 0 ? System.nanoTime() - started : 0);
        long idle = idleNanos;
        return new LoopStatistics(liveCount, stepsRun, callbacksRun, Math.max(0, timers.size() - cancelledTimers),
                polls, wakeUps, Math.max(0, ran - idle) / 1e9, idle / 1e9, transportBytes.read(),
                transportBytes.written());
    }

    /** Every task of this loop that is not done yet. */
    public Set<Task<?>> allTasks() {
        Set<Task<?>> all = new LinkedHashSet<>();
        for (Task<?> t = liveHead; t != null; t = t.nextLive) {
            all.add(t);
        }
        return all;
    }

    /**
     * The live tasks of this loop with what each awaits and who awaits it: the data of Python 3.14's
     * {@code python -m asyncio ps/pstree}, printable with {@link TaskDump#pstree()} and
     * {@link TaskDump#ps()}. Thread-safe: from another thread the loop takes the dump between two
     * steps, and the caller waits for it at most a second ({@link IllegalStateException} if one
     * step holds the loop thread that long).
     */
    public TaskDump dumpTasks() {
        return TaskDumps.of(this);
    }

    void noteStep(Task<?> t) {
        stepsRun++;
        if (debug) {
            stepTask = t;
        }
    }

    // ----- running -----

    /** Runs until {@link #stop()} is called. The calling thread waits; it may be any thread. */
    public void runForever() {
        checkCanRun();
        running = true;
        runFailure = null;
        Thread t = Thread.ofPlatform().name("jasyncio-loop-" + id).stackSize(STACK_SIZE).unstarted(this::runLoop);
        t.start();
        Threads.joinUninterruptibly(t);
        Throwable failure = runFailure;
        runFailure = null;
        if (failure != null) {
            throw Sneaky.raise(failure);
        }
    }

    /**
     * Runs until the future is done and returns its result (or throws its exception).
     *
     * @throws IllegalStateException if the loop was stopped before the future completed
     */
    public <T> T runUntilComplete(Future<T> future) {
        Args.notNull(future, "future");
        if (future.loop != this) {
            throw new IllegalStateException("The future belongs to a different loop than the one specified");
        }
        checkCanRun();
        Consumer<Future<T>> stopWhenDone = f -> stop();
        future.addDoneCallback(stopWhenDone);
        try {
            runForever();
        } finally {
            // asyncio removes it in a finally: a later runForever() must not stop when it fires.
            future.removeDoneCallback(stopWhenDone);
        }
        if (!future.done()) {
            throw new IllegalStateException("Event loop stopped before Future completed.");
        }
        return future.result();
    }

    /**
     * Runs the coroutine as a task until it is done; returns its result.
     *
     * @throws IllegalStateException if the loop is closed or running (then no task is created)
     */
    public <T> T runUntilComplete(Coroutine<T> coroutine) {
        Args.notNull(coroutine, "coroutine");
        checkCanRun(); // asyncio checks before ensure_future: a rejected call leaves nothing behind
        return runUntilComplete(createTask(coroutine));
    }

    /** asyncio's {@code _check_closed} and {@code _check_running}, before a run starts. */
    private void checkCanRun() {
        checkClosed();
        if (running) {
            throw new IllegalStateException("This event loop is already running");
        }
        if (context() != null) {
            throw new IllegalStateException("Cannot run the event loop while another loop is running");
        }
    }

    /** Stops the loop after the callbacks of the current iteration have run. */
    public void stop() {
        stopping = true;
    }

    /** Whether the loop is running. Thread-safe. */
    public boolean isRunning() {
        return running;
    }

    /** Whether the loop was closed. Thread-safe. */
    public boolean isClosed() {
        return closed;
    }

    private void runLoop() {
        LoopRegistry.running();
        thread = Thread.currentThread();
        CURRENT.set(this);
        loopCell = Context.threadCell();
        if (debug) {
            watchdog = Watchdog.start(this, thread);
        }
        runStartedAt = System.nanoTime();
        try {
            while (true) {
                runOnce();
                if (stopping) {
                    break;
                }
            }
        } catch (Throwable t) {
            runFailure = t;
        } finally {
            if (watchdog != null) {
                watchdog.stop();
                watchdog = null;
            }
            runNanos += System.nanoTime() - runStartedAt;
            runStartedAt = 0;
            stopping = false;
            CURRENT.remove();
            thread = null;
            running = false;
        }
    }

    /** One iteration: poll I/O, move due timers to the ready queue, run what was ready. */
    private void runOnce() throws IOException {
        drainInbox();
        long timeout;
        if (!ready.isEmpty() || stopping) {
            timeout = 0;
        } else {
            TimerHandle first = firstLiveTimer();
            timeout = first == null ? -1 : Math.max(0, first.deadlineNanos - nowNanos());
            if (virtualClock && first != null && timeout > 0 && pendingOffloads == 0 && !watches.hasChannels()
                    && inbox.isEmpty()) {
                virtualNanos = first.deadlineNanos; // nothing else can happen before it: jump
                timeout = 0;
            }
        }
        poll(timeout);

        readyDueTimers();

        // A field, not a local: the portable scheduler's tasks may run part of the batch themselves.
        batchRemaining = ready.size();
        while (batchRemaining > 0) {
            batchRemaining--;
            runItem(ready.poll());
            if (eager.hasUrgent()) {
                runUrgent();
            }
        }
    }

    /** Moves the timers that are due to the ready queue. */
    private void readyDueTimers() {
        if (!timers.isEmpty()) { // no clock read without timers: a future round trip is two iterations
            long end = nowNanos() + CLOCK_RESOLUTION_NANOS;
            TimerHandle h;
            while ((h = timers.peek()) != null && h.deadlineNanos <= end) {
                timers.poll();
                h.scheduled = false;
                if (h.cancelled()) {
                    cancelledTimers--;
                } else {
                    ready.add(h);
                }
            }
        }
    }

    // ----- eager tasks (asyncio 3.12's eager_task_factory) -----

    /**
     * Starts new tasks eagerly, as asyncio 3.12's {@code eager_task_factory} does: while the loop
     * runs, {@link #createTask} runs the coroutine at once, on the caller's turn, until its first
     * real suspension (or its end), then returns to the caller. A task that finishes without
     * suspending is done when {@code createTask} returns. Off by default.
     */
    public void setEagerTasks(boolean enabled) {
        eagerTasks = enabled;
    }

    /** Whether tasks start eagerly ({@link #setEagerTasks}). */
    public boolean getEagerTasks() {
        return eagerTasks;
    }

    /**
     * Sets the factory {@link #createTask} calls from now on, or null for the default (a plain
     * task, eager if {@link #setEagerTasks} says so): asyncio's {@code set_task_factory}. Use
     * {@link TaskFactory#EAGER} for asyncio's {@code eager_task_factory}.
     */
    public void setTaskFactory(TaskFactory factory) {
        checkThread();
        taskFactory = factory;
    }

    /** The factory set with {@link #setTaskFactory}, or null: asyncio's {@code get_task_factory}. */
    public TaskFactory getTaskFactory() {
        return taskFactory;
    }

    /** Where the next task step goes during an eager start (see {@link EagerSteps}). */
    void routeNextStep(int route) {
        eager.routeNext(route);
    }

    /** Runs an eager start's captured step inline, on the loop (see {@link EagerSteps}). */
    void runCapturedStep() {
        eager.runCaptured(this::runStep);
    }

    private void runUrgent() {
        Runnable step;
        while ((step = eager.pollUrgent()) != null) {
            runItem(step);
        }
    }

    private TimerHandle firstLiveTimer() {
        TimerHandle h;
        while ((h = timers.peek()) != null && h.cancelled()) {
            timers.poll();
            h.scheduled = false;
            cancelledTimers--;
        }
        return h;
    }

    private void poll(long timeoutNanos) throws IOException {
        if (timeoutNanos == 0) {
            if (!watches.hasChannels()) {
                return;
            }
            long now = System.nanoTime();
            if (now - lastPollNanos < POLL_INTERVAL_NANOS) {
                return;
            }
            lastPollNanos = now;
            polls++;
            selector.selectNow(watches);
            return;
        }
        sleeping = true;
        long before = System.nanoTime();
        try {
            polls++;
            // The Consumer forms hand each ready key straight to LoopIo: no selected-key HashSet
            // (its inserts were the top of a protocol echo server's profile).
            if (!inbox.isEmpty()) {
                selector.selectNow(watches);
            } else if (timeoutNanos < 0) {
                selector.select(watches);
            } else {
                selector.select(watches, Math.max(1, (timeoutNanos + 999_999) / 1_000_000));
            }
            lastPollNanos = System.nanoTime();
        } finally {
            sleeping = false;
        }
        idleNanos += System.nanoTime() - before;
        if (!inbox.isEmpty()) {
            wakeUps++;
        }
        drainInbox();
    }

    private void drainInbox() {
        Object o;
        while ((o = inbox.poll()) != null) {
            ready.add(o);
        }
    }

    /** How many times the selector was polled (for the test of DESIGN §7 hazard 9). */
    long selectorPolls() {
        return polls;
    }

    /** The loop thread's context cell, for the callbacks it runs (set for each run). */
    private ContextCell loopCell;

    void addReady(Handle h) {
        ready.add(h);
    }

    private void runItem(Object item) {
        if (!debug) {
            runUntimed(item, loopCell);
            return;
        }
        stepTask = null;
        long start = System.nanoTime();
        itemSequence++;
        itemStartNanos = start;
        runUntimed(item, loopCell);
        itemStartNanos = 0;
        long took = System.nanoTime() - start;
        if (took > slowCallbackDuration * 1e9) {
            Watchdog.reportSlowItem(this, item, stepTask, took);
        }
    }

    private void runUntimed(Object item, ContextCell cell) {
        if (item instanceof Handle h) {
            callbacksRun++;
            h.run(cell);
        } else {
            runStep((Runnable) item);
        }
    }

    /** A task step: it runs in its task's context, held by the task's own thread. */
    private void runStep(Runnable step) {
        try {
            if (step instanceof Fiber f) {
                scheduler.firstStep(f); // a task whose thread is made now (LoopScheduler.start)
            } else {
                step.run();
            }
        } catch (Throwable t) {
            Map<String, Object> ctx = new LinkedHashMap<>();
            ctx.put("message", "Exception in a task step");
            ctx.put("exception", t);
            callExceptionHandler(ctx);
        }
    }

    // ----- closing -----

    /**
     * Closes the loop: removes its signal handlers, drops pending callbacks and timers, cancels every
     * task still alive and lets it unwind (its {@code finally} blocks run; an await in them raises
     * {@link CancelledError}), shuts the default executor down without waiting, and closes the
     * selector. Idempotent.
     *
     * @throws IllegalStateException if the loop is running
     */
    @Override
    public void close() {
        if (running) {
            throw new IllegalStateException("Cannot close a running event loop");
        }
        if (closing) {
            return;
        }
        closing = true;
        // asyncio's close() removes the signal handlers; done first so that a signal arriving while
        // the tasks unwind gets the JVM's default (SIGTERM: exit) rather than a loop that will not run
        LoopSignals.removeAll(this);
        if (liveCount > 0) {
            Thread t = Thread.ofPlatform().name("jasyncio-close-" + id).stackSize(STACK_SIZE)
                    .unstarted(this::unwindTasks);
            t.start();
            Threads.joinUninterruptibly(t);
        }
        closed = true;
        LoopRegistry.closed(this);
        ready.clear();
        timers.clear();
        drainInboxAfterClose();
        closeResources();
        executors.shutdownWithoutWaiting();
        watches.closeAll();
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    /**
     * On a fresh platform thread: wake every live task so that it raises CancelledError and ends.
     * Only task steps run; pending callbacks (done callbacks included) are dropped.
     */
    private void unwindTasks() {
        thread = Thread.currentThread();
        CURRENT.set(this);
        try {
            for (Task<?> t = liveHead; t != null; t = t.nextLive) {
                t.wakeForClose();
            }
            long budget = 1_000_000L + 100L * liveCount;
            while (liveCount > 0 && budget-- > 0) {
                drainInbox();
                Object o = eager.pollUrgent();
                if (o == null) {
                    o = ready.poll();
                }
                if (o == null) {
                    break; // the rest are blocked outside the loop; they unwind on a fallback thread
                }
                if (!(o instanceof Handle)) {
                    runStep((Runnable) o); // only task steps: callbacks are dropped, as asyncio's close() does
                }
            }
        } finally {
            CURRENT.remove();
            thread = null;
        }
    }

    private void closeResources() {
        for (AutoCloseable r : List.copyOf(resources)) {
            try {
                r.close();
            } catch (Exception e) {
                callExceptionHandler(Map.of("message", "Error closing " + r + " with the loop", "exception", e));
            }
        }
        resources.clear();
    }

    private void drainInboxAfterClose() {
        Object o;
        while ((o = inbox.poll()) != null) {
            if (!(o instanceof Handle)) {
                Orphans.run((Runnable) o); // a task continuation: let it unwind
            }
        }
    }

    private void checkClosed() {
        if (closed || closing) {
            throw new IllegalStateException("Event loop is closed");
        }
    }

    /** Debug mode: a loop-confined operation from another thread raises, as asyncio's {@code _check_thread}. */
    void checkThread() {
        if (debug && running && !inLoop()) {
            throw new IllegalStateException(
                    "Non-thread-safe operation invoked on an event loop other than the current one");
        }
    }

    // ----- I/O readiness (the selector the networking layer plugs into) -----

    /** Calls {@code callback} on the loop whenever the channel is readable; replaces a previous one. */
    public Handle addReader(SelectableChannel channel, Runnable callback) {
        Args.notNull(channel, "channel");
        checkClosed();
        checkThread();
        return watches.watch(channel, SelectionKey.OP_READ | SelectionKey.OP_ACCEPT, new Handle(this, requireCallback(callback),
                Context.captureForCallback()));
    }

    /** Stops watching the channel for reading; returns whether it was watched. */
    public boolean removeReader(SelectableChannel channel) {
        Args.notNull(channel, "channel");
        return !closed && watches.unwatch(channel, SelectionKey.OP_READ | SelectionKey.OP_ACCEPT);
    }

    /** Calls {@code callback} on the loop whenever the channel is writable (or connectable). */
    public Handle addWriter(SelectableChannel channel, Runnable callback) {
        Args.notNull(channel, "channel");
        checkClosed();
        checkThread();
        return watches.watch(channel, SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT, new Handle(this, requireCallback(callback),
                Context.captureForCallback()));
    }

    /** Stops watching the channel for writing; returns whether it was watched. */
    public boolean removeWriter(SelectableChannel channel) {
        Args.notNull(channel, "channel");
        return !closed && watches.unwatch(channel, SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT);
    }

    // ----- networking: thin entry points (issue 5); the work is in io.jasyncio.internal.net -----

    /**
     * Opens a TCP connection: asyncio's {@code loop.create_connection}. Suspends while {@code host}
     * is resolved (off the loop thread unless it is an IP literal) and each address is tried in
     * turn (IPv4 and IPv6); returns once the protocol's {@code connectionMade} has run.
     *
     * @throws java.net.ConnectException naming the address(es) if the connection is refused
     * @throws java.net.UnknownHostException if the name does not resolve
     * @throws CancelledError if the calling task is cancelled
     */
    public <P extends Protocol> TransportAndProtocol<P> createConnection(Supplier<P> protocolFactory, String host,
            int port) throws IOException {
        Args.notNull(protocolFactory, "protocolFactory");
        Args.notNull(host, "host");
        return Connector.createConnection(this, protocolFactory, host, port);
    }

    /** Opens a Unix-socket connection: asyncio's {@code create_unix_connection}. Suspends. */
    public <P extends Protocol> TransportAndProtocol<P> createUnixConnection(Supplier<P> protocolFactory, Path path)
            throws IOException {
        Args.notNull(protocolFactory, "protocolFactory");
        Args.notNull(path, "path");
        return Connector.createUnixConnection(this, protocolFactory, path);
    }

    /**
     * Starts a TCP server on {@code host} ({@code null}: every interface) and {@code port} (0: any
     * free port): asyncio's {@code loop.create_server}. Suspends while the host is resolved.
     */
    public Server createServer(Supplier<? extends Protocol> protocolFactory, String host, int port) throws IOException {
        Args.notNull(protocolFactory, "protocolFactory");
        return SocketServer.create(this, protocolFactory, ServerOptions.of(host, port));
    }

    /** {@link #createServer(Supplier, String, int)} with every option (hosts, backlog, reuse...). */
    public Server createServer(Supplier<? extends Protocol> protocolFactory, ServerOptions options) throws IOException {
        Args.notNull(protocolFactory, "protocolFactory");
        Args.notNull(options, "options");
        return SocketServer.create(this, protocolFactory, options);
    }

    /** Starts a Unix-socket server at {@code path}: asyncio's {@code create_unix_server}. */
    public Server createUnixServer(Supplier<? extends Protocol> protocolFactory, Path path, ServerOptions options)
            throws IOException {
        Args.notNull(protocolFactory, "protocolFactory");
        Args.notNull(path, "path");
        Args.notNull(options, "options");
        return SocketServer.createUnix(this, protocolFactory, path, options);
    }

    // ----- TLS (issue 10): the layer is io.jasyncio.internal.tls, asyncio's sslproto -----

    /**
     * {@link #createConnection(Supplier, String, int)} over TLS ({@code ssl=}): returns once the
     * TLS handshake is done and the protocol's {@code connectionMade} has run.
     *
     * @throws javax.net.ssl.SSLException naming the cause if the handshake fails or times out
     */
    public <P extends Protocol> TransportAndProtocol<P> createConnection(Supplier<P> protocolFactory, String host,
            int port, io.jasyncio.tls.TlsOptions ssl) throws IOException {
        return Connector.createConnection(this, protocolFactory, host, port, Args.notNull(ssl, "ssl"));
    }

    /** {@link #createUnixConnection(Supplier, Path)} over TLS (the options must name the server). Suspends. */
    public <P extends Protocol> TransportAndProtocol<P> createUnixConnection(Supplier<P> protocolFactory, Path path,
            io.jasyncio.tls.TlsOptions ssl) throws IOException {
        return Connector.createUnixConnection(this, protocolFactory, path, Args.notNull(ssl, "ssl"));
    }

    /** {@link #createServer(Supplier, ServerOptions)} serving TLS: each protocol is connected after its handshake. */
    public Server createServer(Supplier<? extends Protocol> protocolFactory, ServerOptions options,
            io.jasyncio.tls.TlsOptions ssl) throws IOException {
        return SocketServer.create(this, protocolFactory, options, Args.notNull(ssl, "ssl"));
    }

    /** {@link #createUnixServer(Supplier, Path, ServerOptions)} serving TLS. */
    public Server createUnixServer(Supplier<? extends Protocol> protocolFactory, Path path, ServerOptions options,
            io.jasyncio.tls.TlsOptions ssl) throws IOException {
        return SocketServer.createUnix(this, protocolFactory, path, options, Args.notNull(ssl, "ssl"));
    }

    /**
     * Wraps a connection accepted outside the loop's servers in a transport of this loop and
     * connects a protocol from {@code protocolFactory}: asyncio's
     * {@code loop.connect_accepted_socket(protocol_factory, sock)}. Use it for a channel accepted
     * by hand ({@link #sockAccept}, a blocking {@code ServerSocketChannel}, one inherited from a
     * supervisor) or handed over by another loop's acceptor; {@link EventLoopGroup}'s
     * {@link GroupServer.Balancing#ONE_ACCEPTOR one-acceptor} servers serve their channels on this
     * same path. The channel is made non-blocking (TCP_NODELAY on TCP) and belongs to the
     * transport from now on: closing the transport closes it. Suspends until the protocol's
     * {@code connectionMade} has run. Loop thread only (call it from a task of this loop).
     *
     * @throws NullPointerException naming the argument if one is null
     * @throws IllegalArgumentException if the channel is closed or not connected
     * @throws IOException if the channel cannot be configured (it is closed)
     * @throws CancelledError if the calling task is cancelled (the connection is closed)
     */
    public <P extends Protocol> TransportAndProtocol<P> connectAcceptedSocket(Supplier<P> protocolFactory,
            SocketChannel channel) throws IOException {
        Args.notNull(protocolFactory, "protocolFactory");
        Args.notNull(channel, "channel");
        return Connector.connectAccepted(this, protocolFactory, channel, null);
    }

    /**
     * {@link #connectAcceptedSocket(Supplier, SocketChannel)} serving TLS on the channel
     * (asyncio's {@code ssl=}: the server side of the handshake, which must hold a context with
     * the server's key and certificate). Suspends until the handshake is done and
     * {@code connectionMade} has run.
     *
     * @throws javax.net.ssl.SSLException naming the cause if the handshake fails or times out (the channel is closed)
     */
    public <P extends Protocol> TransportAndProtocol<P> connectAcceptedSocket(Supplier<P> protocolFactory,
            SocketChannel channel, io.jasyncio.tls.TlsOptions ssl) throws IOException {
        Args.notNull(protocolFactory, "protocolFactory");
        Args.notNull(channel, "channel");
        return Connector.connectAccepted(this, protocolFactory, channel, Args.notNull(ssl, "ssl"));
    }

    /**
     * Sends a file over a transport: asyncio's {@code loop.sendfile(transport, file, offset, count)}.
     * On a plain TCP or Unix-socket transport the bytes go with {@link FileChannel#transferTo}
     * straight from the file to the socket ({@code sendfile(2)} on Linux: zero copy, the JVM
     * never sees them), after the bytes already queued on the transport; otherwise (TLS, pipes)
     * the file is read in pieces off the loop thread and written with the transport's flow
     * control (asyncio's fallback; {@link #sendfile(io.jasyncio.transports.Transport, FileChannel,
     * long, long, boolean)} with {@code fallback} false refuses instead). While it runs, reading is
     * paused and, on a socket, {@code write()} is refused. Afterwards the file's position is
     * {@code offset} plus the bytes sent, as asyncio leaves it. Suspends until every byte has been
     * handed to the socket (or the fallback's last piece to the transport).
     *
     * <p>Like asyncio's native path it reads the file on the loop thread, inside the kernel:
     * pages not in the page cache make the loop wait for the disk.
     *
     * @param offset where to start in the file
     * @param count how many bytes at most (fewer if the file ends first)
     * @return the bytes sent
     * @throws NullPointerException naming the argument if one is null
     * @throws IllegalArgumentException if {@code offset} is negative or {@code count} is not positive
     * @throws IllegalStateException if the transport is closing, or a sendfile already runs on it
     * @throws IOException if the file cannot be read or the connection is lost meanwhile
     * @throws CancelledError if the calling task is cancelled (the transport is left as it is:
     *     some of the file may have been sent, so a protocol with framing should close it)
     */
    public long sendfile(io.jasyncio.transports.Transport transport, FileChannel file, long offset, long count)
            throws IOException {
        return sendfile(transport, file, offset, count, true);
    }

    /**
     * {@link #sendfile(io.jasyncio.transports.Transport, FileChannel, long, long)} with asyncio's
     * {@code fallback} argument: when it is false and zero copy is impossible — a TLS or other
     * non-socket transport, a file channel not of the JDK's default file system (its
     * {@code transferTo} may copy through the JVM), or a file of size 0 (a FIFO, a device, a
     * {@code /proc} file, which the JDK reads through the JVM; an empty file too) — nothing is sent and
     * {@link SendfileNotAvailableError} is thrown, instead of reading and writing the file.
     *
     * @throws SendfileNotAvailableError if {@code fallback} is false and there is no zero-copy path
     */
    public long sendfile(io.jasyncio.transports.Transport transport, FileChannel file, long offset, long count,
            boolean fallback) throws IOException {
        Args.notNull(transport, "transport");
        Args.notNull(file, "file");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be a non-negative integer (got " + offset + ")");
        }
        if (count <= 0) {
            throw new IllegalArgumentException("count must be a positive integer (got " + count + ")");
        }
        checkThread();
        return io.jasyncio.internal.net.Sendfile.send(this, transport, file, offset, count, fallback);
    }

    /** {@link #sendfile(io.jasyncio.transports.Transport, FileChannel, long, long)} of the whole file (offset 0, to its end). */
    public long sendfile(io.jasyncio.transports.Transport transport, FileChannel file) throws IOException {
        Args.notNull(transport, "transport");
        Args.notNull(file, "file");
        long size = file.size();
        return size == 0 ? 0 : sendfile(transport, file, 0, size);
    }

    /**
     * Upgrades a live connection to TLS: asyncio's {@code loop.start_tls} (STARTTLS). Suspends
     * until the handshake is done and returns the new transport; {@code protocol} now gets the
     * plaintext and is not told {@code connectionMade} again.
     *
     * @throws javax.net.ssl.SSLException if the handshake fails or times out (the connection is closed)
     * @throws IllegalArgumentException if the transport is closing or already TLS
     * @throws CancelledError if the calling task is cancelled (the connection is closed)
     */
    public io.jasyncio.transports.Transport startTls(io.jasyncio.transports.Transport transport, Protocol protocol,
            io.jasyncio.tls.TlsOptions ssl,
            boolean serverSide) {
        return io.jasyncio.internal.tls.Tls.startTls(this, transport, protocol, ssl, serverSide, null);
    }

    /**
     * Creates a UDP endpoint: asyncio's {@code create_datagram_endpoint}. {@code local} (may be
     * null) is bound; {@code remote} (may be null) is connected, then {@code sendto} needs no address.
     */
    public <P extends DatagramProtocol> DatagramEndpoint<P> createDatagramEndpoint(Supplier<P> protocolFactory,
            InetSocketAddress local, InetSocketAddress remote) throws IOException {
        Args.notNull(protocolFactory, "protocolFactory");
        return DatagramSocketTransport.create(this, protocolFactory, local, remote);
    }

    /** Suspends until up to {@code n} bytes arrive: asyncio's {@code sock_recv}; empty at EOF. */
    public byte[] sockRecv(SocketChannel channel, int n) throws IOException {
        return SocketOps.recv(this, channel, n);
    }

    /**
     * Suspends until bytes arrive into {@code buffer}: asyncio's {@code sock_recv_into}. Returns
     * their count, or -1 at EOF (asyncio returns 0; -1 is the JDK's convention).
     */
    public int sockRecvInto(SocketChannel channel, ByteBuffer buffer) throws IOException {
        return SocketOps.recvInto(this, channel, buffer);
    }

    /** Suspends until all of {@code data}'s remaining bytes are sent: asyncio's {@code sock_sendall}. */
    public void sockSendall(SocketChannel channel, ByteBuffer data) throws IOException {
        SocketOps.sendall(this, channel, data);
    }

    /**
     * Sends a file over a non-blocking socket: asyncio's {@code loop.sock_sendfile(sock, file,
     * offset, count)}, with {@link FileChannel#transferTo} straight from the file to the socket
     * ({@code sendfile(2)} on Linux, no copy through the JVM). Suspends while the socket is full;
     * returns the bytes sent (fewer than {@code count} if the file ends first) and leaves the
     * file's position after them, as asyncio does. The file is read inside the kernel on the loop
     * thread (as asyncio's native path): pages not cached make the loop wait for the disk. A file
     * channel not of the JDK's default file system, or a file of size 0 (a FIFO, a {@code /proc}
     * file), has no zero-copy path: it is read in pieces off
     * the loop thread and sent with {@link #sockSendall} (asyncio's fallback).
     *
     * @throws NullPointerException naming the argument if one is null
     * @throws IllegalArgumentException if the socket is blocking, {@code offset} is negative or
     *     {@code count} is not positive
     * @throws IOException if the file cannot be read or the socket fails
     * @throws CancelledError if the calling task is cancelled (part of the file may have been sent)
     */
    public long sockSendfile(SocketChannel channel, FileChannel file, long offset, long count) throws IOException {
        return sockSendfile(channel, file, offset, count, true);
    }

    /**
     * {@link #sockSendfile(SocketChannel, FileChannel, long, long)} with asyncio's {@code fallback}
     * argument: when it is false and the file channel has no zero-copy path (not of the JDK's
     * default file system, or a file of size 0), nothing is sent and {@link SendfileNotAvailableError} is thrown.
     *
     * @throws SendfileNotAvailableError if {@code fallback} is false and there is no zero-copy path
     */
    public long sockSendfile(SocketChannel channel, FileChannel file, long offset, long count, boolean fallback)
            throws IOException {
        Args.notNull(channel, "channel");
        Args.notNull(file, "file");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be a non-negative integer (got " + offset + ")");
        }
        if (count <= 0) {
            throw new IllegalArgumentException("count must be a positive integer (got " + count + ")");
        }
        return SocketOps.sendfile(this, channel, file, offset, count, fallback);
    }

    /** {@link #sockSendfile(SocketChannel, FileChannel, long, long)} of the whole file (offset 0, to its end). */
    public long sockSendfile(SocketChannel channel, FileChannel file) throws IOException {
        Args.notNull(channel, "channel");
        Args.notNull(file, "file");
        long size = file.size();
        return size == 0 ? 0 : sockSendfile(channel, file, 0, size);
    }

    /** Suspends until {@code channel} is connected: asyncio's {@code sock_connect}. */
    public void sockConnect(SocketChannel channel, SocketAddress address) throws IOException {
        SocketOps.connect(this, channel, address);
    }

    /** Suspends until a connection arrives and returns it: asyncio's {@code sock_accept}. */
    public SocketChannel sockAccept(ServerSocketChannel server) throws IOException {
        return SocketOps.accept(this, server);
    }

    /**
     * Suspends until a datagram arrives on {@code channel} (non-blocking) and returns up to
     * {@code bufsize} of its bytes with the sender: asyncio's {@code sock_recvfrom}.
     */
    public io.jasyncio.transports.Datagram sockRecvfrom(java.nio.channels.DatagramChannel channel, int bufsize)
            throws IOException {
        return io.jasyncio.internal.net.DatagramOps.recvfrom(this, channel, bufsize);
    }

    /**
     * Suspends until a datagram arrives and puts it in {@code buffer} (what does not fit is
     * dropped): asyncio's {@code sock_recvfrom_into}. Returns the byte count and the sender.
     */
    public io.jasyncio.transports.DatagramReceipt sockRecvfromInto(java.nio.channels.DatagramChannel channel,
            ByteBuffer buffer) throws IOException {
        return io.jasyncio.internal.net.DatagramOps.recvfromInto(this, channel, buffer);
    }

    /**
     * Suspends until {@code data}'s remaining bytes are sent as one datagram to {@code address}
     * (null: the connected peer): asyncio's {@code sock_sendto}. Returns the bytes sent.
     */
    public int sockSendto(java.nio.channels.DatagramChannel channel, ByteBuffer data, SocketAddress address)
            throws IOException {
        return io.jasyncio.internal.net.DatagramOps.sendto(this, channel, data, address);
    }

    // ----- subprocesses (issue 9); the work is in io.jasyncio.internal.proc -----

    /**
     * Starts {@code command} (program first, no shell) and connects a protocol from
     * {@code protocolFactory}: asyncio's {@code loop.subprocess_exec}. Suspends while the child
     * starts, off the loop thread.
     *
     * @throws IOException the JDK's error naming the program (not found, bad cwd)
     * @throws CancelledError if the calling task is cancelled (a child started meanwhile is killed)
     */
    public <P extends SubprocessProtocol> SubprocessEndpoint<P> subprocessExec(Supplier<P> protocolFactory,
            SubprocessOptions options, java.util.List<String> command) throws IOException {
        java.util.Objects.requireNonNull(protocolFactory, "protocolFactory must not be null");
        java.util.Objects.requireNonNull(options, "options must not be null");
        java.util.Objects.requireNonNull(command, "command must not be null");
        return ProcessTransport.start(this, java.util.List.copyOf(command), options, protocolFactory);
    }

    /** {@link #subprocessExec} through {@code /bin/sh -c command}: asyncio's {@code subprocess_shell}. */
    public <P extends SubprocessProtocol> SubprocessEndpoint<P> subprocessShell(Supplier<P> protocolFactory,
            SubprocessOptions options, String command) throws IOException {
        java.util.Objects.requireNonNull(protocolFactory, "protocolFactory must not be null");
        java.util.Objects.requireNonNull(options, "options must not be null");
        java.util.Objects.requireNonNull(command, "command must not be null");
        return ProcessTransport.start(this, java.util.List.of("/bin/sh", "-c", command), options, protocolFactory);
    }

    // ----- OS signals (issue 9); the process-wide table is io.jasyncio.internal.SignalDispatch -----

    /**
     * Calls {@code callback} on this loop each time the process receives signal {@code signum}:
     * asyncio's {@code loop.add_signal_handler}. It replaces this loop's previous handler of that
     * signal, and the signal's default: a SIGTERM no longer exits the JVM (nor runs its shutdown
     * hooks) until {@link #removeSignalHandler} or {@link #close()} puts the JVM's handler back.
     * The callback runs like one given to {@link #callSoonThreadsafe}, in a copy of the caller's
     * context taken now; an exception from it goes to the loop's exception handler. Signals that
     * arrive while the loop is not running are handled when it runs.
     *
     * <p>Differences from asyncio: any loop may handle signals, not only the main thread's, and
     * several loops may handle the same one (each is called, in the order they registered). Signal
     * numbers differ between systems; {@link #addSignalHandler(String, Runnable)} takes the name.
     * The JVM lets Java code catch SIGHUP, SIGINT, SIGTERM, SIGUSR1, SIGWINCH, SIGCHLD and most
     * others, but not SIGKILL, SIGSTOP, SIGQUIT (thread dumps), SIGILL, SIGFPE, SIGSEGV, SIGBUS,
     * SIGPIPE, SIGXFSZ, SIGUSR2 (HotSpot suspends threads with it unless {@code _JAVA_SR_SIGNUM}
     * moves that elsewhere), nor SIGHUP/SIGINT/SIGTERM under {@code -Xrs} or when the process was
     * started with them ignored (docs/subprocesses.md, "Signals and the JVM").
     *
     * <p>While the loop runs, call it from the loop (a task or a callback); before it runs, from any
     * thread.
     *
     * @throws IllegalArgumentException if no signal has that number (asyncio's ValueError)
     * @throws IllegalStateException if the JVM cannot let Java code catch that signal (asyncio's
     *         RuntimeError "cannot be caught"), if the loop is closed, or if it runs and the caller
     *         is not on it
     */
    public void addSignalHandler(int signum, Runnable callback) {
        LoopSignals.requireCallback(callback);
        LoopSignals.add(this, io.jasyncio.internal.OsSignal.of(signum), callback);
    }

    /**
     * {@link #addSignalHandler(int, Runnable)} for the signal named {@code name}: {@code "SIGTERM"}
     * or {@code "TERM"}.
     *
     * @throws IllegalArgumentException if this system has no signal of that name
     * @throws IllegalStateException as {@link #addSignalHandler(int, Runnable)}
     */
    public void addSignalHandler(String name, Runnable callback) {
        Args.notNull(name, "name");
        LoopSignals.requireCallback(callback);
        LoopSignals.add(this, io.jasyncio.internal.OsSignal.of(name), callback);
    }

    /**
     * Removes this loop's handler of signal {@code signum}: asyncio's
     * {@code loop.remove_signal_handler}. When no loop handles the signal any more, the handler it
     * had before is back (for SIGHUP, SIGINT and SIGTERM the JVM's: exit through the shutdown hooks).
     *
     * @return whether this loop had a handler for it
     * @throws IllegalArgumentException if no signal has that number
     * @throws IllegalStateException if the loop runs and the caller is not on it
     */
    public boolean removeSignalHandler(int signum) {
        return LoopSignals.remove(this, io.jasyncio.internal.OsSignal.of(signum));
    }

    /** {@link #removeSignalHandler(int)} for the signal named {@code name} ({@code "SIGTERM"} or {@code "TERM"}). */
    public boolean removeSignalHandler(String name) {
        Args.notNull(name, "name");
        return LoopSignals.remove(this, io.jasyncio.internal.OsSignal.of(name));
    }

    // ----- executors -----

    /**
     * Runs {@code fn} on {@code executor} ({@code null}: the default executor of platform threads)
     * and returns a future of its result. Cancelling the future cancels the work if it has not
     * started. The default executor uses platform threads because a virtual thread started from
     * a task would inherit the loop as its scheduler (DESIGN §7 hazard 6).
     */
    public <T> Future<T> runInExecutor(Executor executor, Callable<T> fn) {
        Args.notNull(fn, "fn");
        checkClosed();
        checkThread();
        return executors.submit(executor, fn);
    }

    /** Sets the executor {@link #runInExecutor} uses when given none. */
    public void setDefaultExecutor(ExecutorService executor) {
        Args.notNull(executor, "executor");
        executors.setDefault(executor);
    }

    /**
     * Shuts the default executor down and suspends until its threads have finished their work.
     * A coroutine function: call it from a task.
     */
    public void shutdownDefaultExecutor() {
        executors.shutdownAndAwait();
    }

    // ----- errors and debug mode -----

    /** Sets the handler for errors nobody else receives; {@code null} restores the default. */
    public void setExceptionHandler(ExceptionHandler handler) {
        exceptionHandler = handler;
    }

    /** The handler set by {@link #setExceptionHandler}, or null for the default. */
    public ExceptionHandler getExceptionHandler() {
        return exceptionHandler;
    }

    /** Hands the context to the exception handler (or the default one). Never throws. */
    public void callExceptionHandler(Map<String, Object> context) {
        Args.notNull(context, "context");
        ExceptionHandler h = exceptionHandler;
        if (h == null) {
            defaultExceptionHandlerNeverThrowing(context);
            return;
        }
        try {
            h.handle(this, context);
        } catch (Throwable t) {
            Map<String, Object> ctx = new LinkedHashMap<>();
            ctx.put("message", "Unhandled error in exception handler");
            ctx.put("exception", t);
            ctx.put("context", context);
            defaultExceptionHandlerNeverThrowing(ctx);
        }
    }

    private void defaultExceptionHandlerNeverThrowing(Map<String, Object> context) {
        try {
            defaultExceptionHandler(context);
        } catch (Throwable t) {
            DefaultExceptionLog.handlerFailed(t);
        }
    }

    /** Logs the context through {@link System.Logger} {@code io.jasyncio} at level ERROR. */
    public void defaultExceptionHandler(Map<String, Object> context) {
        Args.notNull(context, "context");
        DefaultExceptionLog.log(context);
    }

    void reportCallbackError(Handle h, Throwable t) {
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("message", "Exception in callback " + h.callbackForDisplay());
        ctx.put("exception", t);
        ctx.put("handle", h);
        callExceptionHandler(ctx);
    }

    /** For reports made off the loop thread (garbage collection): delivered on the loop if it runs. */
    void reportFromAnyThread(Map<String, Object> context) {
        if (running && !closed) {
            try {
                callSoonThreadsafe(() -> callExceptionHandler(context));
                return;
            } catch (IllegalStateException closedMeanwhile) {
                // fall through
            }
        }
        callExceptionHandler(context);
    }

    /** Enables or disables debug mode (slow-step reports, a watchdog, thread checks). */
    public void setDebug(boolean enabled) {
        debug = enabled;
        Thread t = thread;
        if (enabled && running && watchdog == null && t != null && inLoop()) {
            watchdog = Watchdog.start(this, t); // switched on mid-run: watch from now on
        }
    }

    /** Whether debug mode is on. */
    public boolean getDebug() {
        return debug;
    }

    /** In debug mode, steps longer than this many seconds are reported (default 0.1). */
    public void setSlowCallbackDuration(double seconds) {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("slowCallbackDuration must be positive: " + seconds);
        }
        slowCallbackDuration = seconds;
    }

    /**
     * The exceptions set on this loop's futures and tasks while debug mode was on that nobody has
     * retrieved yet (with {@code result()}, {@code exception()} or {@code await()}) and that were
     * not reported as "never retrieved" by the garbage collector already. A hook for test
     * harnesses such as jasyncio-test's {@code @AsyncioTest}, which fails a test that leaves one:
     * asyncio reports them only when the future is collected, which a test cannot wait for.
     * Thread-safe; an immutable snapshot, empty outside debug mode.
     */
    public List<Throwable> unretrievedExceptions() {
        return unretrieved.snapshot();
    }

    /** See {@link #setSlowCallbackDuration}. */
    public double getSlowCallbackDuration() {
        return slowCallbackDuration;
    }

    /** The name of the task scheduler in use: {@code "loop"} or {@code "portable"}. */
    public String schedulerName() {
        return scheduler.name();
    }

    @Override
    public String toString() {
        return "<EventLoop " + id + " running=" + running + " closed=" + closed + " debug=" + debug + ">";
    }
}
