package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Threads and foreign futures: every wait on another thread is bounded, none is a sleep. */
class BridgesTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);

    private static <T> T bounded(Coroutine<T> main) {
        return assertTimeoutPreemptively(LIMIT, () -> Loops.run(main));
    }

    @Test
    void toThreadRunsOnAPlatformThreadWhileTheLoopKeepsRunning() {
        Steps steps = new Steps();
        String r = bounded(() -> {
            CountDownLatch loopRan = new CountDownLatch(1);
            Task<String> offloaded = createTask(() -> Asyncio.toThread(() -> {
                assertFalse(Thread.currentThread().isVirtual());
                // Blocks until a task of the loop has run: only possible if the loop is not blocked.
                assertTrue(loopRan.await(10, TimeUnit.SECONDS));
                return "from " + (Thread.currentThread().isVirtual() ? "virtual" : "platform");
            }));
            sleep(0);
            steps.expect(1);
            createTask(() -> {
                steps.expect(2);
                loopRan.countDown();
            });
            return offloaded.await();
        });
        steps.finish(3);
        assertEquals("from platform", r);
    }

    @Test
    void cancellingATaskWaitingInToThreadSkipsACallThatHasNotStarted() {
        ExecutorService single = Executors.newSingleThreadExecutor();
        try {
            boolean[] secondRan = {false};
            bounded(() -> {
                EventLoop loop = Asyncio.getRunningLoop();
                loop.setDefaultExecutor(single);
                CountDownLatch release = new CountDownLatch(1);
                Task<String> first = createTask(() -> Asyncio.toThread(() -> {
                    assertTrue(release.await(10, TimeUnit.SECONDS));
                    return "first";
                }));
                Task<String> second = createTask(() -> Asyncio.toThread(() -> {
                    secondRan[0] = true;
                    return "second";
                }));
                sleep(0);
                second.cancel();
                assertThrows(CancelledError.class, second::await);
                release.countDown();
                assertEquals("first", first.await());
                // Both calls went through the single thread in order: once the first call is back, a
                // third one returning proves the skipped second call has had its turn.
                assertEquals("third", Asyncio.toThread(() -> "third"));
                return null;
            });
            assertFalse(secondRan[0], "a cancelled call that had not started is skipped");
        } finally {
            single.shutdownNow();
        }
    }

    @Test
    void toThreadPropagatesTheException() {
        bounded(() -> {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Asyncio.toThread(() -> {
                        throw new IllegalStateException("in thread");
                    }));
            assertEquals("in thread", e.getMessage());
            return null;
        });
    }

    @Test
    void runCoroutineThreadsafeFromAnotherThread() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            int r = bounded(() -> {
                EventLoop loop = Asyncio.getRunningLoop();
                CompletableFuture<Integer> fromOutside = CompletableFuture.supplyAsync(() -> {
                    try {
                        return Asyncio.runCoroutineThreadsafe(() -> sleep(1, 41) + 1, loop).get(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, other);
                return Asyncio.wrapFuture(fromOutside).await();
            });
            assertEquals(42, r);
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void runCoroutineThreadsafeFailureAndCancellationCross() {
        bounded(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            CompletableFuture<Object> failing = Asyncio.runCoroutineThreadsafe(() -> {
                throw new IllegalArgumentException("bad");
            }, loop);
            Future<Object> f = Asyncio.wrapFuture(failing);
            assertThrows(IllegalArgumentException.class, f::await);

            CompletableFuture<String> sawCancel = new CompletableFuture<>();
            CompletableFuture<String> longRunning = Asyncio.runCoroutineThreadsafe(() -> {
                try {
                    return sleep(100, "never");
                } catch (CancelledError e) {
                    sawCancel.complete("cancelled inside");
                    throw e;
                }
            }, loop);
            sleep(1);
            assertTrue(longRunning.cancel(true));
            assertEquals("cancelled inside", Asyncio.wrapFuture(sawCancel).await());
            assertTrue(longRunning.isCancelled());
            return null;
        });
    }

    @Test
    void wrapFailedAndCancelledCompletableFutures() {
        bounded(() -> {
            CompletableFuture<String> failed = CompletableFuture.failedFuture(new IllegalStateException("failed cf"));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Asyncio.wrapFuture(failed).await());
            assertEquals("failed cf", e.getMessage());

            CompletableFuture<String> wrappedFailure = new CompletableFuture<>();
            wrappedFailure.completeExceptionally(new java.util.concurrent.CompletionException(new IllegalArgumentException("inner")));
            assertThrows(IllegalArgumentException.class, () -> Asyncio.wrapFuture(wrappedFailure).await(),
                    "CompletionException is unwrapped");

            CompletableFuture<String> cancelled = new CompletableFuture<>();
            cancelled.cancel(false);
            Future<String> f = Asyncio.wrapFuture(cancelled);
            assertThrows(CancelledError.class, f::await);
            assertTrue(f.cancelled());

            assertEquals("ok", Asyncio.wrapFuture(CompletableFuture.completedFuture("ok")).await());
            return null;
        });
    }

    @Test
    void cancellingTheWrapperCancelsTheCompletableFuture() {
        bounded(() -> {
            CompletableFuture<String> cf = new CompletableFuture<>();
            Future<String> f = Asyncio.wrapFuture(cf);
            Task<String> waiter = createTask(f::await);
            sleep(0);
            waiter.cancel();
            assertThrows(CancelledError.class, waiter::await);
            assertTrue(f.cancelled());
            assertTrue(cf.isCancelled(), "cancellation crossed to the CompletableFuture");
            return null;
        });
    }

    @Test
    void wrapPlainJavaFutureBothWays() {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            bounded(() -> {
                java.util.concurrent.Future<Integer> done = pool.submit(() -> 6 * 7);
                assertEquals(42, Asyncio.wrapFuture(done).await());

                java.util.concurrent.Future<Integer> failing = pool.submit(() -> {
                    throw new IllegalStateException("task failed");
                });
                assertThrows(IllegalStateException.class, () -> Asyncio.wrapFuture(failing).await());

                CountDownLatch never = new CountDownLatch(1);
                FutureTask<Integer> blocked = new FutureTask<>(() -> {
                    never.await();
                    return 0;
                });
                pool.execute(blocked);
                Future<Integer> f = Asyncio.wrapFuture(blocked);
                sleep(0);
                f.cancel();
                sleep(0); // the done callback that passes the cancellation on runs next
                assertTrue(blocked.isCancelled(), "cancel(true) reached the java.util.concurrent.Future");

                FutureTask<Integer> cancelledOutside = new FutureTask<>(() -> 1);
                Future<Integer> g = Asyncio.wrapFuture((java.util.concurrent.Future<Integer>) cancelledOutside);
                cancelledOutside.cancel(false);
                assertThrows(CancelledError.class, g::await);
                return null;
            });
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void toCompletableFutureCarriesOutcomesAndCancellationBack() throws Exception {
        CompletableFuture<String>[] cfs = new CompletableFuture[3];
        Task<?>[] tasks = new Task<?>[1];
        bounded(() -> {
            cfs[0] = createTask(() -> sleep(1, "value")).toCompletableFuture();
            cfs[1] = createTask(() -> {
                throw new IllegalStateException("bad");
            }).toCompletableFuture().thenApply(Object::toString);
            Task<String> victim = createTask(() -> sleep(100, "never"));
            tasks[0] = victim;
            cfs[2] = victim.toCompletableFuture();
            sleep(0);
            assertTrue(cfs[2].cancel(true));
            assertThrows(CancelledError.class, victim::await);
            sleep(2);
            return null;
        });
        assertEquals("value", cfs[0].get(1, TimeUnit.SECONDS));
        ExecutionException e = assertThrows(ExecutionException.class, () -> cfs[1].get(1, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertTrue(tasks[0].cancelled());
        assertThrows(CancellationException.class, () -> cfs[2].get(1, TimeUnit.SECONDS));
    }
}
