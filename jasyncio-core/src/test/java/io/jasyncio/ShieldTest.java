package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.shield;
import static io.jasyncio.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ShieldTest {

    @Test
    void shieldWhileTheOuterIsCancelledLetsTheInnerFinish() {
        Loops.run(() -> {
            Task<String> inner = createTask(() -> sleep(5, "saved"));
            Task<String> outer = createTask(() -> shield(inner).await());
            sleep(1);
            outer.cancel();
            assertThrows(CancelledError.class, outer::await);
            assertTrue(outer.cancelled());
            assertFalse(inner.done(), "the shielded task goes on");
            assertEquals("saved", inner.await());
        });
    }

    @Test
    void resultAndExceptionPassThrough() {
        Loops.run(() -> {
            assertEquals(4, shield(() -> sleep(1, 4)).await());
            Future<Object> failing = shield(() -> {
                sleep(1);
                throw new IllegalStateException("inner");
            });
            assertEquals("inner", assertThrows(IllegalStateException.class, failing::await).getMessage());
        });
    }

    @Test
    void innerCancelledCancelsTheOuter() {
        Loops.run(() -> {
            Task<String> inner = createTask(() -> sleep(5, "x"));
            Future<String> outer = shield(inner);
            sleep(1);
            inner.cancel();
            assertThrows(CancelledError.class, outer::await);
            assertTrue(outer.cancelled());
        });
    }

    @Test
    void doneFutureIsReturnedItself() {
        Loops.run(() -> {
            Future<String> f = Asyncio.getRunningLoop().createFuture();
            f.setResult("x");
            assertSame(f, shield(f));
        });
    }

    @Test
    void shieldedWorkUnderWaitForSurvivesTheTimeout() {
        Loops.run(() -> {
            Task<String> inner = createTask(() -> sleep(5, "finished anyway"));
            assertThrows(TimeoutError.class, () -> Asyncio.waitFor(shield(inner), 1));
            assertFalse(inner.cancelled());
            assertEquals("finished anyway", inner.await());
        });
    }
}
