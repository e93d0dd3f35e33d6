package io.jasyncio;

import io.jasyncio.internal.Args;
import io.jasyncio.internal.AwaitTarget;
import io.jasyncio.internal.PyRepr;
import io.jasyncio.internal.Sneaky;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A result that will be available later: asyncio's {@code Future}.
 *
 * <p>Loop-confined: every method must be called on the loop's thread (from a callback or a task of
 * that loop). {@link #toCompletableFuture()} is the door out to other threads.
 *
 * <p>Done callbacks are never run inside {@code setResult}: they are scheduled with
 * {@link EventLoop#callSoon} when the future completes, in registration order, and the list is
 * captured at that moment.
 *
 * @param <T> the type of the result
 */
public class Future<T> {
    private static final Cleaner CLEANER = Cleaner.create(
            Thread.ofPlatform().name("jasyncio-unretrieved").daemon().factory());

    private static final byte PENDING = 0, FINISHED = 1, CANCELLED = 2;

    final EventLoop loop;
    private byte state;
    private T result;
    /**
     * FINISHED: the exception, or null for a result. CANCELLED: the CancelledError a task's body
     * raised, until the first retrieval rethrows it (asyncio's {@code _cancelled_exc}). One field
     * for the two, which never coexist: a future is 40 bytes instead of 48, and so is every task 8 less.
     */
    private Throwable exception;
    private String cancelMessage;
    /** null, one callback, or an ArrayList of them; a Task as callback is a waiter to resume. */
    private Object callbacks;
    private UnretrievedReport unretrieved;

    /** A pending future on the given loop; usually made with {@link EventLoop#createFuture()}. */
    public Future(EventLoop loop) {
        Args.notNull(loop, "loop");
        this.loop = loop;
    }

    /** A future of no loop, never completed: only a marker compared by identity (AsCompleted's). */
    static <T> Future<T> marker() {
        return new Future<>();
    }

    private Future() {
        this.loop = null;
    }

    /** The loop this future belongs to. */
    public final EventLoop getLoop() {
        return loop;
    }

    /** Whether the future has a result, an exception, or was cancelled. */
    public final boolean done() {
        return state != PENDING;
    }

    /** Whether the future was cancelled. */
    public final boolean cancelled() {
        return state == CANCELLED;
    }

    /**
     * The result. Throws the future's exception if it has one (unchanged, even checked), a
     * {@link CancelledError} if it was cancelled, and {@link InvalidStateError} if it is not done.
     */
    public final T result() {
        switch (state) {
            case FINISHED:
                if (exception != null) {
                    markRetrieved();
                    throw Sneaky.raise(exception);
                }
                return result;
            case CANCELLED:
                throw makeCancelledError();
            default:
                throw new InvalidStateError("Result is not set.");
        }
    }

    /**
     * The exception, or null if the future has a result. Throws {@link CancelledError} if it was
     * cancelled and {@link InvalidStateError} if it is not done.
     */
    public final Throwable exception() {
        switch (state) {
            case FINISHED:
                markRetrieved();
                return exception;
            case CANCELLED:
                throw makeCancelledError();
            default:
                throw new InvalidStateError("Exception is not set.");
        }
    }

    /** Marks the future done with a result and schedules its callbacks. */
    public void setResult(T value) {
        loop.checkThread();
        if (state != PENDING) {
            throw new InvalidStateError("invalid state");
        }
        result = value;
        state = FINISHED;
        scheduleCallbacks();
    }

    /** Marks the future done with an exception and schedules its callbacks. */
    public void setException(Throwable exception) {
        Throwable exc = Args.notNull(exception, "exception");
        loop.checkThread();
        if (state != PENDING) {
            throw new InvalidStateError("invalid state");
        }
        this.exception = exc;
        state = FINISHED;
        unretrieved = new UnretrievedReport(loop, exc, describeForReport(), toString());
        CLEANER.register(this, unretrieved);
        if (loop.getDebug()) {
            loop.unretrieved.add(unretrieved, exc);
        }
        scheduleCallbacks();
    }

    /** Cancels the future with no message. See {@link #cancel(String)}. */
    public final boolean cancel() {
        return cancel(null);
    }

    /**
     * Cancels the future and schedules its callbacks. Returns false if it was already done.
     * The message is carried by the {@link CancelledError} that awaiting it raises.
     */
    public boolean cancel(String msg) {
        loop.checkThread();
        if (state != PENDING) {
            return false;
        }
        state = CANCELLED;
        cancelMessage = msg;
        scheduleCallbacks();
        return true;
    }

    /**
     * Adds a callback run (through {@code callSoon}) with this future once it is done; if it is
     * done already, the callback is scheduled at once. It runs in a copy of the caller's
     * {@link Context}, taken now (asyncio's {@code add_done_callback}).
     */
    public final void addDoneCallback(Consumer<? super Future<T>> callback) {
        if (callback == null) {
            throw new NullPointerException("callback must not be null");
        }
        Context context = Context.captureForCallback();
        addDoneCallbackIn(context == null ? callback : new InContext(callback, context));
    }

    /** {@link #addDoneCallback(Consumer)} running the callback in {@code context} itself. */
    public final void addDoneCallback(Consumer<? super Future<T>> callback, Context context) {
        if (callback == null) {
            throw new NullPointerException("callback must not be null");
        }
        if (context == null) {
            throw new NullPointerException("context must not be null");
        }
        addDoneCallbackIn(new InContext(callback, context));
    }

    private void addDoneCallbackIn(Object callback) {
        if (state != PENDING) {
            scheduleOne(callback);
        } else {
            addCallback(callback);
        }
    }

    /** Removes every registration of the callback; returns how many were removed. */
    public final int removeDoneCallback(Consumer<? super Future<T>> callback) {
        Args.notNull(callback, "callback");
        Object cbs = callbacks;
        if (cbs == null) {
            return 0;
        }
        if (cbs instanceof CallbackList list) {
            int before = list.size();
            list.removeIf(c -> InContext.unwrap(c) == callback);
            return before - list.size();
        }
        if (InContext.unwrap(cbs) == callback) {
            callbacks = null;
            return 1;
        }
        return 0;
    }

    /**
     * Suspends the calling task until this future is done, then returns its result or throws its
     * exception (the same object, checked exceptions included: catch {@code Exception} and test
     * its type, or read {@link #exception()}). If the future is already done it returns at once
     * without suspending.
     *
     * @throws CancelledError if this future was cancelled or the awaiting task is cancelled
     * @throws IllegalStateException if called outside a task of this future's loop
     */
    public final T await() {
        if (state == PENDING) {
            Task.awaitInCurrentTask(this);
        }
        return result();
    }

    /**
     * A {@link CompletableFuture} completed (from the loop thread) when this future is; usable from
     * any thread. Cancelling the returned future cancels this one, through the loop.
     */
    public final CompletableFuture<T> toCompletableFuture() {
        CompletableFuture<T> cf = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                boolean c = super.cancel(mayInterruptIfRunning);
                if (c && !loop.isClosed()) {
                    try {
                        loop.callSoonThreadsafe(() -> Future.this.cancel());
                    } catch (IllegalStateException closedMeanwhile) {
                        // the loop closed after the check: its futures are gone with it
                    }
                }
                return c;
            }
        };
        Runnable copy = () -> {
            if (cancelled()) {
                cf.completeExceptionally(new java.util.concurrent.CancellationException(cancelMessage));
            } else if (exception != null) {
                markRetrieved();
                cf.completeExceptionally(exception);
            } else {
                cf.complete(result);
            }
        };
        if (state != PENDING) {
            copy.run();
        } else {
            addCallback((Consumer<Future<T>>) f -> copy.run());
        }
        return cf;
    }

    // ----- internals shared with Task -----

    /** The exception of a failed future, without marking it retrieved (for JFR events); else null. */
    final Throwable exceptionIfFailed() {
        return state == FINISHED ? exception : null;
    }

    final String cancelMessage() {
        return cancelMessage;
    }

    /**
     * The CancelledError to raise for this cancelled future: the first time, the very one a
     * task's body raised, if it raised one; otherwise (and afterwards) a new one with the cancel
     * message (asyncio 3.11+'s {@code _make_cancelled_error}, which hands out {@code _cancelled_exc}
     * once, so that an awaiter sees the instance the task raised).
     */
    final CancelledError makeCancelledError() {
        if (exception instanceof CancelledError raised) { // state is CANCELLED here
            exception = null;
            return raised;
        }
        return new CancelledError(cancelMessage);
    }

    /** A task's body ended by raising {@code raised}: the first retrieval of the outcome rethrows it. */
    final void keepRaisedCancel(CancelledError raised) {
        if (state == CANCELLED) { // the field is the exception's in any other state
            exception = raised;
        }
    }

    /** Registers a task to be resumed when this future is done. */
    final void addWaiter(Task<?> task) {
        addCallback(task);
    }

    /** Removes a waiting task (it was woken some other way). */
    final void removeWaiter(Task<?> task) {
        Object cbs = callbacks;
        if (cbs == task) {
            callbacks = null;
        } else if (cbs instanceof CallbackList list) {
            list.remove(task);
        }
    }

    private void addCallback(Object cb) {
        Object cbs = callbacks;
        if (cbs == null) {
            callbacks = cb;
        } else if (cbs instanceof CallbackList list) {
            list.add(cb);
        } else {
            CallbackList list = new CallbackList();
            list.add(cbs);
            list.add(cb);
            callbacks = list;
        }
    }

    private void scheduleCallbacks() {
        Object cbs = callbacks;
        if (cbs == null) {
            return;
        }
        callbacks = null;
        if (cbs instanceof CallbackList list) {
            for (Object cb : list) {
                scheduleOne(cb);
            }
        } else {
            scheduleOne(cbs);
        }
    }

    @SuppressWarnings("unchecked")
    private void scheduleOne(Object cb) {
        if (cb instanceof Task<?> waiter) {
            waiter.wakeUp(); // queued where callSoon(task.__wakeup) would be in asyncio
        } else if (cb instanceof InContext in) {
            Consumer<Object> c = (Consumer<Object>) in.callback;
            loop.callSoonInternal(() -> c.accept(this), in.context);
        } else {
            Consumer<Object> c = (Consumer<Object>) cb;
            loop.callSoonInternal(() -> c.accept(this), null);
        }
    }

    /** A done callback and the context it runs in (a callback alone runs in a fresh empty one). */
    private record InContext(Consumer<?> callback, Context context) {
        static Object unwrap(Object cb) {
            return cb instanceof InContext in ? in.callback : cb;
        }
    }

    private void markRetrieved() {
        UnretrievedReport r = unretrieved;
        if (r != null) {
            r.retrieved = true;
            unretrieved = null;
            loop.unretrieved.remove(r);
        }
    }

    final String stateName() {
        return switch (state) {
            case PENDING -> "PENDING";
            case CANCELLED -> "CANCELLED";
            default -> "FINISHED";
        };
    }

    /** The unretrieved-exception report's message, asyncio's exactly. */
    String describeForReport() {
        return "Future exception was never retrieved";
    }

    /**
     * Python's repr of the future: {@code <Future pending>}, {@code <Future cancelled>},
     * {@code <Future finished result='xxx'>} (the result as {@code reprlib.repr} shows it),
     * {@code <Future finished exception=ValueError('x')>}; a task adds its name.
     */
    @Override
    public String toString() {
        String name = this instanceof AwaitTarget t ? t.reprName() : getClass().getSimpleName();
        StringBuilder sb = new StringBuilder("<").append(name).append(' ')
                .append(reprState());
        reprExtra(sb);
        if (state == FINISHED) {
            if (exception != null) {
                sb.append(" exception=").append(PyRepr.of(exception));
            } else {
                sb.append(" result=").append(PyRepr.of(result));
            }
        }
        return sb.append('>').toString();
    }

    /** The state as asyncio's repr names it (a task being cancelled says "cancelling"). */
    String reprState() {
        return stateName().toLowerCase(java.util.Locale.ROOT);
    }

    /** What a subclass shows after the state (a task: its name). */
    void reprExtra(StringBuilder sb) {
    }

    /** Marker type so a single callback that is itself a list cannot be confused with ours. */
    private static final class CallbackList extends ArrayList<Object> {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Runs when the future is garbage collected: reports the exception if nobody looked at it,
     * as asyncio's {@code Future.__del__} does, with asyncio's keys {@code message},
     * {@code exception} and {@code future}. It cannot hold the future itself (the future would
     * never be collected), so {@code future} is the future's {@code toString()} taken when it failed.
     */
    private static final class UnretrievedReport implements Runnable {
        private final EventLoop loop;
        private final Throwable exception;
        private final String message;
        private final String future;
        volatile boolean retrieved;

        UnretrievedReport(EventLoop loop, Throwable exception, String message, String future) {
            this.loop = loop;
            this.exception = exception;
            this.message = message;
            this.future = future;
        }

        @Override
        public void run() {
            loop.unretrieved.remove(this);
            if (retrieved) {
                return;
            }
            LoopEvents.neverRetrieved(message, exception);
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("message", message);
            context.put("exception", exception);
            context.put("future", future);
            loop.reportFromAnyThread(context);
        }
    }
}
