package io.jasyncio;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 8 §2: {@code wrapFuture} of a jasyncio future, {@code wait} over any iterable. */
class FacadeAdditionsTest {

    @Test
    void wrapFutureReturnsAJasyncioFutureUnchanged() {
        Loops.run(() -> {
            Future<String> f = Asyncio.getRunningLoop().createFuture();
            assertSame(f, Asyncio.wrapFuture(f));
            Task<Integer> t = Asyncio.createTask(() -> 1);
            assertSame(t, Asyncio.wrapFuture(t));
            assertThrows(NullPointerException.class, () -> Asyncio.wrapFuture((Future<?>) null));
            t.await();
        });
    }

    @Test
    void waitAcceptsAnyIterable() {
        Loops.run(() -> {
            Task<String> quick = Asyncio.createTask(() -> Asyncio.sleep(1, "quick"));
            Task<String> slow = Asyncio.createTask(() -> Asyncio.sleep(5, "slow"));
            Iterable<Task<String>> tasks = new ArrayDeque<>(List.of(quick, slow))::iterator; // not a Collection
            DoneAndPending<String> r = Asyncio.wait(tasks, ReturnWhen.FIRST_COMPLETED);
            assertEquals(java.util.Set.of(quick), r.done());
            assertEquals(java.util.Set.of(slow), r.pending());
            Iterable<Task<String>> none = List.<Task<String>>of()::iterator;
            assertThrows(IllegalArgumentException.class, () -> Asyncio.wait(none));
            assertEquals(2, Asyncio.wait(tasks, 10).done().size());
        });
    }
}
