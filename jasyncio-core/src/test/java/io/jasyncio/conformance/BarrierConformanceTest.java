package io.jasyncio.conformance;

import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Coroutine;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.locks.Barrier;
import io.jasyncio.locks.BrokenBarrierError;
import io.jasyncio.testkit.VirtualLoop;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * CPython's {@code test_locks.py::BarrierTests}, ported test by test. {@code async with barrier
 * as i} is written {@code int i = barrier.await()}: Barrier's {@code __aenter__} is its
 * {@code wait()} and its {@code __aexit__} does nothing.
 */
class BarrierConformanceTest {
    private static final int N = 5;

    /** {@code make_tasks} then {@code gather}: runs {@code n} copies of {@code coro}, returns their results. */
    private static <T> List<T> gatherTasks(int n, Coroutine<T> coro) {
        List<Task<T>> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tasks.add(Asyncio.createTask(coro));
        }
        return Asyncio.gather(tasks).await();
    }

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    @Test // test_locks.py::BarrierTests::test_repr
    void barrierTests_testRepr() {
        VirtualLoop.run(() -> {
            Barrier barrier = new Barrier(N);
            assertTrue(barrier.toString().contains("filling"), barrier.toString());
            List<Task<Integer>> waiters = new ArrayList<>();
            int incr = 2;
            for (int i = 0; i < incr; i++) {
                waiters.add(Asyncio.createTask(barrier::await));
            }
            Asyncio.sleep(0);
            assertTrue(barrier.toString().contains("waiters:" + incr + "/" + N), barrier.toString());
            assertTrue(barrier.toString().contains("filling"), barrier.toString());

            for (int i = barrier.nWaiting(); i < barrier.parties(); i++) {
                waiters.add(Asyncio.createTask(barrier::await));
            }
            Asyncio.sleep(0);
            assertTrue(barrier.toString().contains("draining"), barrier.toString());

            for (int i = 0; i < incr; i++) {
                waiters.add(Asyncio.createTask(barrier::await));
            }
            Asyncio.sleep(0);
            barrier.reset();
            assertTrue(barrier.toString().contains("resetting"), barrier.toString());

            for (int i = 0; i < incr; i++) {
                waiters.add(Asyncio.createTask(barrier::await));
            }
            Asyncio.sleep(0);
            barrier.abort();
            assertTrue(barrier.toString().contains("broken"), barrier.toString());
            assertTrue(barrier.broken());
            Asyncio.gather(true, waiters).await();
        });
    }

    @Test // test_locks.py::BarrierTests::test_barrier_parties
    void barrierTests_testBarrierParties() {
        assertThrows(IllegalArgumentException.class, () -> new Barrier(0));
        assertThrows(IllegalArgumentException.class, () -> new Barrier(-4));
        assertEquals(N, new Barrier(N).parties());
    }

    @Test // test_locks.py::BarrierTests::test_context_manager
    void barrierTests_testContextManager() {
        VirtualLoop.run(() -> {
            int n = 3;
            Barrier barrier = new Barrier(n);
            List<Integer> results = new ArrayList<>();
            gatherTasks(n, () -> results.add(barrier.await()));
            Collections.sort(results);
            assertEquals(range(n), results);
            assertEquals(0, barrier.nWaiting());
            assertFalse(barrier.broken());
        });
    }

    @Test // test_locks.py::BarrierTests::test_filling_one_task
    void barrierTests_testFillingOneTask() {
        VirtualLoop.run(() -> {
            Barrier barrier = new Barrier(1);
            assertEquals(0, barrier.await());
            assertEquals(0, barrier.nWaiting());
            assertFalse(barrier.broken());
        });
    }

    @Test // test_locks.py::BarrierTests::test_filling_one_task_twice
    void barrierTests_testFillingOneTaskTwice() {
        VirtualLoop.run(() -> {
            Barrier barrier = new Barrier(1);
            Task<Integer> t1 = Asyncio.createTask(barrier::await);
            Asyncio.sleep(0);
            assertEquals(0, barrier.nWaiting());
            Task<Integer> t2 = Asyncio.createTask(barrier::await);
            Asyncio.sleep(0);
            assertEquals(t1.result(), t2.result());
            assertEquals(t1.done(), t2.done());
            assertEquals(0, barrier.nWaiting());
            assertFalse(barrier.broken());
        });
    }

    @Test // test_locks.py::BarrierTests::test_filling_task_by_task
    void barrierTests_testFillingTaskByTask() {
        VirtualLoop.run(() -> {
            Barrier barrier = new Barrier(3);
            Task<Integer> t1 = Asyncio.createTask(barrier::await);
            Asyncio.sleep(0);
            assertEquals(1, barrier.nWaiting());
            assertTrue(barrier.toString().contains("filling"));
            Task<Integer> t2 = Asyncio.createTask(barrier::await);
            Asyncio.sleep(0);
            assertEquals(2, barrier.nWaiting());
            assertTrue(barrier.toString().contains("filling"));
            Task<Integer> t3 = Asyncio.createTask(barrier::await);
            Asyncio.sleep(0);
            Asyncio.wait(List.<Future<Integer>>of(t1, t2, t3));
            assertEquals(0, barrier.nWaiting());
            assertFalse(barrier.broken());
        });
    }

    @Test // test_locks.py::BarrierTests::test_filling_tasks_wait_twice
    void barrierTests_testFillingTasksWaitTwice() {
        VirtualLoop.run(() -> {
            Barrier barrier = new Barrier(N);
            List<Boolean> results = new ArrayList<>();
            gatherTasks(N, () -> {
                barrier.await();
                results.add(true);
                barrier.await();
                results.add(false);
                return null;
            });
            assertEquals(2 * N, results.size());
            assertEquals(N, Collections.frequency(results, true));
            assertEquals(N, Collections.frequency(results, false));
            assertEquals(0, barrier.nWaiting());
            assertFalse(barrier.broken());
        });
    }

    @Test // test_locks.py::BarrierTests::test_filling_tasks_check_return_value
    void barrierTests_testFillingTasksCheckReturnValue() {
        VirtualLoop.run(() -> {
            Barrier barrier = new Barrier(N);
            List<Boolean> results1 = new ArrayList<>();
            List<Boolean> results2 = new ArrayList<>();
            List<Integer> res = new ArrayList<>(gatherTasks(N, () -> {
                barrier.await();
                results1.add(true);
                int i = barrier.await();
                results2.add(true);
                return i;
            }));
            assertEquals(N, results1.size());
            assertEquals(N, results2.size());
            Collections.sort(res);
            assertEquals(range(N), res);
            assertEquals(0, barrier.nWaiting());
            assertFalse(barrier.broken());
        });
    }

    @Test // test_locks.py::BarrierTests::test_draining_state
    void barrierTests_testDrainingState() {
        VirtualLoop.run(() -> {
            Barrier barrier = new Barrier(N);
            List<Boolean> results = new ArrayList<>();
            gatherTasks(N, () -> {
                barrier.await();
                // the last task to leave makes the barrier fill again
                return results.add(barrier.toString().contains("draining"));
            });
            assertEquals(N, results.size());
            assertFalse(results.get(N - 1));
            assertTrue(results.subList(0, N - 1).stream().allMatch(b -> b));
            assertEquals(0, barrier.nWaiting());
            assertFalse(barrier.broken());
        });
    }

    @Test // test_locks.py::BarrierTests::test_blocking_tasks_while_draining
    void barrierTests_testBlockingTasksWhileDraining() {
        VirtualLoop.run(() -> {
            int rewait = 2;
            Barrier barrier = new Barrier(N);
            Barrier barrierNowaiting = new Barrier(N - rewait);
            int[] rewaitN = {rewait};
            // success means barrierNowaiting was waited for exactly N - rewait times
            gatherTasks(N, () -> {
                barrier.await();
                if (rewaitN[0] > 0) {
                    rewaitN[0]--;
                    barrier.await();
                } else {
                    barrierNowaiting.await();
                    barrier.await();
                }
                return null;
            });
        });
    }

    @Test // test_locks.py::BarrierTests::test_filling_tasks_cancel_one
    void barrierTests_testFillingTasksCancelOne() {
        VirtualLoop.run(() -> {
            Barrier barrier = new Barrier(3);
            List<Boolean> results = new ArrayList<>();
            Coroutine<Boolean> coro = () -> {
                barrier.await();
                return results.add(true);
            };
            Task<Boolean> t1 = Asyncio.createTask(coro);
            Asyncio.sleep(0);
            assertEquals(1, barrier.nWaiting());
            Task<Boolean> t2 = Asyncio.createTask(coro);
            Asyncio.sleep(0);
            assertEquals(2, barrier.nWaiting());
            t1.cancel();
            Asyncio.sleep(0);
            assertEquals(1, barrier.nWaiting());
            assertThrows(CancelledError.class, t1::await);
            assertTrue(t1.cancelled());
            Task<Boolean> t3 = Asyncio.createTask(coro);
            Asyncio.sleep(0);
            assertEquals(2, barrier.nWaiting());
            Task<Boolean> t4 = Asyncio.createTask(coro);
            Asyncio.gather(t2, t3, t4).await();
            assertEquals(3, results.size());
            assertEquals(0, barrier.nWaiting());
            assertFalse(barrier.broken());
        });
    }

    @Test // test_locks.py::BarrierTests::test_reset_barrier
    void barrierTests_testResetBarrier() {
        VirtualLoop.run(() -> {
            Barrier barrier = new Barrier(1);
            Asyncio.createTask(barrier::reset);
            Asyncio.sleep(0);
            assertEquals(0, barrier.nWaiting());
            assertFalse(barrier.broken());
        });
    }

    @Test // test_locks.py::BarrierTests::test_reset_barrier_while_tasks_waiting
    void barrierTests_testResetBarrierWhileTasksWaiting() {
        VirtualLoop.run(() -> {
            Barrier barrier = new Barrier(N);
            List<Boolean> results = new ArrayList<>();
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < N - 1; i++) {
                tasks.add(Asyncio.createTask(() -> {
                    try {
                        barrier.await();
                    } catch (BrokenBarrierError e) {
                        results.add(true);
                    }
                }));
            }
            Asyncio.sleep(0);
            Asyncio.createTask(barrier::reset);
            Asyncio.gather(tasks).await();
            assertEquals(N - 1, results.size());
            assertEquals(0, barrier.nWaiting());
            assertFalse(barrier.toString().contains("resetting"));
            assertFalse(barrier.broken());
        });
    }

    /** {@code barrier._count} (tasks still inside) is counted here from the tasks that left. */
    @Test // test_locks.py::BarrierTests::test_reset_barrier_when_tasks_half_draining
    void barrierTests_testResetBarrierWhenTasksHalfDraining() {
        VirtualLoop.run(() -> {
            Barrier barrier = new Barrier(N);
            List<Boolean> results1 = new ArrayList<>();
            int restOfTasks = N / 2;
            int[] left = {0};
            gatherTasks(N, () -> {
                try {
                    barrier.await();
                } catch (BrokenBarrierError e) {
                    results1.add(true);
                    return null;
                }
                left[0]++;
                if (restOfTasks == N - left[0]) {
                    barrier.reset();
                }
                return null;
            });
            assertEquals(Collections.nCopies(restOfTasks, true), results1);
            assertEquals(0, barrier.nWaiting());
            assertFalse(barrier.toString().contains("resetting"));
            assertFalse(barrier.broken());
        });
    }

    @Test // test_locks.py::BarrierTests::test_reset_barrier_when_tasks_half_draining_half_blocking
    void barrierTests_testResetBarrierWhenTasksHalfDrainingHalfBlocking() {
        VirtualLoop.run(() -> {
            Barrier barrier = new Barrier(N);
            List<Boolean> results1 = new ArrayList<>();
            List<Boolean> results2 = new ArrayList<>();
            int blockingTasks = N / 2;
            int[] count = {0};
            gatherTasks(N, () -> {
                try {
                    barrier.await();
                } catch (BrokenBarrierError e) {
                    results1.add(true);
                    barrier.await();
                    return null;
                }
                count[0]++;
                if (count[0] > blockingTasks) {
                    barrier.reset();
                    barrier.await();
                } else {
                    try {
                        barrier.await();
                    } catch (BrokenBarrierError e) {
                        results2.add(true);
                    }
                }
                return null;
            });
            assertEquals(Collections.nCopies(blockingTasks, true), results1);
            assertEquals(List.of(), results2);
            assertEquals(0, barrier.nWaiting());
            assertFalse(barrier.toString().contains("resetting"));
            assertFalse(barrier.broken());
        });
    }

    @Test // test_locks.py::BarrierTests::test_reset_barrier_while_tasks_waiting_and_waiting_again
    void barrierTests_testResetBarrierWhileTasksWaitingAndWaitingAgain() {
        VirtualLoop.run(() -> {
            Barrier barrier = new Barrier(N);
            List<Boolean> results1 = new ArrayList<>();
            List<Boolean> results2 = new ArrayList<>();
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < N - 1; i++) {
                tasks.add(Asyncio.createTask(() -> {
                    try {
                        barrier.await();
                    } catch (BrokenBarrierError e) {
                        results1.add(true);
                    } finally {
                        barrier.await();
                        results2.add(true);
                    }
                }));
            }
            Asyncio.createTask(barrier::reset);
            Asyncio.sleep(0);
            Asyncio.createTask(() -> {
                barrier.await();
                results2.add(true);
            });
            Asyncio.gather(tasks).await();
            assertFalse(barrier.broken());
            assertEquals(N - 1, results1.size());
            assertEquals(N, results2.size());
            assertEquals(0, barrier.nWaiting());
        });
    }

    @Test // test_locks.py::BarrierTests::test_reset_barrier_while_tasks_draining
    void barrierTests_testResetBarrierWhileTasksDraining() {
        VirtualLoop.run(() -> {
            Barrier barrier = new Barrier(N);
            List<Boolean> results1 = new ArrayList<>();
            List<Boolean> results2 = new ArrayList<>();
            List<Boolean> results3 = new ArrayList<>();
            int[] count = {0};
            gatherTasks(N, () -> {
                barrier.await();
                count[0]++;
                if (count[0] == N) {
                    barrier.reset();
                    barrier.await();
                } else {
                    try {
                        barrier.await();
                        results1.add(true);
                    } catch (RuntimeException e) {
                        results2.add(true);
                    }
                }
                barrier.await();
                return results3.add(true);
            });
            assertFalse(barrier.broken());
            assertEquals(N - 1, results1.size());
            assertEquals(0, results2.size());
            assertEquals(N, results3.size());
            assertEquals(0, barrier.nWaiting());
        });
    }

    @Test // test_locks.py::BarrierTests::test_abort_barrier
    void barrierTests_testAbortBarrier() {
        VirtualLoop.run(() -> {
            Barrier barrier = new Barrier(1);
            Asyncio.createTask(barrier::abort);
            Asyncio.sleep(0);
            assertEquals(0, barrier.nWaiting());
            assertTrue(barrier.broken());
        });
    }

    @Test // test_locks.py::BarrierTests::test_abort_barrier_when_tasks_half_draining_half_blocking
    void barrierTests_testAbortBarrierWhenTasksHalfDrainingHalfBlocking() {
        VirtualLoop.run(() -> {
            Barrier barrier = new Barrier(N);
            List<Boolean> results1 = new ArrayList<>();
            List<Boolean> results2 = new ArrayList<>();
            int blockingTasks = N / 2;
            int[] count = {0};
            gatherTasks(N, () -> {
                try {
                    barrier.await();
                } catch (BrokenBarrierError e) {
                    results1.add(true);
                    return null;
                }
                count[0]++;
                if (count[0] > blockingTasks) {
                    barrier.abort();
                } else {
                    try {
                        barrier.await();
                    } catch (BrokenBarrierError e) {
                        results2.add(true);
                    }
                }
                return null;
            });
            assertTrue(barrier.broken());
            assertEquals(Collections.nCopies(blockingTasks, true), results1);
            assertEquals(Collections.nCopies(N - blockingTasks - 1, true), results2);
            assertEquals(0, barrier.nWaiting());
            assertFalse(barrier.toString().contains("resetting"));
        });
    }

    @Test // test_locks.py::BarrierTests::test_abort_barrier_when_exception
    void barrierTests_testAbortBarrierWhenException() {
        VirtualLoop.run(() -> {
            Barrier barrier = new Barrier(N);
            List<Boolean> results1 = new ArrayList<>();
            List<Boolean> results2 = new ArrayList<>();
            gatherTasks(N, () -> {
                try {
                    int i = barrier.await();
                    if (i == N / 2) {
                        throw new IllegalStateException("raised by one party");
                    }
                    barrier.await();
                    results1.add(true);
                } catch (BrokenBarrierError e) {
                    results2.add(true);
                } catch (IllegalStateException e) {
                    barrier.abort();
                }
                return null;
            });
            assertTrue(barrier.broken());
            assertEquals(0, results1.size());
            assertEquals(N - 1, results2.size());
            assertEquals(0, barrier.nWaiting());
        });
    }

    @Test // test_locks.py::BarrierTests::test_abort_barrier_when_exception_then_resetting
    void barrierTests_testAbortBarrierWhenExceptionThenResetting() {
        VirtualLoop.run(() -> {
            Barrier barrier1 = new Barrier(N);
            Barrier barrier2 = new Barrier(N);
            List<Boolean> results1 = new ArrayList<>();
            List<Boolean> results2 = new ArrayList<>();
            List<Boolean> results3 = new ArrayList<>();
            gatherTasks(N, () -> {
                try {
                    int i = barrier1.await();
                    if (i == N / 2) {
                        throw new IllegalStateException("raised by one party");
                    }
                    barrier1.await();
                    results1.add(true);
                } catch (BrokenBarrierError e) {
                    results2.add(true);
                } catch (IllegalStateException e) {
                    barrier1.abort();
                }
                int i = barrier2.await();
                if (i == N / 2) {
                    barrier1.reset();
                }
                barrier2.await();
                barrier1.await();
                return results3.add(true);
            });
            assertFalse(barrier1.broken());
            assertEquals(0, results1.size());
            assertEquals(N - 1, results2.size());
            assertEquals(N, results3.size());
            assertEquals(0, barrier1.nWaiting());
        });
    }
}
