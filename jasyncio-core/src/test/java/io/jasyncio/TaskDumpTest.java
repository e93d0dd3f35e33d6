package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.locks.Event;
import io.jasyncio.locks.Lock;
import io.jasyncio.queues.Queue;
import io.jasyncio.streams.StreamReader;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** dumpTasks(): what each task awaits, the await tree, pstree/ps text and cycles. */
class TaskDumpTest {
    private static TaskInfo info(TaskDump dump, Task<?> t) {
        return dump.task(t).orElseThrow(() -> new AssertionError("no entry for " + t + " in\n" + dump.ps()));
    }

    @Test
    void eachTaskSaysWhatItAwaits() {
        Loops.run(() -> {
            Lock lock = new Lock();
            lock.acquire();
            Queue<String> queue = new Queue<>();
            Event event = new Event();
            StreamReader reader = new StreamReader(Asyncio.getRunningLoop());
            Future<String> plain = Asyncio.getRunningLoop().createFuture();
            Task<Void> locker = Asyncio.createTask(() -> lock.acquire(), "locker");
            Task<String> getter = Asyncio.createTask(() -> queue.get(), "getter");
            Task<Void> waiter = Asyncio.createTask(() -> { event.await(); }, "waiter");
            Task<Void> sleeper = Asyncio.createTask(() -> Asyncio.sleep(1.5), "sleeper");
            Task<byte[]> readline = Asyncio.createTask(() -> reader.readline(), "reader");
            Task<String> onFuture = Asyncio.createTask(() -> plain.await(), "on-future");
            Task<Void> onTask = Asyncio.createTask(() -> { sleeper.await(); }, "on-task");
            Asyncio.sleep(0);
            TaskDump dump = Asyncio.dumpTasks();

            String lockId = Integer.toHexString(System.identityHashCode(lock));
            assertEquals("Lock@" + lockId + ".acquire", info(dump, locker).awaiting().orElseThrow().description());
            assertTrue(info(dump, locker).isAwaiting(Lock.class));
            assertEquals("Queue@" + Integer.toHexString(System.identityHashCode(queue)) + ".get",
                    info(dump, getter).awaiting().orElseThrow().description());
            assertTrue(info(dump, getter).isAwaiting(Queue.class));
            assertTrue(info(dump, waiter).isAwaiting(Event.class));
            assertEquals("sleep 1.5s", info(dump, sleeper).awaiting().orElseThrow().description());
            assertTrue(info(dump, sleeper).isAwaiting(TimerHandle.class));
            // readline waits inside readuntil, as asyncio's does (its _wait_for_data('readuntil'))
            assertEquals("StreamReader@" + Integer.toHexString(System.identityHashCode(reader)) + ".readuntil",
                    info(dump, readline).awaiting().orElseThrow().description());
            assertTrue(info(dump, readline).isAwaiting(StreamReader.class));
            assertEquals("<Future pending>", info(dump, onFuture).awaiting().orElseThrow().description());
            assertEquals("Task 'sleeper'", info(dump, onTask).awaiting().orElseThrow().description());
            assertEquals(List.of(sleeper.id()), info(dump, onTask).awaits());
            assertEquals(List.of(onTask.id()), info(dump, sleeper).awaitedBy());
            for (Task<?> t : List.of(locker, getter, waiter, sleeper, readline, onFuture, onTask)) {
                assertEquals(TaskInfo.State.WAITING, info(dump, t).state(), t.toString());
                assertFalse(info(dump, t).stack().isEmpty(), "a parked task has a stack");
            }
            TaskInfo main = info(dump, Asyncio.currentTask());
            assertEquals(TaskInfo.State.RUNNING, main.state());
            assertTrue(main.awaiting().isEmpty());
            assertTrue(main.creationSite().isEmpty(), "creation sites are recorded in debug mode only");

            lock.release();
            queue.putNowait("x");
            event.set();
            reader.feedEof();
            plain.setResult("y");
            sleeper.cancel();
            Asyncio.gather(true, locker, getter, waiter, readline, onFuture, onTask).await();
            assertEquals(1, Asyncio.dumpTasks().tasks().size(), "only main is left");
        });
    }

