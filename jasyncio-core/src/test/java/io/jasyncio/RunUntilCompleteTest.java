package io.jasyncio;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 8 §1.5: {@code runUntilComplete} as asyncio's {@code run_until_complete}. */
class RunUntilCompleteTest {

    @Test
    void aNestedCallIsRejectedBeforeItCreatesATask() {
        List<String> seen = new ArrayList<>();
        String result = Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> loop.runUntilComplete(() -> seen.add("nested ran")));
            assertEquals("This event loop is already running", e.getMessage());
            assertEquals(1, loop.allTasks().size(), "no task was created for the rejected coroutine");
            Asyncio.sleep(1); // the outer run goes on: no stray stop callback ends it
            return "outer done";
        });
        assertEquals("outer done", result);
        assertEquals(List.of(), seen);
    }

    @Test
    void aNestedCallWithAFutureAddsNoStopCallback() {
        Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Future<String> f = loop.createFuture();
            assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(f));
            loop.callLater(0.5, () -> f.setResult("x"));
            assertEquals("x", f.await());
            Asyncio.sleep(1); // a stop callback left on f would have stopped this run
        });
    }

    @Test
    void theStopCallbackIsRemovedWhenTheRunEnds() {
        EventLoop loop = Loops.newLoop();
        try {
            Future<String> f = loop.createFuture();
            loop.callSoon(loop::stop);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(f));
            assertEquals("Event loop stopped before Future completed.", e.getMessage());
            double start = loop.time();
            List<Double> ticks = new ArrayList<>();
            loop.callLater(1, () -> f.setResult("late"));
            loop.callLater(2, () -> ticks.add(loop.time() - start));
            loop.callLater(3, loop::stop);
            loop.runForever(); // f completing at 1 s must not stop this run
            assertEquals(1, ticks.size(), "runForever was stopped by the earlier run's callback");
            assertEquals("late", f.result());
        } finally {
            loop.close();
        }
    }

    @Test
    void aClosedLoopCreatesNoTask() {
        EventLoop loop = Loops.newLoop();
        loop.close();
        assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(() -> 1));
    }
}
