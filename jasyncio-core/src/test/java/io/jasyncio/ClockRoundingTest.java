package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Loop time is a double of seconds over a nanosecond clock, so {@code deadline - time()} can be a
 * rounding error above 0 when a timer fires. These tests choose the virtual clock's origin to make
 * that rounding happen (it depended on the JVM's uptime before: the 2026-12-01 ConnectionPoolTest
 * hang, about one run in five) and pin what the loop guarantees about it.
 */
class ClockRoundingTest {
    /** An origin and a delay at which nearest-nanosecond deadlines fire one ulp before {@code time() + delay}. */
    private static final double[][] ROUNDING = {{2.1, 0.2}, {10000.1, 0.2}, {123456.789, 0.1}};
    private static final double[] ORIGINS = {0, 2.1, 10000.1, 123456.789, 1e6, 3e8};
    private static final double[] DELAYS = {0.1, 0.2, 5, 0.000_123_457, 1e-12};

    private static <T> T runAt(double origin, Coroutine<T> main) {
        EventLoop loop = EventLoop.newEventLoop();
        loop.useVirtualClock(origin);
        try {
            return loop.runUntilComplete(main);
        } finally {
            loop.close();
        }
    }

    private static double now() {
        return Asyncio.getRunningLoop().time();
    }

    @Test
    void theOriginsHereMakeNearestNanosecondDeadlinesFireBeforeTheDoubleOne() {
        // The arithmetic timers used before 2026-12-02: now + round(delay * 1e9), clock read as nanos / 1e9.
        for (double[] r : ROUNDING) {
            long origin = Math.round(r[0] * 1e9);
            double deadline = origin / 1e9 + r[1];
            double fired = (origin + Math.round(r[1] * 1e9)) / 1e9;
            assertTrue(fired < deadline, "origin " + r[0] + ", delay " + r[1] + ": " + fired + " < " + deadline);
        }
    }

    @Test
    void aVirtualClockStartsAtTheChosenOriginWhateverTheJvmsUptime() {
        for (double origin : ORIGINS) {
            List<Double> times = runAt(origin, () -> {
                List<Double> seen = new ArrayList<>(List.of(now()));
                Asyncio.sleep(1.5);
                seen.add(now());
                return seen;
            });
            assertEquals(origin, times.get(0), 0.0, "origin " + origin);
            assertEquals(times, runAt(origin, () -> {
                List<Double> seen = new ArrayList<>(List.of(now()));
                Asyncio.sleep(1.5);
                seen.add(now());
                return seen;
            }), "the same times in every run at origin " + origin);
            assertTrue(times.get(1) >= origin + 1.5 && times.get(1) - (origin + 1.5) < 1e-6, times.toString());
        }
    }

    @Test
    void aSleepForTheTimeLeftEndsAtOrAfterTheDeadline() {
        for (double[] r : ROUNDING) {
            runAt(r[0], () -> {
                double deadline = now() + r[1];
                Asyncio.sleep(deadline - now());
                assertTrue(now() >= deadline, "origin " + r[0] + ": woke at " + now() + ", deadline " + deadline);
                return null;
            });
        }
    }

    @Test
    void waitingAgainForTheTimeLeftMakesNoMoreThanOneWaitOnAVirtualClock() {
        // The call site's loop that hung: while (time() < deadline) wait(deadline - time()). It spun
        // on a wait of a rounding error that was due at once, so the virtual clock never moved.
        for (double origin : ORIGINS) {
            for (double delay : DELAYS) {
                int[] waits = runAt(origin, () -> {
                    Future<Void> never = Asyncio.getRunningLoop().createFuture();
                    double deadline = now() + delay;
                    int expected = now() < deadline ? 1 : 0; // 1e-12 after 3e8 s is no later at all
                    int n = 0;
                    while (now() < deadline && n < 1000) {
                        Asyncio.wait(List.of(never), deadline - now());
                        n++;
                    }
                    never.cancel();
                    return new int[] {expected, n};
                });
                assertEquals(waits[0], waits[1], "waits at origin " + origin + ", delay " + delay);
            }
        }
    }

    @Test
    void aPositiveDelayBelowANanosecondStillMovesAVirtualClockOn() {
        runAt(1e6, () -> {
            double before = now();
            Asyncio.sleep(1e-15); // at 1e6 s this is far below an ulp of time(): it used to be due at once
            assertTrue(now() > before, "the clock moved: " + now());
            assertTrue(now() - before < 1e-6, "by the smallest step it has: " + (now() - before));
            return null;
        });
    }

    @Test
    void aTimerDueWithinTheClockResolutionRunsWithTheOneBeforeIt() {
        // asyncio's _run_once: end_time = self.time() + self._clock_resolution. The second timer runs
        // half a microsecond early, on any clock: why a returned wait, not the clock, says time is up.
        runAt(10000.1, () -> {
            EventLoop loop = Asyncio.getRunningLoop();
            double[] ranAt = new double[2];
            loop.callLater(1.0, () -> ranAt[0] = loop.time());
            TimerHandle late = loop.callLater(1.0 + 5e-7, () -> ranAt[1] = loop.time());
            Asyncio.sleep(2);
            assertEquals(ranAt[0], ranAt[1], 0.0, "both ran in one iteration");
            assertTrue(late.when() > ranAt[1] && late.when() - ranAt[1] <= 1e-6, late.when() + " vs " + ranAt[1]);
            return null;
        });
    }

    @Test
    void anOriginThatIsNotAFiniteNonNegativeTimeIsRefusedNamingIt() {
        EventLoop loop = EventLoop.newEventLoop();
        try {
            for (double bad : new double[] {-1, Double.NaN, Double.POSITIVE_INFINITY, 1e10}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loop.useVirtualClock(bad));
                assertTrue(e.getMessage().startsWith("origin must be finite, >= 0"), e.getMessage());
            }
        } finally {
            loop.close();
        }
    }
}
