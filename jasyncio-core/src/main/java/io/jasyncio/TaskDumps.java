package io.jasyncio;

import io.jasyncio.internal.AwaitTarget;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Takes a {@link TaskDump} of a loop: reads, on the loop thread, the future each live task is
 * parked on (the task's existing waiter field: no per-task bookkeeping is added for dumps) and
 * follows it through gathers, TaskGroups, shields and waits to the tasks behind it.
 */
final class TaskDumps {
    private TaskDumps() {}

    /** How long another thread waits for a busy loop to take its own dump. */
    static final long ANSWER_MILLIS = 1000;

    /** A dump of {@code loop}, from any thread (see {@link EventLoop#dumpTasks()}). */
    static TaskDump of(EventLoop loop) {
        if (loop.inLoop() || !loop.isRunning()) {
            return take(loop);
        }
        CompletableFuture<TaskDump> answer = new CompletableFuture<>();
        try {
            loop.callSoonThreadsafe(() -> {
                try {
                    answer.complete(take(loop));
                } catch (Throwable e) {
                    answer.completeExceptionally(e);
                }
            });
        } catch (IllegalStateException closed) {
            return new TaskDump(loop.loopId(), List.of());
        }
        try {
            return answer.get(ANSWER_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("event loop " + loop.loopId() + " did not answer within "
                    + ANSWER_MILLIS + " ms: one step or callback is holding its thread (debug mode's watchdog names it)");
        } catch (ExecutionException e) {
            throw new IllegalStateException("taking the task dump of event loop " + loop.loopId() + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the task dump of event loop " + loop.loopId());
        }
    }

    /** The dump itself; on the loop thread, or while the loop does not run. */
    static TaskDump take(EventLoop loop) {
        List<Task<?>> live = new ArrayList<>(loop.allTasks());
        live.sort(Comparator.comparingLong(Task::id));
        Task<?> running = EventLoop.context() instanceof Task<?> t && t.loop == loop ? t : null;
        Map<Long, List<Long>> awaits = new HashMap<>();
        Map<Long, List<Long>> awaitedBy = new HashMap<>();
        for (Task<?> t : live) {
            List<Long> children = new ArrayList<>();
            Future<?> f = t.awaitedFuture();
            if (f != null) {
                Set<Task<?>> found = new LinkedHashSet<>();
                collectTasks(f, found, Collections.newSetFromMap(new IdentityHashMap<>()));
                for (Task<?> c : found) {
                    children.add(c.id());
                    awaitedBy.computeIfAbsent(c.id(), k -> new ArrayList<>()).add(t.id());
                }
            }
            awaits.put(t.id(), children);
        }
        List<TaskInfo> infos = new ArrayList<>(live.size());
        for (Task<?> t : live) {
            Future<?> f = t.awaitedFuture();
            infos.add(new TaskInfo(t.id(), t.getName(), state(t, running), t.cancelling(),
                    f == null ? Optional.empty() : Optional.of(describe(f)), awaits.get(t.id()),
                    awaitedBy.getOrDefault(t.id(), List.of()), List.of(t.getStack()),
                    site(loop, t)));
        }
        return new TaskDump(loop.loopId(), infos);
    }

    private static List<StackTraceElement> site(EventLoop loop, Task<?> t) {
        StackTraceElement[] site = loop.creationSite(t);
        return site == null ? List.of() : List.of(site);
    }

    private static TaskInfo.State state(Task<?> t, Task<?> running) {
        if (t == running) {
            return TaskInfo.State.RUNNING;
        }
        if (t.stepQueued()) {
            return TaskInfo.State.READY;
        }
        if (t.awaitedFuture() != null) {
            return TaskInfo.State.WAITING;
        }
        Thread thread = t.fiber.thread();
        Thread.State s = thread == null ? Thread.State.NEW : thread.getState();
        // Parked with no jasyncio future: a JDK call that parks the virtual thread (Socket.read).
        return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING || s == Thread.State.BLOCKED
                ? TaskInfo.State.BLOCKED : TaskInfo.State.READY;
    }

    /** The live tasks behind a future: itself if it is a task, else what it waits on in turn. */
    private static void collectTasks(Future<?> f, Set<Task<?>> found, Set<Future<?>> seen) {
        if (!seen.add(f) || f.done()) {
            return;
        }
        if (f instanceof Task<?> t) {
            found.add(t);
        } else if (f instanceof AwaitTarget target) {
            for (Future<?> g : target.awaitedFutures()) {
                collectTasks(g, found, seen);
            }
        }
    }

    static Awaiting describe(Future<?> f) {
        if (f instanceof Task<?> t) {
            return new Awaiting(Task.class, "Task '" + t.getName() + "'");
        }
        if (f instanceof AwaitTarget target) {
            return new Awaiting(target.awaitType(), target.awaitDescription());
        }
        return new Awaiting(Future.class, f.toString());
    }
}
