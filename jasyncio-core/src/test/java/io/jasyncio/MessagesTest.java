package io.jasyncio;

import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.locks.Barrier;
import io.jasyncio.locks.Lock;
import io.jasyncio.locks.Semaphore;
import io.jasyncio.queues.Queue;
import io.jasyncio.queues.QueueEmpty;
import io.jasyncio.queues.QueueFull;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 8 §1.11: asyncio's wording for the same situations, identifiers in Java spelling. */
class MessagesTest {

    @Test
    void primitivesSayWhatAsyncioSays() {
        Loops.run(() -> {
            assertEquals("Lock is not acquired.", assertThrows(IllegalStateException.class, () -> new Lock().release()).getMessage());
            assertEquals("Semaphore initial value must be >= 0",
                    assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1)).getMessage());
            assertEquals("parties must be > 0", assertThrows(IllegalArgumentException.class, () -> new Barrier(0)).getMessage());
            Queue<Integer> q = new Queue<>(1);
            assertNull(assertThrows(QueueEmpty.class, q::getNowait).getMessage(), "asyncio raises QueueEmpty bare");
            q.putNowait(1);
            assertNull(assertThrows(QueueFull.class, () -> q.putNowait(2)).getMessage(), "asyncio raises QueueFull bare");
            assertEquals("Invalid delay: NaN (not a number)",
                    assertThrows(IllegalArgumentException.class, () -> Asyncio.sleep(Double.NaN)).getMessage());
        });
    }

    // timeouts.py: _State values and messages; test_timeouts.py::test_repr_*
    @Test
    void timeoutStatesHaveAsyncioNames() {
        Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Timeout t = Asyncio.timeout(10);
            assertEquals("<Timeout [created]>", t.toString());
            assertEquals("Timeout has not been entered", assertThrows(IllegalStateException.class, () -> t.reschedule(1.0)).getMessage());
            List<String> inside = new ArrayList<>();
            t.run(() -> {
                inside.add(t.toString());
            });
            assertTrue(inside.get(0).startsWith("<Timeout [active] when="), inside.get(0));
            assertEquals("<Timeout [finished]>", t.toString());
            assertEquals("Cannot change state of finished Timeout",
                    assertThrows(IllegalStateException.class, () -> t.reschedule(1.0)).getMessage());
            assertEquals("Timeout has already been entered",
                    assertThrows(IllegalStateException.class, () -> t.run(() -> {})).getMessage());

            Timeout expiring = Asyncio.timeout(0.01);
            List<String> seen = new ArrayList<>();
            assertThrows(TimeoutError.class, () -> expiring.run(() -> {
                try {
                    Asyncio.sleep(1);
                } finally {
                    seen.add(expiring.toString());
                    seen.add(assertThrows(IllegalStateException.class, () -> expiring.reschedule(loop.time() + 1)).getMessage());
                }
            }));
            assertEquals(List.of("<Timeout [expiring]>", "Cannot change state of expiring Timeout"), seen);
            assertEquals("<Timeout [expired]>", expiring.toString());
            assertEquals("Cannot change state of expired Timeout",
                    assertThrows(IllegalStateException.class, () -> expiring.reschedule(1.0)).getMessage());
        });
    }

    @Test
    void structuredBlocksOutsideATaskSayWhy() {
        List<String> seen = new ArrayList<>();
        EventLoop loop = Loops.newLoop();
        try {
            loop.callSoon(() -> {
                TaskGroup tg = new TaskGroup();
                seen.add(assertThrows(IllegalStateException.class, () -> tg.run(g -> {})).getMessage());
                seen.add(assertThrows(IllegalStateException.class, () -> Asyncio.timeout(1).run(() -> {})).getMessage());
                seen.add(assertThrows(IllegalStateException.class, () -> Asyncio.run(() -> 1)).getMessage());
                loop.stop();
            });
            loop.runForever();
        } finally {
            loop.close();
        }
        assertEquals(List.of("TaskGroup <TaskGroup> cannot determine the parent task", "Timeout should be used inside a task",
                "Asyncio.run() cannot be called from a running event loop"), seen);
        assertEquals("no running event loop",
                assertThrows(IllegalStateException.class, () -> new TaskGroup().run(g -> {})).getMessage());
    }
}