    @Test
    void gatherTaskGroupShieldAndWaitLinkTheParentToItsChildren() {
        Loops.run(() -> {
            Future<Void> never = Asyncio.getRunningLoop().createFuture();
            Task<Void> a = Asyncio.createTask(() -> { never.await(); }, "a");
            Task<Void> b = Asyncio.createTask(() -> { never.await(); }, "b");
            Task<Object> gatherer = Asyncio.createTask(() -> Asyncio.gather(a, b).await(), "gatherer");
            Task<Void> grouper = Asyncio.createTask(() -> Asyncio.taskGroup(tg -> {
                tg.createTask(() -> never.await(), "g1");
            }), "grouper");
            Task<Void> shielder = Asyncio.createTask(() -> { Asyncio.shield(a).await(); }, "shielder");
            Task<Object> waiter = Asyncio.createTask(() -> Asyncio.wait(List.of(a, b)), "waiter");
            Task<Void> timed = Asyncio.createTask(() -> { Asyncio.waitFor(b, 100); }, "timed");
            Asyncio.sleep(0);
            Asyncio.sleep(0);
            TaskDump dump = Asyncio.dumpTasks();
            assertEquals(List.of(a.id(), b.id()), info(dump, gatherer).awaits());
            assertEquals("gather (2 of 2 pending)", info(dump, gatherer).awaiting().orElseThrow().description());
            TaskInfo g1 = dump.task("g1").orElseThrow();
            assertEquals(List.of(g1.id()), info(dump, grouper).awaits());
            assertTrue(info(dump, grouper).isAwaiting(TaskGroup.class));
            assertEquals(List.of(a.id()), info(dump, shielder).awaits());
            assertEquals(List.of(a.id(), b.id()), info(dump, waiter).awaits());
            assertEquals(List.of(b.id()), info(dump, timed).awaits());
            assertEquals(List.of(gatherer.id(), shielder.id(), waiter.id()), info(dump, a).awaitedBy());

            String tree = dump.pstree();
            assertTrue(tree.contains("└── (T) gatherer\n"), tree);
            assertTrue(tree.contains("└──  awaits gather (2 of 2 pending)\n"), tree);
            assertTrue(tree.contains("├── (T) a\n"), tree);
            assertTrue(tree.contains("└──  awaits TaskGroup exit (1 tasks)\n"), tree);
            assertTrue(tree.contains("└── (T) g1\n"), tree);
            assertTrue(tree.contains("TaskDumpTest.lambda$"), "frames of the test's own code are shown:\n" + tree);
            assertFalse(tree.contains("io.jasyncio.Task") || tree.contains("Continuation"),
                    "runtime frames are left out:\n" + tree);
            assertTrue(dump.cycles().isEmpty());
            String ps = dump.ps();
            assertTrue(ps.startsWith("loop  task id  task name"), ps);
            assertEquals(1, ps.lines().filter(l -> l.matches("\\d+\\s+" + b.id() + "\\s+b\\s+waiting.*\\btimed\\s+"
                    + timed.id())).count(), "one row per awaiter:\n" + ps);
            never.setResult(null);
        });
    }

    @Test
    void cyclesAreReportedAndTheTreeStillDrawn() {
        Loops.run(() -> {
            Future<Task<?>> bSlot = Asyncio.getRunningLoop().createFuture();
            Task<Object> a = Asyncio.createTask(() -> bSlot.await().await(), "a");
            Task<Object> b = Asyncio.createTask(() -> a.await(), "b");
            Task<Object> main2 = Asyncio.createTask(() -> a.await(), "root");
            bSlot.setResult(b);
            Asyncio.sleep(0);
            Asyncio.sleep(0);
            TaskDump dump = Asyncio.dumpTasks();
            List<List<TaskInfo>> cycles = dump.cycles();
            assertEquals(1, cycles.size(), dump.ps());
            assertEquals(List.of("a", "b", "a"), cycles.get(0).stream().map(TaskInfo::name).toList());
            String tree = dump.pstree();
            assertTrue(tree.contains("└── (T) root\n"), tree);
            assertTrue(tree.contains("(T) a (cycle)\n"), tree);
            assertTrue(tree.endsWith("cycle: a → b → a\n"), tree);
            assertTrue(dump.ps().contains("cycle: a → b → a"), dump.ps());
            main2.cancel();
            a.cancel();
            Asyncio.gather(true, a, b, main2).await();
        });
    }

    @Test
    void aCycleWithNoRootIsDrawnFromItsOldestTask() {
        Loops.run(() -> {
            Future<Task<?>> bSlot = Asyncio.getRunningLoop().createFuture();
            Task<Object> a = Asyncio.createTask(() -> bSlot.await().await(), "a");
            Task<Object> b = Asyncio.createTask(() -> a.await(), "b");
            bSlot.setResult(b);
            Asyncio.sleep(0);
            Asyncio.sleep(0);
            String tree = Asyncio.dumpTasks().pstree();
            assertTrue(tree.matches("(?s).*└── \\(T\\) a\n.*└── \\(T\\) b\n.*\\(T\\) a \\(cycle\\)\n.*"), tree);
            a.cancel();
            Asyncio.gather(true, a, b).await();
        });
    }

