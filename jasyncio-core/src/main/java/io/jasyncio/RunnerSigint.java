package io.jasyncio;

import io.jasyncio.internal.OsSignal;
import io.jasyncio.internal.SignalDispatch;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link Runner#run}'s Ctrl-C handling, asyncio's {@code Runner._on_sigint}: the first SIGINT
 * cancels the main task, a second one does what SIGINT does without us (the JVM's handler: exit
 * 130 through the shutdown hooks), as asyncio's second Ctrl-C raises KeyboardInterrupt at once.
 * It listens through the same {@link SignalDispatch} as {@code loop.addSignalHandler}.
 */
final class RunnerSigint implements SignalDispatch.Listener {
    private static final OsSignal INT = OsSignal.of("INT");

    private final EventLoop loop;
    private final Task<?> main;
    private final AtomicInteger count = new AtomicInteger();
    /** Set on the loop thread when the first SIGINT's cancel reached the main task. */
    private volatile boolean cancelled;
    private boolean installed;

    private RunnerSigint(EventLoop loop, Task<?> main) {
        this.loop = loop;
        this.main = main;
    }

    /**
     * Starts listening for one run. asyncio installs its handler only while SIGINT has Python's
     * default handler; likewise this steps aside when a loop handles SIGINT itself, or when the JVM
     * cannot catch it ({@code -Xrs}, or SIGINT ignored from the start as for a background job).
     */
    static RunnerSigint install(EventLoop loop, Task<?> main) {
        RunnerSigint s = new RunnerSigint(loop, main);
        if (!SignalDispatch.hasOtherListeners(INT, s)) {
            try {
                SignalDispatch.put(INT, s, s);
                s.installed = true;
            } catch (IllegalStateException cannotBeCaught) {
                // leave Ctrl-C to the JVM
            }
        }
        return s;
    }

    @Override
    public void onSignal() {
        if (SignalDispatch.hasOtherListeners(INT, this)) {
            return; // a loop's own SIGINT handler (added during the run) takes Ctrl-C over, as in asyncio
        }
        if (count.incrementAndGet() == 1) {
            try {
                loop.callSoonThreadsafe(this::cancelMain);
            } catch (IllegalStateException closedMeanwhile) {
                // the run is over
            }
        } else {
            SignalDispatch.runPrevious(INT);
        }
    }

    private void cancelMain() {
        if (!main.done()) {
            main.cancel();
            cancelled = true;
        }
    }

    /**
     * After the main task ended with CancelledError: whether a Ctrl-C caused it, so that
     * {@code run} raises KeyboardInterrupt (asyncio: {@code uncancel() == 0}). asyncio's handler
     * cancels at the instant of the signal; ours reaches the loop a step later, and if the task ended
     * first, asyncio's extra cancel would have been taken back by that {@code uncancel()}: the count
     * left is the task's {@code cancelling()} as it is.
     */
    boolean causedTheCancellation() {
        if (count.get() == 0) {
            return false;
        }
        return cancelled ? main.uncancel() == 0 : main.cancelling() == 0;
    }

    /** Stops listening (if a loop's handler replaced ours, that one stays). */
    void restore() {
        if (installed) {
            SignalDispatch.remove(INT, this);
        }
    }
}
