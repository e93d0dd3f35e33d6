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
    void timeoutRaisesWhenTheNextWouldWaitTooLong() {
        Loops.run(() -> {
            Task<String> quick = createTask(() -> sleep(1, "quick"));
            Task<String> slow = createTask(() -> sleep(10, "slow"));
            Iterator<Future<String>> it = Asyncio.asCompleted(List.of(slow, quick), 2).iterator();
            assertSame(quick, it.next());
            assertTrue(it.hasNext());
            assertThrows(TimeoutError.class, it::next);
            assertFalse(slow.cancelled(), "as in asyncio, the pending futures are not cancelled");
            slow.cancel();
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
    void iterableGivesOneIteratorOnly() {
        Loops.run(() -> {
            Iterable<Future<Integer>> it = Asyncio.asCompleted(List.of(createTask(() -> 1)));
            it.iterator();
            assertThrows(IllegalStateException.class, it::iterator);
        });
    }
}
