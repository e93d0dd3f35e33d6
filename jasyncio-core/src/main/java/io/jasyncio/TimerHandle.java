package io.jasyncio;

/**
 * A callback scheduled for a point in time by {@link EventLoop#callLater} or
 * {@link EventLoop#callAt}: asyncio's {@code TimerHandle}.
 *
 * <p>Loop-confined, except {@link #cancel()} (see {@link Handle}).
 */
public final class TimerHandle extends Handle implements Comparable<TimerHandle> {
    final long deadlineNanos;
    /** The deadline exactly as the caller gave it (asyncio returns the same float). */
    private final double when;
    /** Scheduling order: timers with equal deadlines run in the order they were scheduled. */
    final long sequence;
    boolean scheduled = true;

    TimerHandle(EventLoop loop, Runnable callback, Context context, long deadlineNanos, double when, long sequence) {
        super(loop, callback, context);
        this.deadlineNanos = deadlineNanos;
        this.when = when;
        this.sequence = sequence;
    }

    /**
     * The loop time, in seconds on the loop's clock ({@link EventLoop#time()}), it is due: the very
     * double given to {@code callAt}, or {@code time() + delay} for {@code callLater}, as asyncio
     * keeps the float it was given. The loop itself orders timers by nanosecond: the first one at
     * which {@code time()} reads at least this value; it runs them up to its clock resolution
     * (1 µs) early, as asyncio's {@code _run_once} does.
     */
    public double when() {
        return when;
    }

    @Override
    public void cancel() {
        if (!cancelled()) {
            super.cancel();
            loop.timerCancelled(this);
        }
    }

    @Override
    public int compareTo(TimerHandle o) {
        int c = Long.compare(deadlineNanos, o.deadlineNanos);
        return c != 0 ? c : Long.compare(sequence, o.sequence);
    }

    @Override
    public String toString() {
        return "TimerHandle(when=" + when() + (cancelled() ? ", cancelled" : "") + ")";
    }
}
