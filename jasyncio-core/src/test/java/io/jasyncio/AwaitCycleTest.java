package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Tasks that await each other in a cycle (a deadlock): cancelling one of them used to pass the
 * cancel round the cycle forever (StackOverflowError; asyncio raises RecursionError). Now the
 * cancel lands in the task it came back to, and the whole cycle unwinds.
 */
class AwaitCycleTest {
    @Test
    void cancellingATaskOfACycleUnwindsTheCycle() {
        Loops.run(() -> {
            Future<Task<?>> bSlot = Asyncio.getRunningLoop().createFuture();
            Task<Object> a = Asyncio.createTask(() -> bSlot.await().await(), "a");
            Task<Object> b = Asyncio.createTask(() -> a.await(), "b");
            bSlot.setResult(b);
            Asyncio.sleep(0);
            Asyncio.sleep(0);
            assertTrue(a.cancel("stop"));
            List<Object> outcomes = Asyncio.gather(true, a, b).await();
            assertTrue(a.cancelled(), a.toString());
            assertTrue(b.cancelled(), b.toString());
            assertEquals("stop", ((CancelledError) outcomes.get(0)).getMessage());
            assertEquals(1, a.cancelling(), "one request, counted once");
        });
    }

    @Test
    void aThreeTaskCycleUnwindsFromAnyOfItsTasks() {
        Loops.run(() -> {
            Future<Task<?>> cSlot = Asyncio.getRunningLoop().createFuture();
            Task<Object> a = Asyncio.createTask(() -> cSlot.await().await(), "a");
            Task<Object> b = Asyncio.createTask(() -> a.await(), "b");
            Task<Object> c = Asyncio.createTask(() -> b.await(), "c");
            cSlot.setResult(c);
            Asyncio.sleep(0);
            Asyncio.sleep(0);
            assertTrue(b.cancel());
            Asyncio.gather(true, a, b, c).await();
            assertTrue(a.cancelled() && b.cancelled() && c.cancelled());
        });
    }
}
