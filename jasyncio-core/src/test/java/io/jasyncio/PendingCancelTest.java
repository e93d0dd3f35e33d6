package io.jasyncio;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 8 §1.2: a cancel requested while the task runs is delivered at its next await of a
 * pending future (asyncio: {@code CancelledError} at that await), by every way of reaching it.
 * Each task is watched with a bounded wait, so a lost cancel fails the test instead of hanging it.
 */
class PendingCancelTest {

    /** Runs {@code body} as a task and returns it once done; fails if it is still pending after 10 s. */
    private static Task<Void> runBounded(VoidCoroutine body) {
        Task<Void> t = Asyncio.createTask(body);
        Asyncio.wait(List.of(t), 10);
        assertTrue(t.done(), "the cancel was lost: the task still waits");
        return t;
    }

    @Test
    void selfCancelThenSleepRaisesAtTheSleep() {
        Loops.run(() -> {
            List<String> seen = new ArrayList<>();
            double start = Asyncio.getRunningLoop().time();
            Task<Void> t = runBounded(() -> {
                Asyncio.currentTask().cancel("self");
                try {
                    Asyncio.sleep(1);
                } catch (CancelledError e) {
                    seen.add("cancelled: " + e.getMessage());
                    throw e;
                }
            });
            assertTrue(t.cancelled());
            assertEquals(List.of("cancelled: self"), seen);
            assertEquals(start, Asyncio.getRunningLoop().time(), 1e-3, "delivered at once, not after the sleep");
        });
    }

    @Test
    void pendingCancelStillYieldsOnceToReadyWork() {
        Steps s = new Steps();
        Loops.run(() -> {
            Task<Void> t = Asyncio.createTask(() -> {
                s.expect(1);
                Asyncio.getRunningLoop().callSoon(() -> s.expect(2));
                Asyncio.currentTask().cancel();
                assertThrows(CancelledError.class, () -> Asyncio.getRunningLoop().createFuture().await());
                s.expect(3); // asyncio: the wake-up runs from the ready queue, behind the callback
            });
            t.await();
            s.finish(4);
        });
    }

    @Test
    void taskGroupCancelFromTheBodyReachesTheBodysNextAwait() {
        Loops.run(() -> {
            List<String> seen = new ArrayList<>();
            Task<Void> t = runBounded(() -> Asyncio.taskGroup(tg -> {
                tg.createTask(() -> Asyncio.sleep(5));
                tg.cancel();
                try {
                    Asyncio.sleep(1);
                    seen.add("slept");
                } catch (CancelledError e) {
                    seen.add("cancelled");
                    throw e;
                }
            }));
            assertFalse(t.cancelled(), "a group cancelled by itself ends quietly");
            assertEquals(List.of("cancelled"), seen);
        });
    }

    @Test
    void taskGroupExitKeepsAnOutsideCancelForTheNextAwait() {
        Loops.run(() -> {
            List<String> seen = new ArrayList<>();
            Task<Void> t = runBounded(() -> {
                Task<?> me = Asyncio.currentTask();
                try {
                    Asyncio.taskGroup(tg -> {
                        tg.createTask(() -> {
                            Asyncio.sleep(0.1);
                            throw new IllegalArgumentException("child");
                        });
                        tg.createTask(() -> Asyncio.sleep(1));
                        Asyncio.createTask(() -> { // outside the group, at the moment the child fails
                            Asyncio.sleep(0.1);
                            me.cancel();
                        });
                    });
                } catch (ExceptionGroup e) {
                    seen.add("group"); // the exit did uncancel(); cancel() for the outside request
                }
                try {
                    Asyncio.sleep(1);
                    seen.add("slept");
                } catch (CancelledError e) {
                    seen.add("cancelled");
                    throw e;
                }
            });
            assertTrue(t.cancelled());
            assertEquals(List.of("group", "cancelled"), seen);
        });
    }

    @Test
    void timeoutBlockWhoseTaskCancelledItselfRaisesCancelledError() {
        Loops.run(() -> {
            double start = Asyncio.getRunningLoop().time();
            Task<Void> t = runBounded(() -> Asyncio.timeout(5, () -> {
                Asyncio.currentTask().cancel();
                Asyncio.sleep(1);
            }));
            assertTrue(t.cancelled(), "a cancel, not a timeout");
            assertEquals(start, Asyncio.getRunningLoop().time(), 1e-3, "delivered at once, not after the sleep");
        });
    }

    @Test
    void eagerChildCancellingItsCreatorCancelsTheCreatorsNextAwait() {
        Loops.run(() -> {
            Asyncio.getRunningLoop().setEagerTasks(true);
            List<String> seen = new ArrayList<>();
            Task<Void> creator = runBounded(() -> {
                Task<?> me = Asyncio.currentTask();
                Task<Void> child = Asyncio.createTask(() -> {
                    me.cancel();
                    Asyncio.sleep(0.5);
                });
                try {
                    Asyncio.sleep(1);
                    seen.add("slept");
                } catch (CancelledError e) {
                    seen.add("cancelled");
                    child.cancel();
                    throw e;
                }
            });
            assertTrue(creator.cancelled());
            assertEquals(List.of("cancelled"), seen);
        });
    }

    @Test
    void pendingCancelPassedToAnAwaitedTaskThatSwallowsIt() {
        Loops.run(() -> {
            Task<String> inner = Asyncio.createTask(() -> {
                try {
                    Asyncio.sleep(1);
                    return "slept";
                } catch (CancelledError e) {
                    return "swallowed";
                }
            });
            Asyncio.sleep(0);
            Task<String> outer = Asyncio.createTask(() -> {
                Asyncio.currentTask().cancel();
                return inner.await(); // asyncio: the cancel goes to inner, which returns a value
            });
            Asyncio.wait(List.of(outer), 10);
            assertEquals("swallowed", outer.result());
        });
    }
}
