package io.jasyncio;

import io.jasyncio.internal.ContextCell;

/**
 * A callback scheduled on a loop by {@link EventLoop#callSoon}: asyncio's {@code Handle}. It runs
 * in the {@link Context} captured when it was scheduled (or the one given), never in the loop
 * thread's or another callback's.
 *
 * <p>Loop-confined, except {@link #cancel()}, which may be called from any thread to keep a
 * callback that has not started from running (it then simply does not run).
 */
public sealed class Handle permits TimerHandle {
    private volatile Runnable callback;
    private volatile boolean cancelled;
    final EventLoop loop;
    /**
     * The context the callback runs in; null for a fresh empty one. A callback that sets a
     * variable in a fresh one keeps that context for its next run (a reader's handle runs many
     * times, and asyncio's handle keeps the context it copied).
     */
    private Context context;

    Handle(EventLoop loop, Runnable callback, Context context) {
        this.loop = loop;
        this.callback = callback;
        this.context = context;
    }

    /** Keeps the callback from running, if it has not run yet. Idempotent. */
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            callback = null; // release what the callback captured
        }
    }

    /** Whether {@link #cancel()} was called. */
    public boolean cancelled() {
        return cancelled;
    }

    /**
     * Runs the callback unless cancelled, in its context entered in {@code cell} (the running
     * thread's: the loop's, or under the portable scheduler the task's whose thread runs the
     * callback), then restores the cell. Errors go to the loop's exception handler.
     */
    final void run(ContextCell cell) {
        Runnable cb = callback;
        if (cb == null) {
            return;
        }
        Context saved = cell.vars;
        Context mine = context;
        cell.vars = mine;
        Throwable error = null;
        try {
            cb.run();
        } catch (Throwable t) {
            error = t;
        }
        if (mine == null) {
            context = cell.vars;
        }
        cell.vars = saved;
        if (error != null) {
            loop.reportCallbackError(this, error);
        }
    }

    /** The context the callback runs in (a fresh empty one if it was scheduled from an empty one). */
    public final Context getContext() {
        Context c = context;
        if (c == null) {
            c = new Context();
            context = c;
        }
        return c;
    }

    /** The callback, for error messages and debug reports. */
    final Object callbackForDisplay() {
        return callback;
    }

    @Override
    public String toString() {
        Runnable cb = callback;
        return getClass().getSimpleName() + (cancelled ? "(cancelled)" : "(" + cb + ")");
    }
}
