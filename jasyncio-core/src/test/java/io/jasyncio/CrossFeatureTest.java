package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.locks.Condition;
import io.jasyncio.locks.Held;
import io.jasyncio.locks.Lock;
import io.jasyncio.queues.Queue;
import io.jasyncio.streams.StreamPair;
import io.jasyncio.transports.RealLoop;
import io.jasyncio.transports.Server;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Features used together: streams under timeouts, primitives inside task groups, shutdown, eager tasks. */
class CrossFeatureTest {

    @Test
    void aStreamReadCancelledByATimeoutLeavesTheReaderUsable() {
        RealLoop.run(() -> {
            Future<Void> send = Asyncio.getRunningLoop().createFuture();
            try (Server server = Asyncio.startServer((r, w) -> {
                send.await();
                w.write("late\n".getBytes(StandardCharsets.UTF_8));
                w.drain();
            }, "127.0.0.1", 0)) {
                StreamPair c = Asyncio.openConnection("127.0.0.1", server.port());
                assertThrows(TimeoutError.class, () -> Asyncio.timeout(0.02, () -> c.reader().readline()));
                assertThrows(TimeoutError.class, () -> Asyncio.waitFor(() -> c.reader().read(10), 0.02));
                send.setResult(null);
                // a waiter left behind by the cancelled reads would make this read fail at once
                assertEquals("late\n", new String(c.reader().readline(), StandardCharsets.UTF_8));
                c.writer().close();
                c.writer().waitClosed();
            }
        });
    }

