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
    /** The fiber holding the baton, or null when the loop's platform thread holds it. */
    private volatile Fiber running;
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
        // Nested when an eager start runs a step inline from a callback that a task's thread runs
        // for the loop: the loop's platform thread waits for the baton too, so each waiter waits
        // for the baton to come back to itself, not merely for nobody to hold it (a spurious
        // wake-up of the platform thread while the nested step had just released it let both run).
        Thread me = Thread.currentThread();
        Thread outer = platform;
        Fiber holder = running;
        platform = me;
        give(fiber);
        while (running != null || platform != me) {
            LockSupport.park(this);
        }
        running = holder; // before platform: the outer waiter must never see (null, itself) early
        platform = outer;
    }

    private void give(Fiber fiber) {
        running = fiber;
        fiber.resumed = true;
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
                    me.resumed = true; // our own next step: keep the baton
                } else {
                    give(step.fiber);
                }
                return;
            }
            loop.runOnBehalfOfLoop(item);
        }
        Thread p = platform;
        running = null;
        LockSupport.unpark(p);
    }

    private static void awaitBaton(Fiber fiber) {
        while (!fiber.resumed) {
            LockSupport.park();
        }
        fiber.resumed = false;
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
