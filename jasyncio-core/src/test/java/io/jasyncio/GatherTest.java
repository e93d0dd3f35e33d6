package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatherTest {

    @Test
    void resultsComeInArgumentOrderNotFinishingOrder() {
        List<Object> r = Loops.run(() -> gather(
                () -> sleep(3, "a"),
                () -> sleep(1, "b"),
                () -> sleep(2, "c")).await());
        assertEquals(List.of("a", "b", "c"), r);
    }

    @Test
    void typedListOfCoroutines() {
        List<Integer> r = Loops.run(() -> {
            List<Coroutine<Integer>> cs = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                int n = i;
                cs.add(() -> sleep(5 - n, n * n));
            }
            Future<List<Integer>> g = gather(cs);
            return g.await();
        });
        assertEquals(List.of(0, 1, 4, 9, 16), r);
    }

    @Test
    void typedListOfTasksAndAFutureGivenTwice() {
        List<String> r = Loops.run(() -> {
            Task<String> a = createTask(() -> sleep(1, "a"));
            Task<String> b = createTask(() -> sleep(2, "b"));
            return gather(List.of(a, b, a)).await();
        });
        assertEquals(List.of("a", "b", "a"), r);
    }

    /** Issue 8 §1.4: the same coroutine object given twice runs once, its result repeated. */
    @Test
    void theSameCoroutineTwiceRunsOnceAndItsResultIsRepeated() {
        int[] runs = {0};
        List<Object> r = Loops.run(() -> {
            Coroutine<String> c = () -> {
                runs[0]++;
                return sleep(1, "c" + runs[0]);
            };
            List<Object> varargs = gather(c, () -> sleep(1, "d"), c).await();
            assertEquals(1, runs[0]);
            List<String> typed = gather(List.of(c, c)).await();
            assertEquals(List.of("c2", "c2"), typed);
            return varargs;
        });
        assertEquals(List.of("c1", "d", "c1"), r);
        assertEquals(2, runs[0], "once per gather call");
    }

    @Test
    void theSameVoidCoroutineTwiceRunsOnce() {
        int[] runs = {0};
        Loops.run(() -> {
            VoidCoroutine v = () -> {
                runs[0]++;
                sleep(1);
            };
            assertEquals(java.util.Arrays.asList(null, null), gather(v, v).await());
        });
        assertEquals(1, runs[0]);
    }

    @Test
    void gatherOfNothingIsDoneWithAnEmptyList() {
        List<Object> r = Loops.run(() -> {
            Future<List<Object>> g = gather(List.<Future<Object>>of());
            assertTrue(g.done());
            return g.await();
        });
        assertEquals(List.of(), r);
    }

    @Test
    void firstExceptionReachesTheAwaiterAtOnceAndTheOthersKeepRunning() {
        // SEMANTICS 2
        Steps steps = new Steps();
        Loops.run(() -> {
            double start = Asyncio.getRunningLoop().time();
            Task<String> slow = createTask(() -> {
                sleep(5);
                steps.expect(3);
                return "slow";
            });
            Task<String> failing = createTask(() -> {
                sleep(1);
                throw new IOException("boom");
            });
            Future<List<Object>> g = gather(slow, failing);
            IOException e = assertThrows(IOException.class, g::await);
            assertEquals("boom", e.getMessage());
            steps.expect(1);
            assertEquals(1.0, Asyncio.getRunningLoop().time() - start, 1e-6, "raised at the failure, not at the end");
            assertFalse(slow.done());
            steps.expect(2);
            assertEquals("slow", slow.await());
            assertFalse(slow.cancelled());
        });
        steps.finish(4);
    }

    @Test
    void returnExceptionsPutsExceptionsAndCancellationsInPlace() {
        List<Object> r = Loops.run(() -> {
            Task<String> cancelled = createTask(() -> sleep(10, "never"));
            Future<List<Object>> g = gather(true,
                    createTask(() -> sleep(1, "ok")),
                    createTask(() -> {
                        sleep(2);
                        throw new IllegalStateException("bad");
                    }),
                    cancelled);
            sleep(0);
            cancelled.cancel("stop");
            return g.await();
        });
        assertEquals("ok", r.get(0));
        assertInstanceOf(IllegalStateException.class, r.get(1));
        assertInstanceOf(CancelledError.class, r.get(2));
        assertEquals("stop", ((CancelledError) r.get(2)).getMessage());
    }

    @Test
    void cancellingTheGatherCancelsEveryChildAndEndsWithACancelledErrorException() {
        // SEMANTICS 1
        Loops.run(() -> {
            Task<String> a = createTask(() -> sleep(10, "a"));
            Task<String> b = createTask(() -> sleep(10, "b"));
            Future<List<Object>> g = gather(a, b);
            sleep(0);
            assertTrue(g.cancel("enough"));
            CancelledError e = assertThrows(CancelledError.class, g::await);
            assertEquals("enough", e.getMessage());
            assertTrue(a.cancelled());
            assertTrue(b.cancelled());
            assertTrue(g.done());
            assertFalse(g.cancelled(), "the gather ends with an exception, it is not cancelled");
            assertInstanceOf(CancelledError.class, g.exception());
            assertFalse(g.cancel(), "already done");
        });
    }

    @Test
    void cancellingTheGatherWhenAChildSwallowsTheCancellationStillRaises() {
        Loops.run(() -> {
            Task<String> stubborn = createTask(() -> {
                try {
                    sleep(10);
                } catch (CancelledError e) {
                    return "kept going";
                }
                return "slept";
            });
            Future<List<Object>> g = gather(stubborn);
            sleep(0);
            g.cancel();
            assertThrows(CancelledError.class, g::await);
            assertEquals("kept going", stubborn.result());
        });
    }

    @Test
    void cancellingOneChildMakesTheGatherRaiseCancelledError() {
        Loops.run(() -> {
            Task<String> a = createTask(() -> sleep(10, "a"));
            Task<String> b = createTask(() -> sleep(1, "b"));
            Future<List<Object>> g = gather(a, b);
            sleep(0);
            a.cancel("just a");
            CancelledError e = assertThrows(CancelledError.class, g::await);
            assertEquals("just a", e.getMessage());
            assertFalse(g.cancelled());
            assertFalse(b.done(), "the other child is not cancelled");
            assertEquals("b", b.await());
        });
    }

    @Test
    void cancellingTheAwaiterCancelsTheGatherAndItsChildren() {
        Loops.run(() -> {
            List<Task<String>> children = new ArrayList<>();
            Task<Object> awaiter = createTask(() -> {
                children.add(createTask(() -> sleep(10, "x")));
                children.add(createTask(() -> sleep(10, "y")));
                return gather(children).await();
            });
            sleep(0);
            sleep(0);
            awaiter.cancel();
            assertThrows(CancelledError.class, awaiter::await);
            assertTrue(awaiter.cancelled());
            assertTrue(children.get(0).cancelled());
            assertTrue(children.get(1).cancelled());
        });
    }

    @Test
    void childrenAlreadyDoneAreCountedAtOnce() {
        Loops.run(() -> {
            Future<String> done = Asyncio.getRunningLoop().createFuture();
            done.setResult("ready");
            Future<List<Object>> g = gather(done);
            assertTrue(g.done(), "asyncio 3.12: gather of done futures is done on return");
            assertEquals(List.of("ready"), g.await());
        });
    }

    @Test
    void voidCoroutinesGiveNulls() {
        List<String> order = new ArrayList<>();
        List<Object> r = Loops.run(() -> gather(
                () -> {
                    sleep(2);
                    order.add("two");
                },
                () -> {
                    sleep(1);
                    order.add("one");
                }).await());
        assertEquals(List.of("one", "two"), order);
        assertEquals(2, r.size());
        assertNull(r.get(0));
    }

    @Test
    void cancellingAnOuterGatherReachesTheChildrenOfInnerGathers() {
        Loops.run(() -> {
            Task<String> a = createTask(() -> sleep(10, "a"));
            Task<String> b = createTask(() -> sleep(10, "b"));
            Task<String> c = createTask(() -> sleep(10, "c"));
            Future<List<Object>> inner = gather(a, b);
            Future<List<Object>> outer = gather(inner, c);
            sleep(0);
            assertTrue(outer.cancel());
            assertThrows(CancelledError.class, outer::await);
            assertTrue(a.cancelled() && b.cancelled() && c.cancelled());
            assertFalse(inner.cancelled(), "the inner gather also ends with an exception");
            assertInstanceOf(CancelledError.class, inner.exception());
        });
    }
}
