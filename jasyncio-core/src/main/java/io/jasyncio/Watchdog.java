package io.jasyncio;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Debug mode's watch over a running loop: a platform thread that notices when one ready item (a
 * callback or a task step) has run longer than {@code slowCallbackDuration} and reports it while
 * the loop is still blocked, naming the task and where it is (DESIGN §7 hazard 3: a pinned park
 * or a blocking call inside a task stops the whole loop).
 */
final class Watchdog {
    private final EventLoop loop;
    private final Thread loopThread;
    private volatile boolean active = true;
    private final Thread thread;

    private Watchdog(EventLoop loop, Thread loopThread) {
        this.loop = loop;
        this.loopThread = loopThread;
        this.thread = Thread.ofPlatform().name("jasyncio-watchdog").daemon().unstarted(this::watch);
    }

    static Watchdog start(EventLoop loop, Thread loopThread) {
        Watchdog w = new Watchdog(loop, loopThread);
        w.thread.start();
        return w;
    }

    void stop() {
        active = false;
        LockSupport.unpark(thread);
    }

    private void watch() {
        long reported = -1;
        while (active) {
            long limit = (long) (loop.getSlowCallbackDuration() * 1e9);
            LockSupport.parkNanos(Math.max(1_000_000, limit / 4));
            long start = loop.itemStartNanos;
            long seq = loop.itemSequence;
            if (!active || start == 0 || seq == reported) {
                continue;
            }
            long blocked = System.nanoTime() - start;
            if (blocked <= limit || loop.itemStartNanos != start) {
                continue;
            }
            reported = seq;
            Task<?> task = loop.stepTask;
            LoopEvents.loopBlocked(loop.loopId(), task, blocked);
            Thread taskThread = task != null ? task.fiber.thread() : null; // read once: cleared when the task ends
            Thread culprit = taskThread != null ? taskThread : loopThread;
            Map<String, Object> ctx = new LinkedHashMap<>();
            ctx.put("message", String.format("Event loop blocked for %.3f seconds (slow_callback_duration %.3f) %s",
                    blocked / 1e9, limit / 1e9, task != null ? "by task '" + task.getName() + "'" : "by a callback"));
            if (task != null) {
                ctx.put("task", task);
            }
            ctx.put("stack", culprit.getStackTrace());
            loop.callExceptionHandler(ctx);
        }
    }

    /** After the fact: a step that took too long (asyncio's "Executing ... took X seconds"). */
    static void reportSlowItem(EventLoop loop, Object item, Task<?> task, long tookNanos) {
        LoopEvents.slowStep(loop.loopId(), task, item, tookNanos);
        Map<String, Object> ctx = new LinkedHashMap<>();
        String what = task != null ? "step of task '" + task.getName() + "'" : String.valueOf(item);
        ctx.put("message", String.format("Executing %s took %.3f seconds", what, tookNanos / 1e9));
        if (task != null) {
            ctx.put("task", task);
            ctx.put("stack", task.getStack());
        } else if (item instanceof Handle h) {
            ctx.put("handle", h);
        }
        loop.callExceptionHandler(ctx);
    }
}
