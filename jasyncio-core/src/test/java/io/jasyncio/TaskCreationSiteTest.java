package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskCreationSiteTest {

    private static Task<Object> spawnFailing(String name) {
        return createTask(() -> {
            sleep(1);
            throw new IllegalStateException("deep failure");
        }, name);
    }

    @Test
    void anExceptionLeavingATaskNamesIt() {
        Loops.run(() -> {
            Task<Object> t = spawnFailing("worker-1");
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Asyncio.gather(List.of(t)).await());
            Throwable[] s = e.getSuppressed();
            assertEquals(1, s.length);
            assertTrue(s[0].getMessage().contains("worker-1"), s[0].getMessage());
            assertEquals(0, s[0].getStackTrace().length, "no creation site outside debug mode");
        });
    }

    @Test
    void inDebugModeTheCreationSiteIsRecorded() {
        EventLoop loop = Loops.newLoop();
        loop.setDebug(true);
        try {
            loop.runUntilComplete(loop.createTask(() -> {
                Task<Object> inner = spawnFailing("inner");
                Task<Object> outer = createTask(inner::await, "outer");
                IllegalStateException e = assertThrows(IllegalStateException.class, outer::await);
                Throwable[] s = e.getSuppressed();
                assertEquals(2, s.length, "one entry per task crossed");
                assertTrue(s[0].getMessage().contains("'inner' created at"), s[0].getMessage());
                assertTrue(s[1].getMessage().contains("'outer'"), s[1].getMessage());
                assertTrue(Arrays.stream(s[0].getStackTrace()).anyMatch(f -> f.getMethodName().equals("spawnFailing")),
                        Arrays.toString(s[0].getStackTrace()));
            }));
        } finally {
            loop.close();
        }
    }

    @Test
    void cancellationsCarryNoEntry() {
        Loops.run(() -> {
            Task<Object> t = createTask(() -> sleep(10, null));
            sleep(0);
            t.cancel();
            CancelledError e = assertThrows(CancelledError.class, t::await);
            assertEquals(0, e.getSuppressed().length);
        });
    }
}
