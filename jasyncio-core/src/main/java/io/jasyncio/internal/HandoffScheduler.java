package io.jasyncio.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * The portable scheduler (public API only): each task is an ordinary virtual thread, and the loop
 * runs one of its steps by handing it a baton and waiting until the task hands it back (when it
 * suspends or ends). Only the baton holder touches the loop's state, so semantics are those of
 * {@link LoopScheduler}; each step costs a wake-up of the loop's platform thread.
 *
 * <p>A blocking JDK call inside a task (Thread.sleep, a java.net socket) keeps the baton, so it
 * blocks the loop for its duration, like a blocking call inside an asyncio coroutine.
 */
public final class HandoffScheduler implements TaskScheduler {
    private final LoopQueue loop;
    /** The fiber holding the baton, or null when the loop holds it. */
    private volatile Fiber running;
    /** The thread that handed the baton out and waits for it back. */
    private volatile Thread waiter;

    public HandoffScheduler(LoopQueue loop) {
        this.loop = loop;
    }

    @Override
    public void start(Fiber fiber, Runnable body, String name) {
        Thread t = Thread.ofVirtual().name(name).unstarted(() -> {
            awaitBaton(fiber);
            try {
                body.run();
            } finally {
                handBack();
            }
        });
        fiber.thread = t;
        t.start();
        loop.execute(() -> step(fiber));
    }

    /** On the loop: lets the fiber run until it suspends or ends. */
    private void step(Fiber fiber) {
        waiter = Thread.currentThread();
        running = fiber;
        fiber.resumed = true;
        LockSupport.unpark(fiber.thread);
        while (running != null) {
            LockSupport.park(this);
        }
    }

    private void handBack() {
        Thread w = waiter;
        running = null;
        LockSupport.unpark(w);
    }

    private static void awaitBaton(Fiber fiber) {
        while (!fiber.resumed) {
            LockSupport.park();
        }
        fiber.resumed = false;
    }

    @Override
    public void suspend(Fiber fiber) {
        handBack();
        awaitBaton(fiber);
    }

    @Override
    public void resume(Fiber fiber) {
        loop.execute(() -> step(fiber));
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
