package io.jasyncio.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

import java.util.List;

/**
 * What {@code @AsyncioTest} does to a test: sample classes (nested, so surefire does not run them
 * itself) are run through the Jupiter engine and their outcomes checked.
 */
class AsyncioTestExtensionTest {
    static final class Passing {
        @AsyncioTest(timeout = 7200)
        void anHourOfSleepTakesNoRealTime(EventLoop loop) {
            double start = loop.time();
            Asyncio.sleep(3600);
            assertEquals(3600, loop.time() - start, 1e-6);
            assertTrue(Asyncio.getRunningLoop() == loop && Asyncio.currentTask() != null);
        }

        @AsyncioTest
        void theClockStartsAtZero(EventLoop loop) {
            assertEquals(0.0, loop.time());
            Asyncio.sleep(0.1);
            Asyncio.sleep(0.2);
            // 0.1 + 0.2 is 0.30000000000000004: the first nanosecond at or after it, in every run
            assertTrue(loop.time() >= 0.1 + 0.2 && loop.time() - (0.1 + 0.2) < 1e-9, "at " + loop.time());
        }

        @AsyncioTest(clockOrigin = 1e6)
        void theClockStartsAtTheChosenOrigin(EventLoop loop) {
            assertEquals(1e6, loop.time());
            double deadline = loop.time() + 0.2;
            Asyncio.sleep(deadline - loop.time());
            assertTrue(loop.time() >= deadline, "a sleep for the time left reaches the deadline: " + loop.time());
        }

        @AsyncioTest
        void retrievedExceptionsAndAwaitedTasksAreFine(Sequencer seq) {
            seq.expect(1);
            Task<Void> t = Asyncio.createTask(() -> {
                seq.expect(3);
                throw new IllegalStateException("boom");
            });
            seq.expect(2);
            try {
                t.await();
            } catch (IllegalStateException expected) {
                seq.finish(4);
            }
        }
    }

    static final class TaskLeftRunning {
        @AsyncioTest
        void leavesATask() {
            Asyncio.createTask(() -> Asyncio.sleep(10), "forgotten");
        }
    }

    static final class ExceptionNeverRetrieved {
        @AsyncioTest
        void dropsAFailedFuture(EventLoop loop) {
            Future<Void> f = loop.createFuture();
            f.setException(new IllegalArgumentException("nobody looks at me"));
        }
    }

    static final class LoopBlocked {
        @AsyncioTest(blockedAfter = 0.05)
        void blocksTheLoop() {
            // Work that never yields holds the loop thread (Thread.sleep would only park the task's
            // virtual thread): the one wall-clock wait of the suite, and its point.
            long end = System.nanoTime() + 300_000_000L;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        }
    }

    static final class TimesOut {
        @AsyncioTest(timeout = 5)
        void sleepsPastItsTimeout() {
            Asyncio.sleep(10);
        }
    }

    static final class BadClockOrigin {
        @AsyncioTest(clockOrigin = -1)
        void neverRuns() {
            throw new AssertionError("ran with a negative clock origin");
        }
    }

    static final class SequencerUnfinished {
        @AsyncioTest
        void neverFinishes(Sequencer seq) {
            seq.expect(1);
        }
    }

    static final class CallbackError {
        @AsyncioTest
        void callbackThrows(EventLoop loop) {
            loop.callSoon(() -> {
                throw new IllegalStateException("from a callback");
            });
            Asyncio.sleep(0);
            Asyncio.sleep(0);
        }
    }

    private static Events run(Class<?> sample) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(sample)).execute().testEvents();
    }

    private static String onlyFailure(Class<?> sample) {
        Events events = run(sample);
        events.assertStatistics(s -> s.started(1).failed(1));
        List<Event> failed = events.failed().list();
        Throwable t = failed.get(0).getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
        StringBuilder sb = new StringBuilder(String.valueOf(t));
        if (t.getCause() != null) {
            sb.append(" caused by ").append(t.getCause());
        }
        return sb.toString();
    }

    @Test
    void passingTestsPassAndVirtualTimeIsFree() {
        long start = System.nanoTime();
        run(Passing.class).assertStatistics(s -> s.started(4).succeeded(4));
        assertTrue(System.nanoTime() - start < 60e9, "an hour of virtual sleep must not take real time");
    }

    @Test
    void aNegativeClockOriginFailsTheTestNamingTheAttribute() {
        String msg = onlyFailure(BadClockOrigin.class);
        assertTrue(msg.contains("@AsyncioTest clockOrigin: origin must be finite, >= 0"), msg);
        assertTrue(!msg.contains("ran with a negative clock origin"), msg);
    }

    @Test
    void aTaskLeftRunningFailsTheTestNamingIt() {
        String msg = onlyFailure(TaskLeftRunning.class);
        assertTrue(msg.contains("task left running: 'forgotten'"), msg);
        assertTrue(msg.contains("Asyncio.sleep"), "the leftover task's stack is shown: " + msg);
    }

    @Test
    void anExceptionNeverRetrievedFailsTheTest() {
        String msg = onlyFailure(ExceptionNeverRetrieved.class);
        assertTrue(msg.contains("exception never retrieved: java.lang.IllegalArgumentException: nobody looks at me"), msg);
    }

    @Test
    void aBlockedLoopFailsTheTest() {
        String msg = onlyFailure(LoopBlocked.class);
        assertTrue(msg.contains("Event loop blocked") || msg.contains("took"), msg);
        assertTrue(msg.contains("asyncio-test"), "the blocking task is named: " + msg);
    }

    @Test
    void theTimeoutIsInVirtualTime() {
        String msg = onlyFailure(TimesOut.class);
        assertTrue(msg.contains("test timed out after 5.0 seconds of virtual time"), msg);
    }

    @Test
    void anUnfinishedSequencerFailsTheTest() {
        String msg = onlyFailure(SequencerUnfinished.class);
        assertTrue(msg.contains("sequencer not finished"), msg);
    }

    @Test
    void anErrorReportedToTheExceptionHandlerFailsTheTest() {
        String msg = onlyFailure(CallbackError.class);
        assertTrue(msg.contains("Exception in callback") && msg.contains("from a callback"), msg);
    }
}
