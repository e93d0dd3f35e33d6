package io.jasyncio;

import io.jasyncio.internal.Args;
import io.jasyncio.internal.OsSignal;
import io.jasyncio.internal.SignalDispatch;

/**
 * The signal handlers of one loop, asyncio's {@code _UnixSelectorEventLoop._signal_handlers}: each
 * registers a listener with the process-wide {@link SignalDispatch}, which on the signal queues
 * the callback on the loop with {@code callSoonThreadsafe}.
 */
final class LoopSignals {
    private LoopSignals() {}

    static void add(EventLoop loop, OsSignal signal, Runnable callback) {
        checkCaller(loop, "addSignalHandler");
        if (loop.isClosed() || loop.closing) {
            throw new IllegalStateException("Event loop is closed");
        }
        // asyncio's Handle(callback, args, loop, None): one context captured now, used for every delivery
        Context context = Context.copyContext();
        SignalDispatch.put(signal, loop, () -> {
            try {
                loop.callSoonThreadsafe(callback, context);
            } catch (IllegalStateException closedMeanwhile) {
                // the loop closed between the signal and now; close() removes this listener
            }
        });
    }

    static boolean remove(EventLoop loop, OsSignal signal) {
        checkCaller(loop, "removeSignalHandler");
        return SignalDispatch.remove(signal, loop);
    }

    /** From {@link EventLoop#close()}: asyncio's {@code close()} removes the loop's signal handlers. */
    static void removeAll(EventLoop loop) {
        SignalDispatch.removeAll(loop);
    }

    static Runnable requireCallback(Runnable callback) {
        return Args.notNull(callback, "callback");
    }

    /**
     * A running loop's handlers change only from the loop itself (its tasks and callbacks); a loop
     * that is not running may be set up from any thread. asyncio allows only the main thread.
     */
    private static void checkCaller(EventLoop loop, String method) {
        if (loop.isRunning() && !loop.inLoop()) {
            throw new IllegalStateException(method + " called from thread " + Thread.currentThread().getName()
                    + " while the loop runs on another: call it from the loop (a task or a callback), or use "
                    + "callSoonThreadsafe");
        }
    }
}
