package io.jasyncio;

import io.jasyncio.internal.Args;
import io.jasyncio.internal.Sneaky;

/**
 * A deadline for a block of code: asyncio's {@code asyncio.Timeout}, made by
 * {@link Asyncio#timeout(double)} or {@link Asyncio#timeoutAt(double)} and entered once with
 * {@link #run(Coroutine)} (or in one step with {@link Asyncio#timeout(double, Coroutine)}).
 *
 * <p>Loop-confined: use it from the task that runs it.
 *
 * <p>When the deadline passes, the task running the block is cancelled; when the block then ends
 * with that {@link CancelledError}, {@code run} raises {@link TimeoutError} instead (its cause is
 * the cancellation). Only the block whose own deadline expired converts the cancellation: a
 * cancellation requested from outside (counted by {@link Task#cancelling()}) stays a
 * {@code CancelledError}, and so does the one an outer expired timeout sent through an inner block.
 * A lambda-scoped form, not try-with-resources: {@code close()} could not replace the body's
 * exception with a {@code TimeoutError}.
 *
 * <pre>{@code
 * Timeout t = Asyncio.timeout(10);
 * String page = t.run(() -> {
 *     String head = readHead();
 *     t.reschedule(Asyncio.getRunningLoop().time() + 30); // the body takes longer: move the deadline
 *     return head + readBody();
 * });
 * }</pre>
 */
public final class Timeout {
    private static final long NEVER = Long.MAX_VALUE;

    /** asyncio's {@code timeouts._State}, with its names. */
    private enum State {
        CREATED("created"), ENTERED("active"), EXPIRING("expiring"), EXPIRED("expired"), EXITED("finished");

        final String value;

        State(String value) {
            this.value = value;
        }
    }

    private State state = State.CREATED;
    /** Deadline on the loop's clock in nanoseconds, or {@link #NEVER}. */
    private long whenNanos;
    /** The deadline as given (asyncio's {@code when()} returns that float), or null. */
    private Double when;
    private Handle handle;
    private Task<?> task;
    private int cancellingAtEntry;

    private Timeout(long whenNanos, Double when) {
        this.whenNanos = whenNanos;
        this.when = when;
    }

    /** A timeout {@code delay} seconds from now on the running loop; infinite: no deadline. */
    static Timeout after(double delay) {
        if (delay == Double.POSITIVE_INFINITY) {
            return new Timeout(NEVER, null);
        }
        // Same arithmetic as callLater, so a sleep of the same length ends at the very same instant.
        EventLoop loop = Asyncio.getRunningLoop();
        long now = loop.nowNanos();
        return new Timeout(EventLoop.deadlineAfter(now, delay), now / 1e9 + delay); // asyncio: loop.time() + delay
    }

    /** A timeout at loop time {@code when}; infinite: no deadline. */
    static Timeout at(double when) {
        return new Timeout(toNanos(when), when == Double.POSITIVE_INFINITY ? null : when);
    }

    private static long toNanos(double when) {
        return when == Double.POSITIVE_INFINITY ? NEVER : EventLoop.deadlineAt(when);
    }

    /** The deadline on the loop's clock ({@link EventLoop#time()}), or null if there is none. */
    public Double when() {
        return when;
    }

    /**
     * Moves the deadline to loop time {@code when}; a deadline already past expires the timeout on
     * the next loop iteration. Only while the block runs.
     *
     * @throws IllegalStateException if the block has not started or has ended
     */
    public void reschedule(double when) {
        reschedule(when == Double.POSITIVE_INFINITY ? null : Double.valueOf(when));
    }

    /** Like {@link #reschedule(double)}; {@code null} removes the deadline (asyncio's None). */
    public void reschedule(Double when) {
        rescheduleNanos(when == null ? NEVER : toNanos(when), when == null || when == Double.POSITIVE_INFINITY ? null : when);
    }

    private void rescheduleNanos(long when, Double given) {
        if (state != State.ENTERED) {
            throw new IllegalStateException(state == State.CREATED ? "Timeout has not been entered"
                    : "Cannot change state of " + state.value + " Timeout");
        }
        whenNanos = when;
        this.when = given;
        if (handle != null) {
            handle.cancel();
            handle = null;
        }
        if (when != NEVER) {
            EventLoop loop = task.loop;
            handle = when <= loop.nowNanos() ? loop.callSoon(this::onTimeout) : loop.callAtNanos(when, given, this::onTimeout);
        }
    }

    /** Whether the deadline passed and the block was cancelled because of it. */
    public boolean expired() {
        return state == State.EXPIRING || state == State.EXPIRED;
    }

    /**
     * Runs the block under this timeout and returns its value. Suspends wherever the body does.
     * Throws what the body throws, unchanged (checked exceptions included), except that the
     * cancellation caused by this timeout becomes a {@link TimeoutError}.
     *
     * @throws TimeoutError if the deadline passed and the body ended with the resulting cancellation
     * @throws CancelledError if the task is cancelled for another reason
     * @throws IllegalStateException if this timeout was entered before, or outside a task
     */
    public <T> T run(Coroutine<T> body) {
        Args.notNull(body, "body");
        enter();
        T value;
        try {
            value = body.call();
        } catch (Throwable e) {
            throw Sneaky.raise(exit(e));
        }
        exit(null);
        return value;
    }

    /** {@link #run(Coroutine)} for a body without a value. */
    public void run(VoidCoroutine body) {
        Args.notNull(body, "body");
        run(body.asCoroutine());
    }

    private void enter() {
        if (state != State.CREATED) {
            throw new IllegalStateException("Timeout has already been entered");
        }
        Task<?> t = Asyncio.currentTask(); // "no running event loop" outside any loop
        if (t == null) {
            throw new IllegalStateException("Timeout should be used inside a task");
        }
        state = State.ENTERED;
        task = t;
        cancellingAtEntry = t.cancelling();
        rescheduleNanos(whenNanos, when);
    }

    /** What the block ends with: null (a normal exit) or the exception to throw. */
    private Throwable exit(Throwable error) {
        if (handle != null) {
            handle.cancel();
            handle = null;
        }
        if (state == State.EXPIRING) {
            state = State.EXPIRED;
            // Our own cancel request is taken back; if none from outside is left, the
            // cancellation was ours and becomes a TimeoutError (asyncio 3.12 timeouts.py).
            if (task.uncancel() <= cancellingAtEntry && error instanceof CancelledError) {
                return new TimeoutError(null, error);
            }
        } else if (state == State.ENTERED) {
            state = State.EXITED;
        }
        return error;
    }

    private void onTimeout() {
        handle = null;
        task.cancel();
        state = State.EXPIRING;
    }

    /** asyncio's repr: {@code <Timeout [active] when=12.345>} (the deadline only while active). */
    @Override
    public String toString() {
        String when = "";
        if (state == State.ENTERED) {
            when = whenNanos == NEVER ? " when=None" : " when=" + Math.round(whenNanos / 1e6) / 1e3;
        }
        return "<Timeout [" + state.value + "]" + when + ">";
    }
}
