package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class AsCompletedTest {

    @Test
    void yieldsFuturesInFinishingOrder() {
        List<String> order = Loops.run(() -> {
            List<Task<String>> tasks = List.of(
                    createTask(() -> sleep(3, "three")),
                    createTask(() -> sleep(1, "one")),
                    createTask(() -> sleep(2, "two")));
            List<String> out = new ArrayList<>();
            for (Future<String> f : Asyncio.asCompleted(tasks)) {
                assertTrue(f.done());
                out.add(f.result());
            }
            return out;
        });
        assertEquals(List.of("one", "two", "three"), order);
    }

    @Test
    void coroutinesAreWrappedInTasks() {
        List<Integer> order = Loops.run(() -> {
            List<Coroutine<Integer>> cs = List.of(() -> sleep(2, 2), () -> sleep(1, 1));
            List<Integer> out = new ArrayList<>();
            for (Future<Integer> f : Asyncio.asCompleted(cs, 10)) {
                out.add(f.result());
            }
            return out;
        });
        assertEquals(List.of(1, 2), order);
    }

    @Test
    void timeoutRaisesWhenTheNextWouldWaitTooLongThenTheIterationIsOver() {
        Loops.run(() -> {
            Task<String> quick = createTask(() -> sleep(1, "quick"));
            Task<String> slow = createTask(() -> sleep(10, "slow"));
            Iterator<Future<String>> it = Asyncio.asCompleted(List.of(slow, quick), 2).iterator();
            assertSame(quick, it.next());
            assertTrue(it.hasNext());
            assertThrows(TimeoutError.class, it::next);
            assertFalse(it.hasNext(), "issue 8 §1.3: one TimeoutError for the one input left, then done");
            assertThrows(NoSuchElementException.class, it::next);
            assertFalse(slow.cancelled(), "as in asyncio, the pending futures are not cancelled");
            slow.cancel();
        });
    }

    /** CPython test_tasks::test_as_completed_with_timeout: a loop catching per item ends. */
    @Test
    void aLoopCatchingTimeoutsGetsOnePerInputLeftAndEnds() {
        Loops.run(() -> {
            List<Task<String>> tasks = List.of(createTask(() -> sleep(1, "a")), createTask(() -> sleep(5, "b")),
                    createTask(() -> sleep(6, "c")));
            Iterator<Future<String>> it = Asyncio.asCompleted(tasks, 2).iterator();
            List<String> seen = new ArrayList<>();
            for (int guard = 0; it.hasNext() && guard < 10; guard++) {
                try {
                    seen.add(it.next().result());
                } catch (TimeoutError e) {
                    seen.add("timeout");
                }
            }
            assertEquals(List.of("a", "timeout", "timeout"), seen);
            for (Task<String> t : tasks) {
                t.cancel();
            }
        });
    }

    @Test
    void aSecondForResumesWhereTheFirstStopped() {
        List<String> order = Loops.run(() -> {
            AsCompleted<String> ac = Asyncio.asCompleted(List.of(createTask(() -> sleep(2, "two")),
                    createTask(() -> sleep(1, "one")), createTask(() -> sleep(3, "three"))));
            List<String> out = new ArrayList<>();
            for (Future<String> f : ac) {
                out.add(f.result());
                break;
            }
            for (Future<String> f : ac) {
                out.add(f.result());
            }
            return out;
        });
        assertEquals(List.of("one", "two", "three"), order);
    }

    @Test
    void awaitablesAreHandedOutInAdvanceAndResolveInCompletionOrder() {
        Loops.run(() -> {
            Task<String> slow = createTask(() -> sleep(3, "slow"));
            Task<String> bad = createTask(() -> {
                sleep(2);
                throw new IllegalArgumentException("bad");
            });
            Task<String> quick = createTask(() -> sleep(1, "quick"));
            Task<String> never = createTask(() -> sleep(100, "never"));
            AsCompleted<String> ac = Asyncio.asCompleted(List.of(slow, bad, quick, never), 5);
            List<Future<String>> slots = ac.awaitables(); // no input is done yet: must not wait
            assertEquals(4, slots.size());
            assertFalse(ac.hasNext());
            assertEquals("quick", slots.get(0).await());
            assertThrows(IllegalArgumentException.class, slots.get(1)::await);
            assertEquals("slow", slots.get(2).await());
            assertThrows(TimeoutError.class, slots.get(3)::await);
            never.cancel();
        });
    }

    @Test
    void awaitablesAfterSomeNextCallsCoverTheRest() {
        Loops.run(() -> {
            AsCompleted<Integer> ac = Asyncio.asCompleted(List.of(createTask(() -> sleep(1, 1)),
                    createTask(() -> sleep(2, 2)), createTask(() -> sleep(3, 3))));
            assertEquals(1, ac.next().result());
            sleep(2.5); // the second is done before the slots are asked for
            List<Future<Integer>> rest = ac.awaitables();
            assertEquals(2, rest.size());
            assertTrue(rest.get(0).done());
            assertEquals(2, rest.get(0).result());
            assertEquals(3, rest.get(1).await());
        });
    }

    /** Issue 8 §1.4: the same coroutine object given twice runs once and is yielded once. */
    @Test
    void theSameCoroutineTwiceRunsOnceAndIsYieldedOnce() {
        Loops.run(() -> {
            int[] runs = {0};
            Coroutine<String> c = () -> {
                runs[0]++;
                return sleep(1, "x");
            };
            List<String> out = new ArrayList<>();
            for (Future<String> f : Asyncio.asCompleted(List.of(c, c, () -> sleep(2, "y")))) {
                out.add(f.result());
            }
            assertEquals(List.of("x", "y"), out);
            assertEquals(1, runs[0]);
        });
    }

    @Test
    void theSameFutureTwiceIsYieldedOnce() {
        Loops.run(() -> {
            Task<Integer> t = createTask(() -> sleep(1, 7));
            List<Future<Integer>> out = new ArrayList<>();
            for (Future<Integer> f : Asyncio.asCompleted(List.of(t, t))) {
                out.add(f);
            }
            assertEquals(List.of(t), out);
        });
    }

    @Test
    void failedFutureIsHandedOutAndItsResultRaises() {
        Loops.run(() -> {
            Task<String> bad = createTask(() -> {
                sleep(1);
                throw new IllegalStateException("bad");
            });
            Iterator<Future<String>> it = Asyncio.asCompleted(List.of(bad)).iterator();
            Future<String> f = it.next();
            assertThrows(IllegalStateException.class, f::result);
            assertFalse(it.hasNext());
            assertThrows(NoSuchElementException.class, it::next);
        });
    }

    @Test
    void everyIteratorCallGivesTheSameIterator() {
        Loops.run(() -> {
            AsCompleted<Integer> ac = Asyncio.asCompleted(List.of(createTask(() -> 1)));
            assertSame(ac.iterator(), ac.iterator());
            assertEquals(1, ac.iterator().next().result());
            assertFalse(ac.iterator().hasNext());
        });
    }
}
