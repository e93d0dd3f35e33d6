package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.sleep;
import static io.jasyncio.Asyncio.waitFor;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class WaitForTest {

    private static double now() {
        return Asyncio.getRunningLoop().time();
    }

    @Test
    void returnsTheResultWhenInTime() {
        assertEquals("ok", Loops.run(() -> waitFor(() -> sleep(1, "ok"), 2)));
    }

    @Test
    void onTimeoutCancelsTheInnerWaitsForItsCleanupThenRaises() {
        // SEMANTICS 14
        Steps steps = new Steps();
        Loops.run(() -> {
            double start = now();
            Task<String> inner = createTask(() -> {
                try {
                    return sleep(10, "late");
                } finally {
                    steps.expect(1);
                    sleep(2); // cleanup that awaits: waitFor waits for it
                    steps.expect(2);
                }
            });
            TimeoutError e = assertThrows(TimeoutError.class, () -> waitFor(inner, 1));
            steps.expect(3);
            assertInstanceOf(CancelledError.class, e.getCause());
            assertTrue(inner.cancelled());
            assertEquals(3.0, now() - start, 1e-6);
        });
        steps.finish(4);
    }

    /** asyncio 3.12: wait_for awaits a coroutine in the caller's task instead of wrapping it in one. */
    @Test
    void aCoroutineRunsInTheCallersTaskSoCancellingTheCallerReachesItAtOnce() {
        Steps steps = new Steps();
        Loops.run(() -> {
            Task<Void> caller = createTask(() -> {
                Task<?> self = Asyncio.currentTask();
                waitFor(() -> {
                    assertSame(self, Asyncio.currentTask());
                    steps.expect(1);
                    try {
                        sleep(1);
                    } catch (CancelledError e) {
                        steps.expect(3); // the caller's cancel arrives here, before any other step
                        sleep(0.5); // cleanup the caller waits for
                        throw e;
                    }
                }, 10);
            });
            sleep(0); // the body has started (a task of its own would not have)
            steps.expect(2);
            caller.cancel();
            assertThrows(CancelledError.class, caller::await);
            steps.expect(4);
        });
        steps.finish(5);
    }

    @Test
    void innerThatSwallowsTheCancellationAndReturnsGivesItsValue() {
        // SEMANTICS 14
        String r = Loops.run(() -> waitFor(() -> {
            try {
                return sleep(10, "slept");
            } catch (CancelledError e) {
                return "swallowed";
            }
        }, 1));
        assertEquals("swallowed", r);
    }

    @Test
    void innerThatRaisesSomethingElseOnCancellationPropagatesIt() {
        // SEMANTICS 14
        Loops.run(() -> {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> waitFor(() -> {
                try {
                    sleep(10);
                } catch (CancelledError c) {
                    throw new IllegalStateException("cleanup failed");
                }
            }, 1));
            assertEquals("cleanup failed", e.getMessage());
        });
    }

    @Test
    void timeoutZeroNeverStartsTheCoroutine() {
        // SEMANTICS 15
        boolean[] started = {false};
        Loops.run(() -> {
            assertThrows(TimeoutError.class, () -> waitFor(() -> {
                started[0] = true;
                return 1;
            }, 0));
            assertThrows(TimeoutError.class, () -> waitFor(() -> {
                started[0] = true;
                return 1;
            }, -1));
        });
        assertFalse(started[0]);
    }

    @Test
    void timeoutZeroOnADoneFutureReturnsItsResult() {
        // SEMANTICS 15
        Loops.run(() -> {
            Future<String> done = Asyncio.getRunningLoop().createFuture();
            done.setResult("ready");
            assertEquals("ready", waitFor(done, 0));
            Future<String> failed = Asyncio.getRunningLoop().createFuture();
            failed.setException(new IllegalArgumentException("x"));
            assertThrows(IllegalArgumentException.class, () -> waitFor(failed, 0));
        });
    }

    @Test
    void timeoutZeroOnAPendingFutureCancelsIt() {
        Loops.run(() -> {
            Future<String> pending = Asyncio.getRunningLoop().createFuture();
            assertThrows(TimeoutError.class, () -> waitFor(pending, 0));
            assertTrue(pending.cancelled());
        });
    }

    @Test
    void alreadyDoneFutureWithATimeoutReturnsWithoutWaiting() {
        Loops.run(() -> {
            Future<Integer> done = Asyncio.getRunningLoop().createFuture();
            done.setResult(5);
            double start = now();
            assertEquals(5, waitFor(done, 10));
            assertEquals(start, now());
        });
    }

    @Test
    void resultArrivingAtTheSameMomentAsTheTimeoutIsLostToTheTimeout() {
        // asyncio 3.12 (wait_for built on timeout): the future completes in the same loop iteration
        // as the deadline, but the task has not resumed yet, so the cancellation wins.
        Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Future<String> f = loop.createFuture();
            loop.callLater(1, () -> f.setResult("photo finish"));
            assertThrows(TimeoutError.class, () -> waitFor(f, 1));
            assertEquals("photo finish", f.result(), "the future itself did complete");
        });
    }

    @Test
    void cancellingTheAwaiterCancelsTheInnerAndStaysACancellation() {
        Loops.run(() -> {
            Task<String> inner = createTask(() -> sleep(10, "x"));
            Task<String> outer = createTask(() -> waitFor(inner, 5));
            sleep(1);
            outer.cancel();
            assertThrows(CancelledError.class, outer::await);
            assertTrue(outer.cancelled());
            assertTrue(inner.cancelled());
        });
    }

    @Test
    void infiniteTimeoutWaitsAsLongAsNeeded() {
        assertEquals(3, Loops.run(() -> waitFor(() -> sleep(1000, 3), Double.POSITIVE_INFINITY)));
    }
}
