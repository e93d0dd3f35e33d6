package io.jasyncio.internal;

import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.Asyncio;
import io.jasyncio.testkit.VirtualLoop;

import org.junit.jupiter.api.Test;

class WaitListTest {

    @Test
    void wakeFirstKeepsTheWaiterListedPopFirstUnlinksIt() {
        VirtualLoop.run(() -> {
            WaitList list = new WaitList(new Object(), "test");
            WaitList.Waiter a = list.park(), b = list.park(), c = list.park();
            assertEquals(3, list.size());
            assertTrue(list.wakeFirst());
            assertTrue(a.done());
            assertEquals(3, list.size(), "a woken waiter stays until its owner removes it");
            assertTrue(list.wakeFirst());
            assertTrue(b.done(), "wakeFirst skips waiters already done");
            list.remove(a);
            list.remove(a); // removing twice is harmless
            assertEquals(2, list.size());
            assertTrue(list.popFirst(), "pops b (done) then completes c");
            assertTrue(c.done());
            assertTrue(list.isEmpty());
            assertFalse(list.popFirst());
            assertFalse(list.wakeFirst());
        });
    }

    /** asyncio's Lock._wake_up_first: only the head is looked at; a done head stops the wake-up. */
    @Test
    void wakeHeadWakesNobodyWhileTheHeadIsDone() {
        VirtualLoop.run(() -> {
            WaitList list = new WaitList(new Object(), "test");
            WaitList.Waiter a = list.park(), b = list.park();
            assertTrue(list.wakeHead());
            assertTrue(a.done());
            assertFalse(list.wakeHead(), "a is still coming: b must not be woken too");
            assertFalse(b.done());
            list.remove(a);
            b.cancel();
            assertFalse(list.wakeHead(), "a cancelled head passes the wake-up on itself when it leaves");
            list.remove(b);
            assertFalse(list.wakeHead());
        });
    }

    @Test
    void removeUnlinksFromAnywhere() {
        VirtualLoop.run(() -> {
            WaitList list = new WaitList(new Object(), "test");
            WaitList.Waiter a = list.park(), b = list.park(), c = list.park();
            list.remove(b);
            list.remove(c);
            list.remove(a);
            assertTrue(list.isEmpty());
            WaitList.Waiter d = list.park();
            assertEquals(1, list.size());
            assertEquals(1, list.wake(5));
            assertTrue(d.done());
        });
    }

    @Test
    void liveWaitersIgnoreCancelledOnes() {
        VirtualLoop.run(() -> {
            WaitList list = new WaitList(new Object(), "test");
            assertFalse(list.hasLiveWaiter());
            WaitList.Waiter a = list.park();
            a.cancel();
            assertFalse(list.hasLiveWaiter());
            WaitList.Waiter b = list.park();
            b.setResult(true);
            assertTrue(list.hasLiveWaiter(), "a woken waiter is still coming");
            assertEquals(0, list.wake(Integer.MAX_VALUE));
            list.popAll();
            assertTrue(list.isEmpty());
            assertSame(Asyncio.getRunningLoop(), list.loop());
        });
    }

    @Test
    void parkingNeedsARunningLoop() {
        WaitList list = new WaitList(new Object(), "test");
        assertThrows(IllegalStateException.class, list::park);
        assertNull(list.loop());
        list.checkThread(); // not bound yet: nothing to check
    }
}
