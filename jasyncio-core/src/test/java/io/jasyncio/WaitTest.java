package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WaitTest {

    private static double now() {
        return Asyncio.getRunningLoop().time();
    }

    @Test
    void allCompletedWaitsForEveryFuture() {
        Loops.run(() -> {
            Task<Integer> a = createTask(() -> sleep(1, 1));
            Task<Integer> b = createTask(() -> sleep(2, 2));
            DoneAndPending<Integer> r = Asyncio.wait(List.of(a, b));
            assertEquals(Set.of(a, b), r.done());
            assertTrue(r.pending().isEmpty());
        });
    }

    @Test
    void firstCompletedReturnsAfterTheFirstAndCancelsNothing() {
        Loops.run(() -> {
            double start = now();
            Task<Integer> a = createTask(() -> sleep(1, 1));
            Task<Integer> b = createTask(() -> sleep(2, 2));
            DoneAndPending<Integer> r = Asyncio.wait(List.of(a, b), ReturnWhen.FIRST_COMPLETED);
            assertEquals(Set.of(a), r.done());
            assertEquals(Set.of(b), r.pending());
            assertEquals(1.0, now() - start, 1e-6);
            assertEquals(2, b.await());
        });
    }

    @Test
    void firstExceptionReturnsAtTheFirstFailure() {
        Loops.run(() -> {
            Task<Integer> ok = createTask(() -> sleep(1, 1));
            Task<Integer> bad = createTask(() -> {
                sleep(2);
                throw new IllegalStateException("bad");
            });
            Task<Integer> slow = createTask(() -> sleep(5, 5));
            DoneAndPending<Integer> r = Asyncio.wait(List.of(ok, bad, slow), ReturnWhen.FIRST_EXCEPTION);
            assertEquals(List.of(ok, bad), List.copyOf(r.done()), "done keeps argument order");
            assertEquals(Set.of(slow), r.pending());
            assertFalse(slow.cancelled());
            slow.cancel();
        });
    }

    @Test
    void firstExceptionIgnoresCancellationsAndOtherwiseWaitsForAll() {
        Loops.run(() -> {
            Task<Integer> cancelled = createTask(() -> sleep(5, 1));
            Task<Integer> ok = createTask(() -> sleep(2, 2));
            sleep(0);
            cancelled.cancel();
            DoneAndPending<Integer> r = Asyncio.wait(List.of(cancelled, ok), ReturnWhen.FIRST_EXCEPTION);
            assertEquals(Set.of(cancelled, ok), r.done());
        });
    }

    @Test
    void timeoutReturnsThePendingOnesWithoutCancellingThem() {
        Loops.run(() -> {
            double start = now();
            Task<Integer> a = createTask(() -> sleep(1, 1));
            Task<Integer> b = createTask(() -> sleep(10, 2));
            DoneAndPending<Integer> r = Asyncio.wait(List.of(a, b), 3);
            assertEquals(Set.of(a), r.done());
            assertEquals(Set.of(b), r.pending());
            assertEquals(3.0, now() - start, 1e-6);
            assertFalse(b.cancelled());
            assertEquals(2, b.await());
        });
    }

    @Test
    void emptyCollectionIsRejected() {
        Loops.run(() -> {
            assertThrows(IllegalArgumentException.class, () -> Asyncio.wait(List.<Future<Object>>of()));
        });
    }

    @Test
    void futuresAlreadyDoneStillYieldOnce() {
        Steps steps = new Steps();
        Loops.run(() -> {
            Future<String> f = Asyncio.getRunningLoop().createFuture();
            f.setResult("x");
            Asyncio.getRunningLoop().callSoon(() -> steps.expect(1));
            DoneAndPending<String> r = Asyncio.wait(List.of(f), 0, ReturnWhen.ALL_COMPLETED);
            steps.expect(2);
            assertEquals(Set.of(f), r.done());
        });
        steps.finish(3);
    }

    @Test
    void cancellingTheWaiterLeavesTheFuturesAlone() {
        Loops.run(() -> {
            Task<Integer> a = createTask(() -> sleep(5, 1));
            Task<DoneAndPending<Integer>> waiter = createTask(() -> Asyncio.wait(List.of(a)));
            sleep(1);
            waiter.cancel();
            assertThrows(CancelledError.class, waiter::await);
            assertFalse(a.cancelled());
            assertEquals(1, a.await());
        });
    }
}
