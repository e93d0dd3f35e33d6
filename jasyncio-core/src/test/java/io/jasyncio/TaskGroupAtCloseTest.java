package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * Regression: closing a loop while a TaskGroup waits for a parked task spun forever in the group's
 * exit (close() drops the done callbacks that empty the group, and every await raised at once).
 */
class TaskGroupAtCloseTest {
    @Test
    void closeEndsAGroupWaitingForItsTasks() {
        EventLoop loop = Loops.newLoop();
        Task<?>[] group = new Task<?>[1];
        try {
            loop.runUntilComplete(() -> {
                Future<Void> never = loop.createFuture();
                group[0] = loop.createTask(() -> Asyncio.taskGroup(tg -> {
                    tg.createTask(() -> never.await(), "child");
                }), "group");
                Asyncio.sleep(0);
                Asyncio.sleep(0);
                return null;
            });
        } finally {
            assertTimeoutPreemptively(Duration.ofSeconds(20), loop::close, "close() returns");
        }
        assertTrue(group[0].done(), group[0].toString());
    }
}
