package io.jasyncio;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Issue 8 §1.6: {@code when()} returns the very double given, as asyncio returns its float. */
class TimerWhenTest {

    @Test
    void callAtKeepsTheDoubleGiven() {
        Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            double when = 0.1 + 0.02; // 0.12000000000000001, which no nanosecond count gives back
            TimerHandle h = loop.callAt(when, () -> {});
            assertEquals(Double.doubleToLongBits(when), Double.doubleToLongBits(h.when()));
            h.cancel();
            Random random = new Random(8);
            for (int i = 0; i < 1000; i++) {
                double d = loop.time() + random.nextDouble() * 100;
                TimerHandle t = loop.callAt(d, () -> {});
                assertEquals(d, t.when(), 0.0);
                t.cancel();
            }
        });
    }

    @Test
    void callLaterReportsTimePlusDelay() {
        Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Asyncio.sleep(0.123456789123);
            double now = loop.time(); // the virtual clock stands still while this step runs
            TimerHandle h = loop.callLater(0.02, () -> {});
            assertEquals(now + 0.02, h.when(), 0.0);
            h.cancel();
        });
    }

    @Test
    void timeoutWhenKeepsTheDoubleGiven() {
        Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Random random = new Random(9);
            for (int i = 0; i < 1000; i++) {
                double d = loop.time() + random.nextDouble() * 10;
                assertEquals(d, Asyncio.timeoutAt(d).when(), 0.0);
            }
            double now = loop.time();
            assertEquals(now + 0.3, Asyncio.timeout(0.3).when(), 0.0);
            assertNull(Asyncio.timeout(Double.POSITIVE_INFINITY).when());
        });
    }

    @Test
    void rescheduleKeepsTheDoubleGiven() {
        Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Timeout t = Asyncio.timeout(10);
            double d = loop.time() + 0.1 + 0.02;
            t.run(() -> {
                t.reschedule(d);
                assertEquals(d, t.when(), 0.0);
                t.reschedule((Double) null);
                assertNull(t.when());
            });
        });
    }
}
