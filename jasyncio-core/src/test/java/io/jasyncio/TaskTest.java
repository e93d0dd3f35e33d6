package io.jasyncio;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TaskTest {

    @Test
    void createTaskRunsAfterCallbacksQueuedEarlier() {
        Steps s = new Steps();
        Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            loop.callSoon(() -> s.expect(2));
            Task<Void> t = Asyncio.createTask(() -> s.expect(3)); // SEMANTICS 9
            loop.callSoon(() -> s.expect(4));
            s.expect(1);
            t.await();
            s.expect(5);
        });
    }

    @Test
    void sleepZeroYieldsExactlyOnce() {
        List<String> order = new ArrayList<>();
        Loops.run(() -> {
            Task<Void> a = Asyncio.createTask(() -> {
                for (int i = 0; i < 3; i++) {
                    order.add("a" + i);
                    Asyncio.sleep(0);
                }
            });
            Task<Void> b = Asyncio.createTask(() -> {
                for (int i = 0; i < 3; i++) {
                    order.add("b" + i);
                    Asyncio.sleep(0);
                }
            });
            a.await();
            b.await();
        });
        assertEquals(List.of("a0", "b0", "a1", "b1", "a2", "b2"), order);
    }

    @Test
    void sleepReturnsItsResultAfterTheDelay() {
        double[] times = new double[2];
        String r = Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            times[0] = loop.time();
            String v = Asyncio.sleep(2.5, "done");
            times[1] = loop.time();
            return v;
        });
        assertEquals("done", r);
        assertEquals(2.5, times[1] - times[0], 0.01);
    }

    @Test
    void taskResultAndException() {
        Loops.run(() -> {
            Task<Integer> ok = Asyncio.createTask(() -> 42);
            Task<Integer> bad = Asyncio.createTask(() -> {
                throw new IllegalArgumentException("bad");
            });
            assertEquals(42, ok.await());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad::await);
            assertEquals("bad", e.getMessage());
            assertSame(e, bad.exception());
        });
    }

    @Test
    void taskRefusesSetResultAndSetException() {
        Loops.run(() -> {
            Task<Integer> t = Asyncio.createTask(() -> 1);
            // issue 8 §1.9: asyncio raises RuntimeError("Task does not support set_result operation")
            IllegalStateException r = assertThrows(IllegalStateException.class, () -> t.setResult(2));
            assertEquals("Task does not support setResult operation", r.getMessage());
            assertFalse(r instanceof InvalidStateError);
            IllegalStateException x = assertThrows(IllegalStateException.class, () -> t.setException(new RuntimeException()));
            assertEquals("Task does not support setException operation", x.getMessage());
            t.await();
        });
    }

    @Test
    void namesDefaultToTaskNAndCanBeChanged() {
        Loops.run(() -> {
            Task<Integer> t = Asyncio.createTask(() -> 1);
            assertTrue(t.getName().matches("Task-\\d+"), t.getName());
            t.setName("fetcher");
            assertEquals("fetcher", t.getName());
            Task<Integer> named = Asyncio.getRunningLoop().createTask(() -> 2, "named");
            assertEquals("named", named.getName());
            assertTrue(named.toString().contains("name='named'"));
            t.await();
            named.await();
        });
    }

    @Test
    void currentTaskAndAllTasks() {
        Loops.run(() -> {
            Task<?> main = Asyncio.currentTask();
            assertNotNull(main);
            Future<Void> gate = Asyncio.getRunningLoop().createFuture();
            Task<Task<?>> child = Asyncio.createTask(() -> {
                gate.await();
                return Asyncio.currentTask();
            });
            Asyncio.sleep(0);
            assertEquals(java.util.Set.of(main, child), Asyncio.allTasks());
            gate.setResult(null);
            assertSame(child, child.await());
            assertEquals(java.util.Set.of(main), Asyncio.allTasks());
            Task<?>[] inCallback = {main};
            Asyncio.getRunningLoop().callSoon(() -> inCallback[0] = Asyncio.currentTask());
            Asyncio.sleep(0);
            assertNull(inCallback[0], "a plain callback has no current task");
        });
        assertThrows(IllegalStateException.class, Asyncio::currentTask);
    }

    @Test
    void cancelWhileWaitingCancelsTheAwaitedFutureAndCarriesTheMessage() {
        Loops.run(() -> {
            Future<Integer> inner = Asyncio.getRunningLoop().createFuture();
            Task<Integer> t = Asyncio.createTask(() -> inner.await());
            Asyncio.sleep(0);
            assertTrue(t.cancel("enough"));
            assertEquals(1, t.cancelling());
            CancelledError e = assertThrows(CancelledError.class, t::await);
            assertEquals("enough", e.getMessage());
            assertTrue(inner.cancelled());
            assertTrue(t.cancelled());
            assertFalse(t.cancel());
        });
    }

    @Test
    void cancelledBeforeItsFirstStepTheBodyNeverRuns() {
        boolean[] ran = new boolean[1];
        Loops.run(() -> {
            Task<Void> t = Asyncio.createTask(() -> {
                try {
                    ran[0] = true;
                } finally {
                    ran[0] = true;
                }
            });
            t.cancel("early");
            assertEquals("early", assertThrows(CancelledError.class, t::await).getMessage());
        });
        assertFalse(ran[0], "SEMANTICS 7: not even a finally runs");
    }

    @Test
    void taskCancellingItselfThenReturningEndsCancelled() {
        Loops.run(() -> {
            Task<Integer> t = Asyncio.createTask(() -> {
                Asyncio.currentTask().cancel("self");
                return 99; // SEMANTICS 3: the value is discarded
            });
            assertEquals("self", assertThrows(CancelledError.class, t::await).getMessage());
            assertTrue(t.cancelled());
        });
    }

    @Test
    void catchingCancelledErrorAndReturningIsNotCancelled() {
        Loops.run(() -> {
            Future<Integer> never = Asyncio.getRunningLoop().createFuture();
            Task<String> t = Asyncio.createTask(() -> {
                try {
                    never.await();
                    return "unreachable";
                } catch (CancelledError e) {
                    return "swallowed";
                }
            });
            Asyncio.sleep(0);
            t.cancel();
            assertEquals("swallowed", t.await());
            assertFalse(t.cancelled());
            assertEquals(1, t.cancelling(), "SEMANTICS 4: the count stays");
        });
    }

    @Test
    void severalCancelsDeliverOneErrorWithTheFirstMessageWhenBlocked() {
        Loops.run(() -> {
            Future<Integer> never = Asyncio.getRunningLoop().createFuture();
            List<String> seen = new ArrayList<>();
            Task<Void> t = Asyncio.createTask(() -> {
                try {
                    never.await();
                } catch (CancelledError e) {
                    seen.add(e.getMessage());
                }
                Asyncio.sleep(0); // a second CancelledError would surface here
                seen.add("after");
            });
            Asyncio.sleep(0);
            t.cancel("first");
            t.cancel("second");
            t.await();
            assertEquals(List.of("first", "after"), seen);
            assertEquals(2, t.cancelling());
        });
    }

    @Test
    void severalCancelsBeforeTheFirstStepDeliverTheLastMessage() {
        Loops.run(() -> {
            Task<Void> t = Asyncio.createTask(() -> { });
            t.cancel("first");
            t.cancel("last");
            assertEquals("last", assertThrows(CancelledError.class, t::await).getMessage());
        });
    }

    @Test
    void resultArrivingBeforeTheCancelledTaskResumesIsLost() {
        Loops.run(() -> {
            Future<Integer> f = Asyncio.getRunningLoop().createFuture();
            List<String> seen = new ArrayList<>();
            Task<Void> t = Asyncio.createTask(() -> {
                try {
                    seen.add("got " + f.await());
                } catch (CancelledError e) {
                    seen.add("cancelled");
                }
            });
            Asyncio.sleep(0);
            f.setResult(1);
            assertTrue(t.cancel(), "the task has not resumed yet"); // SEMANTICS 6
            t.await();
            assertEquals(List.of("cancelled"), seen);
        });
    }

    @Test
    void cancelWhileRunnableRaisesAtTheNextSuspension() {
        Loops.run(() -> {
            List<String> seen = new ArrayList<>();
            Task<Void> t = Asyncio.createTask(() -> {
                seen.add("started");
                try {
                    Asyncio.sleep(0);
                    seen.add("not cancelled?");
                } catch (CancelledError e) {
                    seen.add("cancelled at sleep(0)");
                    throw e;
                }
            });
            Asyncio.sleep(0); // t ran up to its sleep(0) and is queued again
            t.cancel();
            assertThrows(CancelledError.class, t::await);
            assertEquals(List.of("started", "cancelled at sleep(0)"), seen);
        });
    }

    @Test
    void uncancelTakesARequestBackAndDropsAPendingCancel() {
        Loops.run(() -> {
            Task<String> t = Asyncio.createTask(() -> {
                Asyncio.sleep(0);
                return "ran";
            });
            t.cancel();
            assertEquals(1, t.cancelling());
            assertEquals(0, t.uncancel());
            assertEquals(0, t.uncancel());
            assertEquals("ran", t.await(), "the cancel was taken back before it was delivered");
        });
    }

    @Test
    void aTaskCannotAwaitItself() {
        Loops.run(() -> {
            Task<?> self = Asyncio.currentTask();
            IllegalStateException e = assertThrows(IllegalStateException.class, self::await);
            assertTrue(e.getMessage().contains("cannot await on itself"));
        });
    }

    @Test
    void getStackShowsWhereTheTaskIsSuspended() {
        Loops.run(() -> {
            Future<Void> gate = Asyncio.getRunningLoop().createFuture();
            Task<Void> t = Asyncio.createTask(() -> parkedHere(gate));
            Asyncio.sleep(0);
            StackTraceElement[] stack = t.getStack();
            assertTrue(Arrays.stream(stack).anyMatch(e -> e.getMethodName().equals("parkedHere")),
                    Arrays.toString(stack));
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            t.printStack(new java.io.PrintStream(bytes, true));
            assertTrue(bytes.toString().contains("parkedHere"));
            gate.setResult(null);
            t.await();
            assertEquals(0, t.getStack().length);
        });
    }

    private static void parkedHere(Future<Void> gate) {
        gate.await();
    }

    @Test
    void fireAndForgetTasksAreNotCollectedMidFlight() {
        List<Integer> done = new ArrayList<>();
        Loops.run(() -> {
            for (int i = 0; i < 100; i++) {
                int n = i;
                Asyncio.createTask(() -> {
                    Asyncio.sleep(1);
                    done.add(n);
                }); // no reference kept: the loop must hold it
            }
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            Asyncio.sleep(2);
        });
        assertEquals(100, done.size());
    }

    // issue 8 §1.9: asyncio's debug mode raises when a task is cancelled from another thread
    // ("Non-thread-safe operation invoked on an event loop other than the current one").
    @Test
    void debugModeRejectsCancelAndSetResultFromAForeignThread() {
        EventLoop loop = Loops.newLoop();
        loop.setDebug(true);
        try {
            List<String> seen = loop.runUntilComplete(() -> {
                Task<Void> sleeper = Asyncio.createTask(() -> Asyncio.sleep(3600));
                Future<Integer> fut = loop.createFuture();
                List<String> r = Asyncio.toThread(() -> {
                    List<String> out = new ArrayList<>();
                    for (Runnable call : List.<Runnable>of(() -> sleeper.cancel(), () -> fut.setResult(1), () -> fut.cancel())) {
                        try {
                            call.run();
                            out.add("accepted");
                        } catch (IllegalStateException e) {
                            out.add(e.getMessage());
                        }
                    }
                    return out;
                });
                assertFalse(sleeper.done());
                assertFalse(fut.done());
                sleeper.cancel();
                return r;
            });
            String msg = "Non-thread-safe operation invoked on an event loop other than the current one";
            assertEquals(List.of(msg, msg, msg), seen);
        } finally {
            loop.close();
        }
    }

    @Test
    void unretrievedTaskExceptionIsReportedWhenCollected() throws Exception {
        EventLoop loop = Loops.newLoop();
        CompletableFuture<Map<String, Object>> report = new CompletableFuture<>();
        loop.setExceptionHandler((l, ctx) -> report.complete(ctx));
        WeakReference<Task<?>> ref = loop.runUntilComplete(() -> {
            Task<Void> t = Asyncio.createTask(() -> {
                throw new IllegalStateException("nobody looks at me");
            });
            Asyncio.sleep(0);
            Asyncio.sleep(0);
            return new WeakReference<Task<?>>(t);
        });
        // The report comes from the collector's cleaner thread: wait for it, bounded, collecting meanwhile.
        Map<String, Object> ctx = null;
        for (int i = 0; i < 200 && ctx == null; i++) {
            System.gc();
            try {
                ctx = report.get(20, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException notYet) {
                // collect again
            }
        }
        assertNotNull(ctx, "no report arrived");
        assertEquals("nobody looks at me", ((Throwable) ctx.get("exception")).getMessage());
        // issue 8 §1.9: asyncio's message exactly, plus `exception` and `future`
        assertEquals("Task exception was never retrieved", ctx.get("message"));
        assertEquals(java.util.Set.of("message", "exception", "future"), ctx.keySet());
        assertTrue(((String) ctx.get("future")).startsWith("<Task finished name='Task-"), (String) ctx.get("future"));
        loop.close();
        assertNull(ref.get(), "the task was collected");
    }

    /** asyncio 3.11+: __step keeps the CancelledError the body raised; _make_cancelled_error hands it out once. */
    @Test
    void theFirstRetrievalOfATaskThatRaisedCancelledErrorGetsThatInstanceLaterOnesANewOne() {
        Loops.run(() -> {
            Future<Void> gate = Asyncio.getRunningLoop().createFuture();
            CancelledError[] raised = {null};
            Task<Void> t = Asyncio.createTask(() -> {
                try {
                    gate.await();
                } catch (CancelledError e) {
                    raised[0] = e;
                    throw e;
                }
            });
            Asyncio.sleep(0);
            t.cancel("stop");
            CancelledError first = assertThrows(CancelledError.class, t::await);
            assertSame(raised[0], first, "the awaiter gets the instance the task raised");
            CancelledError second = assertThrows(CancelledError.class, t::result);
            assertNotSame(first, second, "handed out once, as asyncio's _cancelled_exc");
            assertEquals("stop", second.getMessage());
            Task<Void> selfCancelled = Asyncio.createTask(() -> {
                Asyncio.currentTask().cancel("self");
            });
            CancelledError made = assertThrows(CancelledError.class, selfCancelled::await);
            assertEquals("self", made.getMessage(), "no body raised one: a new CancelledError with the message");
        });
    }

    /** asyncio 3.11+'s _task_repr_info: "cancelling" while cancelling() > 0 and the task is not done. */
    @Test
    void toStringSaysCancellingWhileACancelIsCountedEvenOnceItWentToTheAwaitedFuture() {
        Loops.run(() -> {
            Future<Void> gate = Asyncio.getRunningLoop().createFuture();
            Task<Void> t = Asyncio.createTask(() -> {
                try {
                    gate.await();
                } catch (CancelledError swallowed) {
                    Asyncio.sleep(0); // still counted: cancelling() stays 1 without uncancel()
                    Asyncio.currentTask().uncancel();
                    Asyncio.sleep(0);
                }
            });
            Asyncio.sleep(0);
            assertTrue(t.toString().contains(" pending "), t.toString());
            t.cancel();
            assertTrue(gate.cancelled(), "the cancel went to the awaited future");
            assertTrue(t.toString().contains(" cancelling "), t.toString());
            Asyncio.sleep(0);
            assertTrue(t.toString().contains(" cancelling "), "caught, not uncancelled: " + t);
            Asyncio.sleep(0);
            assertTrue(t.toString().contains(" pending "), "after uncancel(): " + t);
            t.await();
            assertTrue(t.toString().contains(" finished "), t.toString());
        });
    }
}
