package io.jasyncio.testing;

import static io.jasyncio.testing.TaskAssertions.assertAwaiting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.TaskGroup;
import io.jasyncio.TimerHandle;
import io.jasyncio.locks.Lock;
import io.jasyncio.locks.Semaphore;
import io.jasyncio.queues.Queue;

/** assertAwaiting: passes for what a task really awaits, fails with the await tree otherwise. */
class TaskAssertionsTest {
    @AsyncioTest
    void aTaskBlockedOnALockAwaitsALock() {
        Lock lock = new Lock();
        lock.acquire();
        Task<Void> t = Asyncio.createTask(() -> lock.acquire(), "blocked");
        Asyncio.sleep(0);
        assertEquals("blocked", assertAwaiting(t, Lock.class).name());
        AssertionError e = assertThrows(AssertionError.class, () -> assertAwaiting(t, Queue.class));
        assertTrue(e.getMessage().startsWith("expected task 'blocked' to await a Queue, but it awaits Lock@"),
                e.getMessage());
        assertTrue(e.getMessage().contains("└── (T) blocked"), "the tree is printed:\n" + e.getMessage());
        assertThrows(AssertionError.class, () -> assertAwaiting(t, Semaphore.class));
        lock.release();
        t.await();
        lock.release();
        AssertionError done = assertThrows(AssertionError.class, () -> assertAwaiting(t, Lock.class));
        assertTrue(done.getMessage().contains("it is done"), done.getMessage());
    }

    @AsyncioTest
    void aTaskNotYetAtItsAwaitIsReportedAsReady() {
        Task<Void> t = Asyncio.createTask(() -> Asyncio.sleep(1), "sleeper");
        AssertionError e = assertThrows(AssertionError.class, () -> assertAwaiting(t, TimerHandle.class));
        assertTrue(e.getMessage().contains("is ready to run"), e.getMessage());
        Asyncio.sleep(0);
        assertAwaiting(t, TimerHandle.class);
        t.await();
    }

    @AsyncioTest
    void waitingForAnotherTaskThroughAGroupOrAGather() {
        Queue<String> queue = new Queue<>();
        Task<String> worker = Asyncio.createTask(() -> queue.get(), "worker");
        Task<Object> gatherer = Asyncio.createTask(() -> Asyncio.gather(worker).await(), "gatherer");
        Task<Void> grouper = Asyncio.createTask(() -> Asyncio.taskGroup(tg -> {
            tg.createTask(() -> queue.get(), "member");
        }), "grouper");
        Asyncio.sleep(0);
        Asyncio.sleep(0);
        assertAwaiting(worker, Queue.class);
        assertAwaiting(gatherer, worker);
        assertAwaiting(grouper, TaskGroup.class);
        AssertionError e = assertThrows(AssertionError.class, () -> assertAwaiting(grouper, worker));
        assertTrue(e.getMessage().startsWith("expected task 'grouper' to await task 'worker', but it awaits TaskGroup exit"),
                e.getMessage());
        queue.putNowait("a");
        queue.putNowait("b");
        gatherer.await();
        grouper.await();
    }

    @AsyncioTest
    void nullArgumentsAreNamed() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> assertAwaiting(null, Lock.class));
        assertTrue(e.getMessage().contains("task"), e.getMessage());
        Task<?> self = Asyncio.currentTask();
        assertTrue(assertThrows(NullPointerException.class, () -> assertAwaiting(self, (Class<?>) null))
                .getMessage().contains("type"));
        AssertionError running = assertThrows(AssertionError.class, () -> assertAwaiting(self, Lock.class));
        assertTrue(running.getMessage().contains("is running"), running.getMessage());
    }
}
