package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/** loop.statistics(): the counters move with the work the loop does. */
class LoopStatisticsTest {
    @Test
    void countsTasksStepsCallbacksAndTimers() {
        EventLoop loop = Loops.newLoop();
        try {
            LoopStatistics fresh = loop.statistics();
            assertEquals(0, fresh.tasksAlive());
            assertEquals(0, fresh.stepsRun());
            LoopStatistics inside = loop.runUntilComplete(() -> {
                Task<Void> sleeper = loop.createTask(() -> Asyncio.sleep(5));
                loop.callSoon(() -> {});
                loop.callLater(10, () -> {}).cancel();
                Asyncio.sleep(0); // the sleeper starts; the callback runs
                LoopStatistics s = loop.statistics();
                sleeper.await();
                return s;
            });
            assertEquals(2, inside.tasksAlive(), "main and the sleeper");
            assertEquals(1, inside.timersPending(), "the sleeper's timer; the cancelled one does not count");
            assertTrue(inside.callbacksRun() >= 1, inside.toString());
            LoopStatistics after = loop.statistics();
            assertEquals(0, after.tasksAlive());
            assertEquals(0, after.timersPending());
            // main: first step, after sleep(0), after the sleeper; the sleeper: first step, after its sleep
            assertTrue(after.stepsRun() >= 5, after.toString());
            assertTrue(after.callbacksRun() > inside.callbacksRun(), after.toString());
            assertTrue(after.busySeconds() >= 0 && after.idleSeconds() >= 0, after.toString());
        } finally {
            loop.close();
        }
    }

    @Test
    void aCallFromAnotherThreadCountsAsAWakeUp() {
        EventLoop loop = EventLoop.newEventLoop();
        try {
            long waits = loop.runUntilComplete(() -> {
                CompletableFuture<Void> fromOutside = new CompletableFuture<>();
                long pollsBefore = loop.statistics().selectorPolls();
                Thread.ofPlatform().start(() -> {
                    // Hand the call in once the loop waits in its selector (bounded: 10 s at most).
                    long giveUp = System.nanoTime() + 10_000_000_000L;
                    while (loop.statistics().selectorPolls() == pollsBefore && System.nanoTime() < giveUp) {
                        Thread.onSpinWait();
                    }
                    loop.callSoonThreadsafe(() -> fromOutside.complete(null));
                });
                Asyncio.wrapFuture(fromOutside).await();
                return loop.statistics().wakeUps();
            });
            assertTrue(waits >= 1, "the loop waited in the selector and was woken: " + waits);
            assertTrue(loop.statistics().selectorPolls() >= 1);
        } finally {
            loop.close();
        }
    }

    @Test
    void socketTransportsCountTheBytesTheyReadAndWrite() {
        EventLoop loop = EventLoop.newEventLoop();
        try {
            long[] counted = loop.runUntilComplete(() -> {
                io.jasyncio.transports.Server server = Asyncio.startServer((r, w) -> {
                    w.write(r.readexactly(1000)); // echoes the kilobyte
                    w.drain();
                    w.close();
                }, "127.0.0.1", 0);
                LoopStatistics before = loop.statistics();
                io.jasyncio.streams.StreamPair c = Asyncio.openConnection("127.0.0.1", server.port());
                c.writer().write(new byte[1000]);
                c.writer().drain();
                assertEquals(1000, c.reader().readexactly(1000).length);
                assertEquals(0, c.reader().read().length, "EOF after the echo");
                c.writer().close();
                server.close();
                LoopStatistics after = loop.statistics();
                return new long[] {after.bytesRead() - before.bytesRead(), after.bytesWritten() - before.bytesWritten()};
            });
            // the client's kilobyte and the server's echo, each written once and read once on this loop
            assertEquals(2000, counted[0], "bytes read");
            assertEquals(2000, counted[1], "bytes written");
        } finally {
            loop.close();
        }
    }
}
