package io.jasyncio;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Where the loop sends the next task step during an eager start (asyncio 3.12's
 * {@code eager_task_factory}): to the ready queue as usual, to the urgent queue (run before
 * anything else: the hand-off between a task and its eager child), or to a slot that the creating
 * callback runs inline. Loop-confined.
 */
final class EagerSteps {
    static final int ROUTE_READY = 0, ROUTE_URGENT = 1, ROUTE_CAPTURE = 2;

    private int route;
    private Runnable captured;
    private final ArrayDeque<Runnable> urgent = new ArrayDeque<>(4);
    /** An eager start from a plain callback is running its step inline. */
    private boolean capturing;

    /** Sets where the next submitted step goes; the caller resets it to READY right after. */
    void routeNext(int r) {
        route = r;
    }

    /** Whether the next step is to be routed away from the ready queue. */
    boolean routing() {
        return route != ROUTE_READY;
    }

    void accept(Runnable step) {
        if (route == ROUTE_URGENT) {
            urgent.add(step);
        } else {
            captured = step;
        }
        route = ROUTE_READY;
    }

    /** The step captured by the last {@code ROUTE_CAPTURE}, taken out (it must be there). */
    Runnable takeCaptured() {
        Runnable step = captured;
        captured = null;
        if (step == null) {
            throw new IllegalStateException("no step was captured");
        }
        return step;
    }

    Runnable pollUrgent() {
        return urgent.poll();
    }

    boolean hasUrgent() {
        return !urgent.isEmpty();
    }

    boolean capturing() {
        return capturing;
    }

    /**
     * Runs the captured step here and now, then the urgent steps it caused (eager children of its
     * own), so the callback sees the whole eager start done, as asyncio's nested eager starts are.
     */
    void runCaptured(Consumer<Runnable> runner) {
        Runnable step = captured;
        captured = null;
        boolean outer = capturing;
        capturing = true; // a portable-scheduler task hands the baton straight back here
        try {
            if (step != null) {
                runner.accept(step);
            }
            Runnable next;
            while ((next = urgent.poll()) != null) {
                runner.accept(next);
            }
        } finally {
            capturing = outer;
        }
    }
}
