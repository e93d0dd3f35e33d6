package io.jasyncio.locks;

import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Task;
import io.jasyncio.testkit.Steps;
import io.jasyncio.testkit.VirtualLoop;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventTest {

    @Test
    void setClearIsSet() {
        VirtualLoop.run(() -> {
            Event e = new Event();
            assertFalse(e.isSet());
            e.set();
            assertTrue(e.isSet());
            e.set();
            assertTrue(e.isSet());
            e.clear();
            assertFalse(e.isSet());
        });
    }

    @Test
    void awaitReturnsAtOnceWhenSet() {
        Steps steps = new Steps();
        VirtualLoop.run(() -> {
            Event e = new Event();
            e.set();
            Asyncio.createTask(() -> steps.expect(2));
            steps.expect(1);
            assertTrue(e.await()); // does not yield
            Asyncio.sleep(0);
            steps.finish(3);
        });
    }

    @Test
    void setWakesEveryWaiterInOrder() {
        List<Integer> woken = VirtualLoop.run(() -> {
            Event e = new Event();
            List<Integer> order = new ArrayList<>();
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int n = i;
                tasks.add(Asyncio.createTask(() -> {
                    e.await();
                    order.add(n);
                }));
            }
            Asyncio.sleep(0);
            assertEquals(List.of(), order);
            e.set();
            for (Task<Void> t : tasks) {
                t.await();
            }
            return order;
        });
        assertEquals(List.of(0, 1, 2, 3), woken);
    }

    /** SEMANTICS 13: set() then clear() at once still wakes every task waiting at set(). */
    @Test
    void setThenClearStillWakesTheWaiters() {
        Steps steps = new Steps();
        VirtualLoop.run(() -> {
            Event e = new Event();
            Task<Void> a = Asyncio.createTask(() -> {
                e.await();
                steps.expect(2);
            });
            Task<Void> b = Asyncio.createTask(() -> {
                e.await();
                steps.expect(3);
            });
            Asyncio.sleep(0);
            steps.expect(1);
            e.set();
            e.clear();
            a.await();
            b.await();
            assertFalse(e.isSet());
            steps.finish(4);
        });
    }

    @Test
    void cancelledWaiterIsRemovedAndOthersStillWake() {
        VirtualLoop.run(() -> {
            Event e = new Event();
            Task<Boolean> a = Asyncio.createTask(() -> e.await());
            Task<Boolean> b = Asyncio.createTask(() -> e.await());
            Asyncio.sleep(0);
            a.cancel();
            Asyncio.sleep(0);
            assertTrue(a.cancelled());
            assertEquals("<Event [unset, waiters:1]>", e.toString());
            e.set();
            assertTrue(b.await());
        });
    }

    @Test
    void waiterCancelledAfterSetRaisesCancelledError() {
        VirtualLoop.run(() -> {
            Event e = new Event();
            Task<Boolean> a = Asyncio.createTask(() -> e.await());
            Asyncio.sleep(0);
            e.set();
            a.cancel(); // woken, then cancelled before it runs
            assertThrows(CancelledError.class, a::await);
            assertEquals("<Event [set]>", e.toString());
        });
    }
}
