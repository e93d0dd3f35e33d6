package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.internal.Orphans;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A task lets go of its virtual thread when it ends, and under the loop scheduler it has none
 * before its first step either (issue 16: a burst of 100 k tasks spawned at once kept 100 k threads
 * and continuations alive before any ran, and every done task kept its dead thread as long as the
 * Task was held) — unless its creator has inheritable thread locals, which the thread must copy
 * when it is made (DESIGN §7 hazard 7; the portable scheduler cannot tell, so it always makes it
 * at once).
 */
class TaskThreadLifetimeTest {
    private static final InheritableThreadLocal<String> INHERITED = new InheritableThreadLocal<>();

    private static boolean loopScheduler() {
        return Asyncio.getRunningLoop().schedulerName().equals("loop");
    }

    @Test
    void aTaskHasNoThreadBeforeItsFirstStepAndNoneAfterItsEnd() {
        Loops.run(() -> {
            Thread[] ranOn = new Thread[1];
            Task<Integer> t = Asyncio.createTask(() -> {
                ranOn[0] = Thread.currentThread();
                return 7;
            });
            if (loopScheduler()) {
                assertNull(t.fiber.thread(), "made when the first step comes up, not by createTask");
            } else {
                assertEquals(Thread.State.NEW, t.fiber.thread().getState(), "made by createTask, started by the first step");
            }
            assertEquals(7, t.await());
            assertTrue(ranOn[0].isVirtual(), "the body ran on a virtual thread: " + ranOn[0]);
            assertNull(t.fiber.thread(), "a done task lets go of its thread");
            assertEquals(0, t.getStack().length);
        });
    }

    @Test
    void aTaskCreatedByOneWithInheritableThreadLocalsGetsItsThreadAtOnceAndSeesThem() {
        Loops.run(() -> {
            Task<String> parent = Asyncio.createTask(() -> {
                INHERITED.set("from the parent");
                Task<String> child = Asyncio.createTask(INHERITED::get);
                assertNotNull(child.fiber.thread(), "made by createTask: it copied the parent's inheritable thread locals");
                INHERITED.set("changed after the child was created");
                return child.await();
            });
            assertEquals("from the parent", parent.await());
        });
    }

    @Test
    void aSuspendedTaskKeepsItsThreadAndShowsItsStack() {
        Loops.run(() -> {
            Future<Void> gate = Asyncio.getRunningLoop().createFuture();
            Thread[] ranOn = new Thread[1];
            Task<Void> t = Asyncio.createTask(() -> {
                ranOn[0] = Thread.currentThread();
                gate.await();
            });
            Asyncio.sleep(0);
            assertSame(ranOn[0], t.fiber.thread());
            assertTrue(List.of(t.getStack()).stream().anyMatch(e -> e.getMethodName().equals("await")),
                    "parked in await: " + List.of(t.getStack()));
            gate.setResult(null);
            t.await();
            assertNull(t.fiber.thread());
        });
    }

    @Test
    void firstStepsStillRunInTheOrderTheyWereQueuedBetweenCallbacks() {
        Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            List<String> order = new ArrayList<>();
            loop.callSoon(() -> order.add("callback 1"));
            Task<Void> a = Asyncio.createTask(() -> {
                order.add("task a");
            });
            loop.callSoon(() -> order.add("callback 2"));
            Task<Void> b = Asyncio.createTask(() -> {
                order.add("task b");
                Asyncio.sleep(0);
                order.add("task b again");
            });
            loop.callSoon(() -> order.add("callback 3"));
            a.await();
            b.await();
            assertEquals(List.of("callback 1", "task a", "callback 2", "task b", "callback 3", "task b again"), order);
        });
    }

    @Test
    void aTaskThatNeverRanDoesNotRunItsBodyWhenTheLoopCloses() {
        EventLoop loop = Loops.newLoop();
        boolean[] ran = new boolean[1];
        long orphansBefore = Orphans.count();
        Task<Void> t = loop.createTask(() -> {
            ran[0] = true;
        }); // queued on a loop that never runs
        loop.close();
        assertFalse(ran[0], "the body of a task cancelled before its first step never runs");
        assertTrue(t.cancelled(), String.valueOf(t));
        assertEquals(orphansBefore, Orphans.count(), "nothing handed to the fallback thread");
    }

    @Test
    void eagerTasksMakeTheirThreadAtOnce() {
        Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            loop.setEagerTasks(true);
            Future<Void> gate = loop.createFuture();
            Task<Void> t = Asyncio.createTask(() -> gate.await());
            assertNotNull(t.fiber.thread(), "an eager start ran its first step inside createTask");
            gate.setResult(null);
            t.await();
            loop.setEagerTasks(false);
        });
    }
}
