package io.jasyncio;

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
    private Throwable exception;
    private String cancelMessage;
    /** null, one callback, or an ArrayList of them; a Task as callback is a waiter to resume. */
    private Object callbacks;
    private UnretrievedReport unretrieved;

    /** A pending future on the given loop; usually made with {@link EventLoop#createFuture()}. */
    public Future(EventLoop loop) {
        this.loop = loop;
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
        if (state != PENDING) {
            throw new InvalidStateError(stateName() + ": " + this);
        }
        result = value;
        state = FINISHED;
        scheduleCallbacks();
    }

    /** Marks the future done with an exception and schedules its callbacks. */
    public void setException(Throwable exc) {
        if (exc == null) {
            throw new NullPointerException("exception");
        }
        if (state != PENDING) {
            throw new InvalidStateError(stateName() + ": " + this);
        }
        exception = exc;
        state = FINISHED;
        unretrieved = new UnretrievedReport(loop, exc, describeForReport());
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
     * done already, the callback is scheduled at once.
     */
    public final void addDoneCallback(Consumer<? super Future<T>> callback) {
        if (callback == null) {
            throw new NullPointerException("callback");
        }
        if (state != PENDING) {
            scheduleOne(callback);
        } else {
            addCallback(callback);
        }
    }

    /** Removes every registration of the callback; returns how many were removed. */
    public final int removeDoneCallback(Consumer<? super Future<T>> callback) {
        Object cbs = callbacks;
        if (cbs == null) {
            return 0;
        }
        if (cbs instanceof CallbackList list) {
            int before = list.size();
            list.removeIf(c -> c == callback);
            return before - list.size();
        }
        if (cbs == callback) {
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

    final String cancelMessage() {
        return cancelMessage;
    }

    final CancelledError makeCancelledError() {
        return new CancelledError(cancelMessage);
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
        } else {
            Consumer<Object> c = (Consumer<Object>) cb;
            loop.callSoonInternal(() -> c.accept(this));
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

    /** What the unretrieved-exception report names: "Future" or "Task 'name'". */
    String describeForReport() {
        return "Future exception was never retrieved";
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<").append(getClass().getSimpleName()).append(' ')
                .append(stateName().toLowerCase());
        if (state == FINISHED) {
            if (exception != null) {
                sb.append(" exception=").append(exception);
            } else {
                sb.append(" result=").append(result);
            }
        }
        return sb.append('>').toString();
    }

    /** Marker type so a single callback that is itself a list cannot be confused with ours. */
    private static final class CallbackList extends ArrayList<Object> {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Runs when the future is garbage collected: reports the exception if nobody looked at it,
     * as asyncio's {@code Future.__del__} does. Holds no reference to the future itself.
     */
    private static final class UnretrievedReport implements Runnable {
        private final EventLoop loop;
        private final Throwable exception;
        private final String message;
        volatile boolean retrieved;

        UnretrievedReport(EventLoop loop, Throwable exception, String message) {
            this.loop = loop;
            this.exception = exception;
            this.message = message;
        }

        @Override
        public void run() {
            loop.unretrieved.remove(this);
            if (retrieved) {
                return;
            }
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("message", message);
            context.put("exception", exception);
            loop.reportFromAnyThread(context);
        }
    }
}