    @Test
    void debugModeRecordsTheCreationSite() {
        EventLoop loop = Loops.newLoop();
        loop.setDebug(true);
        try {
            loop.runUntilComplete(() -> {
                Task<Void> t = loop.createTask(() -> Asyncio.sleep(1), "sleeper");
                Asyncio.sleep(0);
                TaskInfo i = info(loop.dumpTasks(), t);
                assertTrue(i.creationSite().stream().anyMatch(e -> e.getClassName().startsWith(TaskDumpTest.class.getName())),
                        i.creationSite().toString());
                assertTrue(loop.dumpTasks().stacks().contains("created at:"));
                t.await();
                return null;
            });
        } finally {
            loop.close();
        }
    }

    @Test
    void anotherThreadGetsTheDumpFromARunningLoop() throws Exception {
        EventLoop loop = EventLoop.newEventLoop();
        try {
            CompletableFuture<TaskDump> fromOutside = new CompletableFuture<>();
            loop.runUntilComplete(() -> {
                Future<Void> release = loop.createFuture();
                Task<Void> parked = loop.createTask(() -> { release.await(); }, "parked");
                Asyncio.sleep(0);
                Thread.ofPlatform().start(() -> {
                    try {
                        fromOutside.complete(loop.dumpTasks());
                    } catch (Throwable e) {
                        fromOutside.completeExceptionally(e);
                    }
                });
                Asyncio.wrapFuture(fromOutside).await();
                release.setResult(null);
                parked.await();
                return null;
            });
            TaskDump dump = fromOutside.get(10, TimeUnit.SECONDS);
            assertEquals(TaskInfo.State.WAITING, dump.task("parked").orElseThrow().state());
            assertEquals(loop.loopId(), dump.loopId());
        } finally {
            loop.close();
        }
    }

    @Test
    void aBlockedLoopMakesAnotherThreadsDumpFailWithinASecond() throws Exception {
        EventLoop loop = EventLoop.newEventLoop();
        try {
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            loop.runUntilComplete(() -> {
                Thread asker = Thread.ofPlatform().start(() -> {
                    try {
                        loop.dumpTasks();
                        outcome.complete(null);
                    } catch (Throwable e) {
                        outcome.complete(e);
                    }
                });
                // This step holds the loop thread (a spin, not a park) until the asker gave up (10 s at most).
                long giveUp = System.nanoTime() + 10_000_000_000L;
                while (!outcome.isDone() && System.nanoTime() < giveUp) {
                    Thread.onSpinWait();
                }
                asker.join();
                return null;
            });
            Throwable e = outcome.get(10, TimeUnit.SECONDS);
            assertTrue(e instanceof IllegalStateException && e.getMessage().contains("did not answer within 1000 ms"),
                    String.valueOf(e));
        } finally {
            loop.close();
        }
    }

    @Test
    void recordsAreImmutableAndChecked() {
        assertThrows(NullPointerException.class, () -> new Awaiting(null, "x"));
        assertThrows(NullPointerException.class, () -> Loops.run(() -> Asyncio.dumpTasks().task((Task<?>) null)));
        TaskDump empty = new TaskDump(1, List.of());
        assertEquals("", empty.pstree());
        assertThrows(UnsupportedOperationException.class, () -> empty.tasks().add(null));
    }

    @Test
    void formatCallGraphShowsTheTaskAndWhoAwaitsIt() {
        Loops.run(() -> {
            Future<String> graph = Asyncio.getRunningLoop().createFuture();
            Task<Void> inner = Asyncio.createTask(() -> {
                Asyncio.sleep(0);
                graph.setResult(Asyncio.formatCallGraph());
            }, "inner");
            Task<Object> outer = Asyncio.createTask(() -> Asyncio.gather(inner).await(), "outer");
            String text = graph.await();
            outer.await();
            assertTrue(text.startsWith("* Task(name='inner', id=" + inner.id() + ")\n  + Call stack:\n"
                    + "  |   File 'TaskDumpTest.java', line "), text);
            assertTrue(text.contains("\n  + Awaited by:\n    * Task(name='outer', id=" + outer.id() + ")\n"), text);
            assertTrue(text.contains("        + Awaited by:") == false, "outer is awaited by nobody:\n" + text);
            assertThrows(IllegalArgumentException.class, () -> Asyncio.dumpTasks().callGraph(inner), "done");
        });
        assertThrows(IllegalStateException.class, Asyncio::formatCallGraph);
    }
}
