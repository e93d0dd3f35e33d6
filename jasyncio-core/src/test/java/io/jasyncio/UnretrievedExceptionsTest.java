package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The debug-mode list of exceptions nobody retrieved (the hook jasyncio-test's @AsyncioTest uses). */
class UnretrievedExceptionsTest {
    @Test
    void anExceptionStaysListedUntilRetrieved() {
        EventLoop loop = Loops.newLoop();
        loop.setDebug(true);
        try {
            RuntimeException boom = new RuntimeException("boom");
            List<Throwable> before = loop.runUntilComplete(() -> {
                Future<Void> f = loop.createFuture();
                f.setException(boom);
                List<Throwable> listed = loop.unretrievedExceptions();
                f.exception();
                assertTrue(loop.unretrievedExceptions().isEmpty(), "retrieved: no longer listed");
                return listed;
            });
            assertEquals(1, before.size());
            assertSame(boom, before.get(0));
        } finally {
            loop.close();
        }
    }

    @Test
    void awaitingAFailedTaskRetrievesIt() {
        EventLoop loop = Loops.newLoop();
        loop.setDebug(true);
        try {
            loop.runUntilComplete(() -> {
                Task<Void> t = loop.createTask(() -> {
                    throw new IllegalStateException("x");
                });
                try {
                    t.await();
                } catch (IllegalStateException expected) {
                    // retrieved by await
                }
                return null;
            });
            assertTrue(loop.unretrievedExceptions().isEmpty());
        } finally {
            loop.close();
        }
    }

    @Test
    void outsideDebugModeNothingIsListed() {
        EventLoop loop = Loops.newLoop();
        try {
            loop.runUntilComplete(() -> {
                loop.createFuture().setException(new RuntimeException("dropped"));
                return null;
            });
            assertTrue(loop.unretrievedExceptions().isEmpty());
        } finally {
            loop.close();
        }
    }
}