    @Test
    void aFailingChildInATaskGroupLeavesNoWaiterInTheLockOrTheQueue() {
        Lock lock = new Lock();
        Queue<Integer> queue = new Queue<>(1);
        Queue<Integer> inbox = new Queue<>();
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Loops.run(() -> {
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> Asyncio.taskGroup(g -> {
                g.createTask(() -> {
                    try (Held h = lock.hold()) {
                        inbox.get(); // holds the lock while it waits
                    } finally {
                        log.add("holder out");
                    }
                });
                g.createTask(() -> {
                    try (Held h = lock.hold()) {
                        log.add("never");
                    } finally {
                        log.add("lock waiter out");
                    }
                });
                g.createTask(() -> {
                    queue.putNowait(1);
                    try {
                        queue.put(2); // full: waits
                    } finally {
                        log.add("putter out");
                    }
                });
                g.createTask(() -> {
                    sleep(1);
                    throw new IllegalStateException("boom");
                });
            }));
            assertEquals(1, eg.exceptions().size());
            assertInstanceOf(IllegalStateException.class, eg.exceptions().get(0));
            assertFalse(lock.locked());
            assertEquals("<Lock [unlocked]>", lock.toString());
            assertEquals("<Queue maxsize=1 qsize=1 tasks=1>", queue.toString()); // no putter left
            assertEquals("<Queue maxsize=0 qsize=0>", inbox.toString());
            try (Held h = lock.hold()) { // the lock still works
                log.add("reacquired");
            }
        });
        assertTrue(log.containsAll(List.of("holder out", "lock waiter out", "putter out", "reacquired")), log.toString());
        assertFalse(log.contains("never"));
    }

    @Test
    void runShutdownUnwindsTasksWaitingOnEveryKindOfPrimitive() {
        List<String> unwound = Collections.synchronizedList(new ArrayList<>());
        List<Map<String, Object>> reports = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> stray = Collections.synchronizedList(new ArrayList<>());
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> stray.add(e));
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Asyncio.run(() -> {
                Asyncio.getRunningLoop().setExceptionHandler((l, ctx) -> reports.add(ctx));
                Queue<String> queue = new Queue<>();
                Lock lock = new Lock();
                Condition cond = new Condition();
                Server server = Asyncio.startServer((r, w) -> Asyncio.sleep(3600), "127.0.0.1", 0);
                StreamPair c = Asyncio.openConnection("127.0.0.1", server.port());
                lock.acquire();
                createTask(() -> unwind(unwound, "queue", queue::get));
                createTask(() -> unwind(unwound, "lock", lock::acquire));
                createTask(() -> unwind(unwound, "stream", () -> c.reader().read(10)));
                createTask(() -> unwind(unwound, "condition", () -> {
                    try (Held h = cond.hold()) {
                        cond.await();
                    }
                }));
                sleep(0.01);
            }));
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
        assertEquals(List.of("condition", "lock", "queue", "stream"), unwound.stream().sorted().toList());
        assertEquals(List.of(), reports);
        assertEquals(List.of(), stray);
    }

    private static void unwind(List<String> log, String name, VoidCoroutine body) throws Exception {
        try {
            body.run();
        } catch (CancelledError e) {
            log.add(name);
            throw e;
        }
    }

    @Test
    void eagerTasksShareAQueueAndALockInOrder() {
        EventLoop loop = Loops.newLoop();
        loop.setEagerTasks(true);
        List<String> log = new ArrayList<>();
        try {
            loop.runUntilComplete(() -> {
                Queue<Integer> queue = new Queue<>(1);
                Lock lock = new Lock();
                Task<Void> consumer = createTask(() -> {
                    for (int i = 0; i < 3; i++) {
                        int v = queue.get();
                        try (Held h = lock.hold()) {
                            log.add("got " + v);
                            sleep(0);
                        }
                    }
                });
                log.add("consumer waits");
                Task<Void> producer = createTask(() -> {
                    for (int i = 0; i < 3; i++) {
                        queue.put(i);
                        log.add("put " + i);
                    }
                });
                log.add("producer started");
                List<Task<Void>> lockers = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    int n = i;
                    lockers.add(createTask(() -> {
                        try (Held h = lock.hold()) {
                            log.add("locker " + n);
                            sleep(0);
                        }
                    }));
                }
                consumer.await();
                producer.await();
                for (Task<Void> t : lockers) {
                    t.await();
                }
                assertFalse(lock.locked());
                assertEquals("<Queue maxsize=1 qsize=0 tasks=3>", queue.toString()); // no getter or putter left
                return null;
            });
        } finally {
            loop.close();
        }
        // asyncio's order with eager_task_factory: the consumer queues for the lock behind the lockers
        assertEquals(List.of("consumer waits", "put 0", "producer started", "locker 0", "put 1", "locker 1",
                "locker 2", "got 0", "got 1", "put 2", "got 2"), log);
    }

    @Test
    void aConditionWaitEndedByATimeoutReacquiresTheLockBeforeTheTimeoutErrorArrives() {
        List<String> log = new ArrayList<>();
        Loops.run(() -> {
            Condition cond = new Condition();
            double t0 = Asyncio.getRunningLoop().time();
            Task<Void> waiter = createTask(() -> {
                try (Held h = cond.hold()) {
                    assertThrows(TimeoutError.class, () -> Asyncio.timeout(1, () -> {
                        cond.await();
                    }));
                    log.add("timed out at " + Math.round((Asyncio.getRunningLoop().time() - t0) * 10) + ", locked=" + cond.locked());
                }
            });
            sleep(0.5);
            try (Held h = cond.hold()) {
                sleep(2); // the waiter's deadline passes while we hold the lock
                log.add("holder releases at " + Math.round((Asyncio.getRunningLoop().time() - t0) * 10));
            }
            waiter.await();
            assertEquals("<Condition [unlocked]>", cond.toString());
        });
        // times in tenths of a second: the TimeoutError waits for the lock, released at 2.5 s
        assertEquals(List.of("holder releases at 25", "timed out at 25, locked=true"), log);
    }

    @Test
    void aSemaphoreReleaseAtTheMomentAWaiterTimesOutKeepsThePermit() {
        Loops.run(() -> {
            io.jasyncio.locks.Semaphore sem = new io.jasyncio.locks.Semaphore(0);
            Task<Void> waiter = createTask(() -> Asyncio.timeout(1, () -> {
                sem.acquire();
            }));
            Task<Void> releaser = createTask(() -> {
                sleep(1);
                sem.release();
            });
            releaser.await();
            Throwable outcome = null;
            try {
                waiter.await();
            } catch (TimeoutError e) {
                outcome = e;
            }
            // either the waiter got the permit in time, or it timed out and the permit is still there
            assertEquals(outcome != null, !sem.locked(), "timed out: " + (outcome != null) + ", " + sem);
        });
    }

    @Test
    void aFailingChildEndsASiblingWaitingOnAConditionWithTheLockReleased() {
        Condition cond = new Condition();
        Loops.run(() -> {
            assertThrows(ExceptionGroup.class, () -> Asyncio.taskGroup(g -> {
                g.createTask(() -> {
                    try (Held h = cond.hold()) {
                        cond.await();
                    }
                });
                g.createTask(() -> {
                    try (Held h = cond.hold()) {
                        sleep(1); // holds the lock when the group cancels everyone
                    }
                });
                g.createTask(() -> {
                    sleep(0.5);
                    throw new IllegalStateException("boom");
                });
            }));
            assertEquals("<Condition [unlocked]>", cond.toString());
        });
    }

    @Test
    void aDrainCancelledByATimeoutLeavesTheWriterUsable() {
        RealLoop.run(() -> {
            Future<Void> startReading = Asyncio.getRunningLoop().createFuture();
            try (Server server = Asyncio.startServer((r, w) -> {
                startReading.await();
                int total = r.read().length; // to EOF
                w.write(String.valueOf(total).getBytes(StandardCharsets.UTF_8));
                w.close();
            }, "127.0.0.1", 0)) {
                StreamPair c = Asyncio.openConnection("127.0.0.1", server.port());
                byte[] big = new byte[8 << 20];
                c.writer().write(big); // far more than the socket buffers take: drain must wait
                assertThrows(TimeoutError.class, () -> Asyncio.timeout(0.05, () -> c.writer().drain()));
                startReading.setResult(null);
                c.writer().drain(); // a waiter left by the cancelled drain would break this one
                c.writer().writeEof();
                assertEquals(String.valueOf(big.length), new String(c.reader().read(), StandardCharsets.UTF_8));
                c.writer().close();
            }
        });
    }
}
