package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.sleep;
import static io.jasyncio.Asyncio.timeout;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class TimeoutTest {

    private static double now() {
        return Asyncio.getRunningLoop().time();
    }

    @Test
    void bodyThatFinishesInTimeReturnsItsValue() {
        assertEquals("done", Loops.run(() -> timeout(2, () -> sleep(1, "done"))));
    }

    @Test
    void expiredDeadlineRaisesTimeoutErrorCausedByTheCancellation() {
        Loops.run(() -> {
            double start = now();
            Timeout t = Asyncio.timeout(1);
            TimeoutError e = assertThrows(TimeoutError.class, () -> t.run(() -> sleep(10)));
            assertInstanceOf(CancelledError.class, e.getCause());
            assertTrue(t.expired());
            assertEquals(1.0, now() - start, 1e-6);
            assertEquals(0, Asyncio.currentTask().cancelling(), "the timeout took its cancel request back");
        });
    }

    @Test
    void timeoutExpiringAtTheMomentTheBodyFinishesWins() {
        // As in asyncio: the deadline timer was scheduled first, so it runs first at the same instant.
        Loops.run(() -> {
            Timeout t = Asyncio.timeout(1);
            assertThrows(TimeoutError.class, () -> t.run(() -> sleep(1)));
            assertTrue(t.expired());
        });
    }

    @Test
    void timeoutZeroLetsTheBlockStartButTheFirstSuspensionRaises() {
        // SEMANTICS 17
        Steps steps = new Steps();
        Loops.run(() -> {
            assertThrows(TimeoutError.class, () -> timeout(0, () -> {
                steps.expect(1);
                sleep(0);
                steps.expect(-1);
            }));
            steps.expect(2);
            assertEquals("no suspension", timeout(0, () -> "no suspension"));
        });
        steps.finish(3);
    }

    @Test
    void infiniteTimeoutHasNoDeadline() {
        Loops.run(() -> {
            Timeout t = Asyncio.timeout(Double.POSITIVE_INFINITY);
            assertNull(t.when());
            assertEquals("x", t.run(() -> sleep(1000, "x")));
            assertFalse(t.expired());
        });
    }

    @Test
    void rescheduleEarlierLaterAndToNull() {
        Loops.run(() -> {
            double start = now();
            Timeout earlier = Asyncio.timeout(10);
            assertThrows(TimeoutError.class, () -> earlier.run(() -> {
                earlier.reschedule(now() + 1);
                sleep(5);
            }));
            assertEquals(1.0, now() - start, 1e-6);

            double t1 = now();
            Timeout later = Asyncio.timeout(1);
            assertEquals("late", later.run(() -> {
                later.reschedule(now() + 5);
                return sleep(3, "late");
            }));
            assertEquals(3.0, now() - t1, 1e-6);
            assertFalse(later.expired());

            Timeout never = Asyncio.timeout(1);
            assertEquals("free", never.run(() -> {
                never.reschedule((Double) null);
                assertNull(never.when());
                return sleep(100, "free");
            }));

            Timeout past = Asyncio.timeout(10);
            assertThrows(TimeoutError.class, () -> past.run(() -> {
                past.reschedule(now() - 1);
                sleep(0);
            }));
        });
    }

    @Test
    void rescheduleOutsideTheBlockIsAnError() {
        Loops.run(() -> {
            Timeout t = Asyncio.timeout(1);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.reschedule(5));
            assertTrue(e.getMessage().contains("not been entered"), e.getMessage());
            t.run(() -> { });
            assertThrows(IllegalStateException.class, () -> t.reschedule(5));
            assertThrows(IllegalStateException.class, () -> t.run(() -> { }), "entered once only");
        });
    }

    @Test
    void timeoutAtUsesTheLoopClock() {
        Loops.run(() -> {
            double when = now() + 2;
            Timeout t = Asyncio.timeoutAt(when);
            assertEquals(when, t.when(), 1e-6);
            assertThrows(TimeoutError.class, () -> t.run(() -> sleep(3)));
            assertEquals(when, now(), 1e-6);
            assertEquals(7, (int) Asyncio.timeoutAt(now() + 1, () -> 7));
        });
    }

    @Test
    void anAbsoluteDeadlineLandsOnTheSameNanosecondAsTheEquivalentDelay() {
        // timeoutAt(time() + d) and sleep(d) must expire at the same instant, whatever the clock reads.
        Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            for (int i = 0; i < 2000; i++) {
                TimerHandle relative = loop.callLater(1, () -> { });
                TimerHandle absolute = loop.callAt(loop.time() + 1, () -> { });
                assertEquals(relative.deadlineNanos, absolute.deadlineNanos, "at clock " + loop.time());
                relative.cancel();
                absolute.cancel();
                sleep(0.000_123_457);
            }
        });
    }

    @Test
    void nestedTimeoutsOnlyTheExpiredOneRaisesTimeoutError() {
        // SEMANTICS 16: outer expires first; the inner lets CancelledError through to the outer.
        Loops.run(() -> {
            Timeout outer = Asyncio.timeout(1);
            Timeout inner = Asyncio.timeout(5);
            boolean[] innerSawCancel = {false};
            assertThrows(TimeoutError.class, () -> outer.run(() -> {
                try {
                    inner.run(() -> sleep(10));
                } catch (CancelledError e) {
                    innerSawCancel[0] = true;
                    throw e;
                }
            }));
            assertTrue(innerSawCancel[0]);
            assertTrue(outer.expired());
            assertFalse(inner.expired());
        });
    }

    @Test
    void nestedTimeoutsWithTheSameDeadline() {
        // SEMANTICS 16: both expire at once; the inner block sees the outer's cancel request still
        // pending, so it lets CancelledError through and only the outer raises TimeoutError.
        Loops.run(() -> {
            double when = now() + 1;
            Timeout outer = Asyncio.timeoutAt(when);
            Timeout inner = Asyncio.timeoutAt(when);
            Throwable[] innerOutcome = {null};
            assertThrows(TimeoutError.class, () -> outer.run(() -> {
                try {
                    inner.run(() -> sleep(10));
                } catch (Throwable e) {
                    innerOutcome[0] = e;
                    throw e;
                }
            }));
            assertInstanceOf(CancelledError.class, innerOutcome[0]);
            assertTrue(outer.expired());
            assertTrue(inner.expired());
            assertEquals(0, Asyncio.currentTask().cancelling());
        });
    }

    @Test
    void innerTimeoutExpiringIsCaughtInsideTheOuter() {
        Loops.run(() -> {
            String r = timeout(10, () -> {
                try {
                    timeout(1, () -> sleep(5));
                    return "no";
                } catch (TimeoutError e) {
                    return "inner timed out";
                }
            });
            assertEquals("inner timed out", r);
        });
    }

    @Test
    void outerCancelDuringATimeoutStaysACancellation() {
        // SEMANTICS 17, second half
        Loops.run(() -> {
            Timeout[] t = {null};
            Task<Void> task = createTask(() -> {
                t[0] = Asyncio.timeout(10);
                t[0].run(() -> sleep(20));
            });
            sleep(1);
            task.cancel("from outside");
            CancelledError e = assertThrows(CancelledError.class, task::await);
            assertEquals("from outside", e.getMessage());
            assertTrue(task.cancelled());
            assertFalse(t[0].expired());
        });
    }

    @Test
    void outerCancelArrivingTogetherWithTheExpiryStaysACancellation() {
        Loops.run(() -> {
            Timeout[] t = {null};
            Task<Void> task = createTask(() -> {
                t[0] = Asyncio.timeout(1);
                t[0].run(() -> sleep(20));
            });
            sleep(0);
            Asyncio.getRunningLoop().callLater(1, () -> task.cancel("outside"));
            assertThrows(CancelledError.class, task::await);
            assertTrue(t[0].expired());
            assertTrue(task.cancelled(), "one cancel request from outside remained: no TimeoutError");
        });
    }

    @Test
    void bodyThatSwallowsTheCancellationEndsNormally() {
        Loops.run(() -> {
            Timeout t = Asyncio.timeout(1);
            String r = t.run(() -> {
                try {
                    sleep(5);
                    return "slept";
                } catch (CancelledError e) {
                    return "swallowed";
                }
            });
            assertEquals("swallowed", r);
            assertTrue(t.expired());
            assertEquals(0, Asyncio.currentTask().cancelling());
        });
    }

    @Test
    void otherExceptionsPassThroughUnchanged() {
        Loops.run(() -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> timeout(1, () -> {
                        throw new IllegalArgumentException("mine");
                    }));
            assertEquals("mine", e.getMessage());
        });
    }

    @Test
    void outsideATaskIsAnError() {
        Throwable[] caught = {null};
        Loops.run(() -> {
            Timeout t = Asyncio.timeout(1);
            Asyncio.getRunningLoop().callSoon(() -> {
                try {
                    t.run(() -> { });
                } catch (Throwable e) {
                    caught[0] = e;
                }
            });
            sleep(0);
        });
        assertInstanceOf(IllegalStateException.class, caught[0]);
    }
}
