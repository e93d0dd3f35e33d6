package io.jasyncio;

/**
 * A callback scheduled on a loop by {@link EventLoop#callSoon}: asyncio's {@code Handle}.
 *
 * <p>Loop-confined, except {@link #cancel()}, which may be called from any thread to keep a
 * callback that has not started from running (it then simply does not run).
 */
public sealed class Handle permits TimerHandle {
    private volatile Runnable callback;
    private volatile boolean cancelled;
    final EventLoop loop;

    Handle(EventLoop loop, Runnable callback) {
        this.loop = loop;
        this.callback = callback;
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

    /** Runs the callback unless cancelled; errors go to the loop's exception handler. */
    final void run() {
        Runnable cb = callback;
        if (cb == null) {
            return;
        }
        try {
            cb.run();
        } catch (Throwable t) {
            loop.reportCallbackError(this, t);
        }
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
