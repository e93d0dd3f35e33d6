package io.jasyncio.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * The portable scheduler (public API only): each task is an ordinary virtual thread on the JDK's
 * scheduler, and a baton says who may touch the loop's state: the loop's platform thread or one
 * task. The loop runs a task's step by passing the baton to it.
 *
 * <p>When a task suspends it does not hand the baton back to the platform thread (a wake-up of a
 * platform thread costs 15–35 µs): it goes on running the current iteration's batch itself,
 * callbacks included, and passes the baton straight to the next task whose step comes up (a
 * virtual-to-virtual hand-off). Only at the end of the batch does the baton return to the
 * platform thread, which polls I/O and timers. The order of work is exactly the loop's.
 *
 * <p>A blocking JDK call inside a task (Thread.sleep, a java.net socket) keeps the baton, so it
 * blocks the loop for its duration, like a blocking call inside an asyncio coroutine.
 */
public final class HandoffScheduler implements TaskScheduler {
    private final LoopQueue loop;
    /**
     * Whether a task holds the baton (the platform thread waits for it back). Written when the baton
     * leaves the platform thread and when it comes back, not at every task-to-task pass.
     */
    private volatile boolean batonOut;
    /** The platform thread that handed the baton out and waits for it back. */
    private volatile Thread platform;
    /** Around every task's body: wait for the baton first, pass it on at the end. */
    private final Fiber.Steps batonSteps = new Fiber.Steps() {
        @Override
        public void beforeBody(Fiber fiber) {
            awaitBaton(fiber);
        }

        @Override
        public void afterBody(Fiber fiber) {
            passBatonOn(fiber);
        }
    };

    public HandoffScheduler(LoopQueue loop) {
        this.loop = loop;
    }

    /** A task step in the loop's ready queue. */
    private final class Step implements Runnable {
        final Fiber fiber;

        Step(Fiber fiber) {
            this.fiber = fiber;
        }

        @Override
        public void run() {
            runFromPlatform(fiber);
        }
    }

    @Override
    public void start(Fiber fiber) {
        fiber.steps = batonSteps; // the body runs between awaitBaton and passBatonOn, no lambda per task
        // Made here, not at the first step: it copies the creator's inheritable thread locals (DESIGN §7
        // hazard 7), and without the add-opens flag there is no telling whether the creator has any.
        Thread t = Thread.ofVirtual().uncaughtExceptionHandler(fiber).unstarted(fiber);
        fiber.thread = t; // started by its first step: no park/unpark before the body runs
        loop.execute(new Step(fiber));
    }

    /** On the platform thread: lets the fiber (and whoever it passes the baton to) run. */
    private void runFromPlatform(Fiber fiber) {
        // Nested when an eager start runs a step inline from a callback: restore the outer runner.
        Thread outer = platform;
        boolean outerOut = batonOut;
        platform = Thread.currentThread();
        batonOut = true;
        give(fiber);
        while (batonOut) {
            LockSupport.park(this);
        }
        platform = outer;
        batonOut = outerOut;
    }

    private void give(Fiber fiber) {
        fiber.setResumed();
        if (fiber.started) {
            LockSupport.unpark(fiber.thread);
        } else {
            fiber.started = true;
            fiber.thread.start();
        }
    }

    /**
     * The baton holder {@code me} stops running its own code: run the batch on until the next task
     * step, and give that task the baton; at the end of the batch give it back to the platform.
     */
    private void passBatonOn(Fiber me) {
        Object item;
        while ((item = loop.pollBatch()) != null) {
            if (item instanceof Step step) {
                if (step.fiber == me) {
                    me.setResumed(); // our own next step: keep the baton
                } else {
                    give(step.fiber);
                }
                return;
            }
            loop.runOnBehalfOfLoop(item);
        }
        Thread p = platform;
        batonOut = false;
        LockSupport.unpark(p);
    }

    private static void awaitBaton(Fiber fiber) {
        while (!fiber.takeResumed()) {
            LockSupport.park();
        }
    }

    @Override
    public void suspend(Fiber fiber) {
        passBatonOn(fiber);
        awaitBaton(fiber);
    }

    @Override
    public void resume(Fiber fiber) {
        loop.execute(new Step(fiber));
    }

    @Override
    public void yieldNow(Fiber fiber) {
        resume(fiber);
        suspend(fiber);
    }

    @Override
    public String name() {
        return "portable";
    }
}
