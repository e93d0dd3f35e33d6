package io.jasyncio.internal;

import io.jasyncio.EventLoop;

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
 * platform thread, which polls I/O and timers, and not even then when the next iteration has work
 * ready and no I/O poll is due ({@link LoopQueue#nextBatch}): the baton holder starts it itself.
 * The order of work is exactly the loop's.
 *
 * <p>A blocking JDK call inside a task (Thread.sleep, a java.net socket) keeps the baton, so it
 * blocks the loop for its duration, like a blocking call inside an asyncio coroutine.
 */
public final class HandoffScheduler implements TaskScheduler {
    private final LoopQueue loop;
    /**
     * The baton's way back: who handed it out and waits for it, and whether it is still out.
     * Written when the baton leaves that thread and when it comes back, not at every pass from
     * task to task. Touched by the baton holder only (a nested one when an eager start runs a
     * step inline from a callback).
     */
    private Lease lease;
    /** A task whose thread the loop's own thread must make (see {@link #start}), until it is made. */
    private volatile Fiber toMake;
    private Thread toMakeFor;
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

    /** One hand-out of the baton by a thread that waits for it back. */
    private static final class Lease {
        final Thread waiter;
        /** The lease of the hand-out this one is nested in, or null for the loop's own thread's. */
        final Lease outer;
        volatile boolean out = true;

        Lease(Thread waiter, Lease outer) {
            this.waiter = waiter;
            this.outer = outer;
        }
    }

    /**
     * Made here, not at the first step: the thread copies its creator's inheritable thread locals
     * (DESIGN §7 hazard 7), and without the add-opens flag there is no telling whether the creator
     * has any. A callback that a task's thread runs for the loop is not that task: a task it creates
     * gets a thread made by the loop's own thread, as under the loop scheduler, which runs callbacks
     * there (that thread waits for the baton meanwhile, so its thread locals are as they were).
     */
    @Override
    public void start(Fiber fiber) {
        fiber.steps = batonSteps; // the body runs between awaitBaton and passBatonOn, no lambda per task
        if (lentForCallbacks(Thread.currentThread())) {
            makeOnLoopThread(fiber);
        } else {
            fiber.thread = newThread(fiber); // started by its first step: no park/unpark before the body runs
        }
        loop.execute(new Step(fiber));
    }

    private static Thread newThread(Fiber fiber) {
        return Thread.ofVirtual().uncaughtExceptionHandler(fiber).unstarted(fiber);
    }

    /** Whether {@code t} is a task's thread running callbacks for the loop ({@link LoopQueue#runOnBehalfOfLoop}). */
    private static boolean lentForCallbacks(Thread t) {
        return t.isVirtual() && t.getUncaughtExceptionHandler() instanceof Fiber f && f.context instanceof EventLoop;
    }

    /** On the baton holder's thread: has the loop's own thread, which waits in {@link #runFromPlatform}, make it. */
    private void makeOnLoopThread(Fiber fiber) {
        Lease home = lease;
        while (home.outer != null) {
            home = home.outer;
        }
        toMakeFor = Thread.currentThread();
        toMake = fiber;
        LockSupport.unpark(home.waiter);
        while (toMake != null) {
            LockSupport.park(this);
        }
    }

    /** On the platform thread: lets the fiber (and whoever it passes the baton to) run. */
    private void runFromPlatform(Fiber fiber) {
        // Nested when an eager start runs a step inline from a callback: the outer lease stays out.
        Lease mine = new Lease(Thread.currentThread(), lease);
        lease = mine;
        give(fiber);
        while (mine.out) {
            LockSupport.park(this);
            Fiber f = toMake;
            if (f != null && mine.outer == null) {
                f.thread = newThread(f);
                Thread asker = toMakeFor;
                toMake = null; // publishes the thread to the asker
                LockSupport.unpark(asker);
            }
        }
        lease = mine.outer;
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
        do {
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
        } while (lease.outer == null && loop.nextBatch()); // a nested lease's waiter is mid-batch: back to it
        Lease l = lease;
        l.out = false;
        LockSupport.unpark(l.waiter);
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
