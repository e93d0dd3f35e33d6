package io.jasyncio.conformance;

import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.InvalidStateError;
import io.jasyncio.testkit.VirtualLoop;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * CPython's {@code Lib/test/test_asyncio/test_futures.py}. CPython runs {@code BaseFutureTests}
 * and {@code BaseFutureDoneCallbackTests} against three classes (its C future, a C subclass, its
 * Python future); jasyncio has one {@link Future}, so each applicable method is ported once.
 * RuntimeError is {@link IllegalStateException}.
 */
class FuturesConformanceTest {

    @Test // test_futures.py::{C,CSub,Py}FutureTests::test_initial_state
    void futureTests_testInitialState() {
        VirtualLoop.run(() -> {
            Future<Object> f = Asyncio.getRunningLoop().createFuture();
            assertFalse(f.cancelled());
            assertFalse(f.done());
            f.cancel();
            assertTrue(f.cancelled());
        });
    }

    @Test // test_futures.py::{C,CSub,Py}FutureTests::test_constructor_use_running_loop
    void futureTests_testConstructorUseRunningLoop() {
        VirtualLoop.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            assertSame(loop, loop.createFuture().getLoop());
            assertSame(loop, new Future<>(loop).getLoop());
        });
    }

    /** {@code _cancel_message} is private; the message is observable on the CancelledError. */
    @Test // test_futures.py::{C,CSub,Py}FutureTests::test_future_cancel_message_getter
    void futureTests_testFutureCancelMessageGetter() {
        VirtualLoop.run(() -> {
            Future<Object> f = Asyncio.getRunningLoop().createFuture();
            f.cancel("my message");
            CancelledError e = assertThrows(CancelledError.class, f::await);
            assertEquals("my message", e.getMessage());
        });
    }

    @Test // test_futures.py::{C,CSub,Py}FutureTests::test_cancel
    void futureTests_testCancel() {
        VirtualLoop.run(() -> {
            Future<Object> f = Asyncio.getRunningLoop().createFuture();
            assertTrue(f.cancel());
            assertTrue(f.cancelled());
            assertTrue(f.done());
            assertThrows(CancelledError.class, f::result);
            assertThrows(CancelledError.class, f::exception);
            assertThrows(InvalidStateError.class, () -> f.setResult(null));
            assertThrows(InvalidStateError.class, () -> f.setException(new IllegalStateException()));
            assertFalse(f.cancel());
        });
    }

    @Test // test_futures.py::{C,CSub,Py}FutureTests::test_result
    void futureTests_testResult() {
        VirtualLoop.run(() -> {
            Future<Integer> f = Asyncio.getRunningLoop().createFuture();
            assertThrows(InvalidStateError.class, f::result);
            f.setResult(42);
            assertFalse(f.cancelled());
            assertTrue(f.done());
            assertEquals(42, f.result());
            assertNull(f.exception());
            assertThrows(InvalidStateError.class, () -> f.setResult(null));
            assertThrows(InvalidStateError.class, () -> f.setException(new IllegalStateException()));
            assertFalse(f.cancel());
        });
    }

    @Test // test_futures.py::{C,CSub,Py}FutureTests::test_exception
    void futureTests_testException() {
        VirtualLoop.run(() -> {
            IllegalStateException exc = new IllegalStateException();
            Future<Integer> f = Asyncio.getRunningLoop().createFuture();
            assertThrows(InvalidStateError.class, f::exception);
            f.setException(exc);
            assertFalse(f.cancelled());
            assertTrue(f.done());
            assertThrows(IllegalStateException.class, f::result);
            assertSame(exc, f.exception());
            assertThrows(InvalidStateError.class, () -> f.setResult(null));
            assertThrows(InvalidStateError.class, () -> f.setException(new IllegalStateException()));
            assertFalse(f.cancel());
        });
    }

    /** The debug "created at" and the {@code cb=[...]} parts name Python functions; not ported. */
    @Test // test_futures.py::{C,CSub,Py}FutureTests::test_future_repr (states and results)
    void futureTests_testFutureRepr() {
        VirtualLoop.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Future<Integer> pending = loop.createFuture();
            assertEquals("<Future pending>", pending.toString());
            pending.cancel();
            assertEquals("<Future cancelled>", pending.toString());
            Future<Integer> result = loop.createFuture();
            result.setResult(4);
            assertEquals("<Future finished result=4>", result.toString());
            Future<Integer> exception = loop.createFuture();
            IllegalStateException exc = new IllegalStateException();
            exception.setException(exc);
            assertEquals("<Future finished exception=IllegalStateException()>", exception.toString());
            assertSame(exc, exception.exception());
        });
    }

    @Test // test_futures.py::{C,CSub,Py}FutureTests::test_wrap_future
    void futureTests_testWrapFuture() {
        ExecutorService ex = Executors.newSingleThreadExecutor();
        try {
            VirtualLoop.run(() -> {
                java.util.concurrent.Future<Thread> f1 = ex.submit(Thread::currentThread);
                Future<Thread> f2 = Asyncio.wrapFuture(f1);
                assertNotSame(Thread.currentThread(), f2.await());
            });
        } finally {
            ex.shutdownNow();
        }
    }

    @Test // test_futures.py::{C,CSub,Py}FutureTests::test_wrap_future_future
    void futureTests_testWrapFutureFuture() {
        VirtualLoop.run(() -> {
            Future<Object> f1 = Asyncio.getRunningLoop().createFuture();
            assertSame(f1, Asyncio.wrapFuture(f1));
            f1.cancel();
        });
    }

    @Test // test_futures.py::{C,CSub,Py}FutureTests::test_wrap_future_without_loop
    void futureTests_testWrapFutureWithoutLoop() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Asyncio.wrapFuture(new CompletableFuture<>()));
        assertTrue(e.getMessage().contains("no running event loop"), e.getMessage());
    }

    @Test // test_futures.py::{C,CSub,Py}FutureTests::test_wrap_future_use_running_loop
    void futureTests_testWrapFutureUseRunningLoop() {
        VirtualLoop.run(() -> {
            CompletableFuture<String> f1 = new CompletableFuture<>();
            assertSame(Asyncio.getRunningLoop(), Asyncio.wrapFuture(f1).getLoop());
            f1.cancel(false);
        });
    }

    @Test // test_futures.py::{C,CSub,Py}FutureTests::test_wrap_future_cancel
    void futureTests_testWrapFutureCancel() {
        VirtualLoop.run(() -> {
            CompletableFuture<Integer> f1 = new CompletableFuture<>();
            Future<Integer> f2 = Asyncio.wrapFuture(f1);
            f2.cancel();
            Asyncio.sleep(0);
            assertTrue(f1.isCancelled());
            assertTrue(f2.cancelled());
        });
    }

    @Test // test_futures.py::{C,CSub,Py}FutureTests::test_wrap_future_cancel2
    void futureTests_testWrapFutureCancel2() {
        VirtualLoop.run(() -> {
            CompletableFuture<Integer> f1 = new CompletableFuture<>();
            Future<Integer> f2 = Asyncio.wrapFuture(f1);
            f1.complete(42);
            f2.cancel();
            Asyncio.sleep(0);
            assertFalse(f1.isCancelled());
            assertEquals(42, f1.join());
            assertTrue(f2.cancelled());
        });
    }

    // ----- BaseFutureDoneCallbackTests -----

    /** CPython's _make_callback: a callback that appends {@code thing} to {@code bag}. */
    private static Consumer<Future<String>> appender(List<Integer> bag, int thing) {
        return f -> bag.add(thing);
    }

    /** Adds the three callbacks 42, 17, 100; removes {@code removed} (each twice); checks the rest ran. */
    private static void removeThenRun(List<Integer> removedThings, List<Integer> expected) {
        VirtualLoop.run(() -> {
            List<Integer> bag = new ArrayList<>();
            Future<String> f = Asyncio.getRunningLoop().createFuture();
            List<Consumer<Future<String>>> cbs = List.of(appender(bag, 42), appender(bag, 17), appender(bag, 100));
            cbs.forEach(f::addDoneCallback);
            for (int thing : removedThings) {
                Consumer<Future<String>> cb = cbs.get(List.of(42, 17, 100).indexOf(thing));
                f.removeDoneCallback(cb);
                f.removeDoneCallback(cb);
            }
            assertEquals(List.of(), bag);
            f.setResult("foo");
            Asyncio.sleep(0);
            assertEquals(expected, bag);
            assertEquals("foo", f.result());
        });
    }

    @Test // test_futures.py::{C,CSub,Py}FutureDoneCallbackTests::test_callbacks_remove_first_callback
    void futureDoneCallbackTests_testCallbacksRemoveFirstCallback() {
        removeThenRun(List.of(42), List.of(17, 100));
    }

    @Test // test_futures.py::{C,CSub,Py}FutureDoneCallbackTests::test_callbacks_remove_first_and_second_callback
    void futureDoneCallbackTests_testCallbacksRemoveFirstAndSecondCallback() {
        removeThenRun(List.of(42, 17), List.of(100));
    }

    @Test // test_futures.py::{C,CSub,Py}FutureDoneCallbackTests::test_callbacks_remove_third_callback
    void futureDoneCallbackTests_testCallbacksRemoveThirdCallback() {
        removeThenRun(List.of(100), List.of(42, 17));
    }

    @Test // test_futures.py::{C,CSub,Py}FutureDoneCallbackTests::test_callbacks_invoked_on_set_result
    void futureDoneCallbackTests_testCallbacksInvokedOnSetResult() {
        VirtualLoop.run(() -> {
            List<Integer> bag = new ArrayList<>();
            Future<String> f = Asyncio.getRunningLoop().createFuture();
            f.addDoneCallback(appender(bag, 42));
            f.addDoneCallback(appender(bag, 17));
            assertEquals(List.of(), bag);
            f.setResult("foo");
            assertEquals(List.of(), bag, "callbacks are scheduled, never run inside setResult");
            Asyncio.sleep(0);
            assertEquals(List.of(42, 17), bag);
            assertEquals("foo", f.result());
        });
    }

    @Test // test_futures.py::{C,CSub,Py}FutureDoneCallbackTests::test_callbacks_invoked_on_set_exception
    void futureDoneCallbackTests_testCallbacksInvokedOnSetException() {
        VirtualLoop.run(() -> {
            List<Integer> bag = new ArrayList<>();
            Future<String> f = Asyncio.getRunningLoop().createFuture();
            f.addDoneCallback(appender(bag, 100));
            assertEquals(List.of(), bag);
            IllegalStateException exc = new IllegalStateException();
            f.setException(exc);
            Asyncio.sleep(0);
            assertEquals(List.of(100), bag);
            assertSame(exc, f.exception());
        });
    }

    @Test // test_futures.py::{C,CSub,Py}FutureDoneCallbackTests::test_remove_done_callback
    void futureDoneCallbackTests_testRemoveDoneCallback() {
        VirtualLoop.run(() -> {
            List<Integer> bag = new ArrayList<>();
            Future<String> f = Asyncio.getRunningLoop().createFuture();
            Consumer<Future<String>> cb1 = appender(bag, 1);
            Consumer<Future<String>> cb2 = appender(bag, 2);
            Consumer<Future<String>> cb3 = appender(bag, 3);
            f.addDoneCallback(cb1);
            f.addDoneCallback(cb2);
            assertEquals(1, f.removeDoneCallback(cb2));
            assertEquals(0, f.removeDoneCallback(cb3));
            f.addDoneCallback(cb2);
            for (int i = 0; i < 5; i++) {
                f.addDoneCallback(cb1);
            }
            assertEquals(6, f.removeDoneCallback(cb1));
            assertEquals(List.of(), bag);
            f.setResult("foo");
            Asyncio.sleep(0);
            assertEquals(List.of(2), bag);
            assertEquals("foo", f.result());
        });
    }

    /** bpo-28963: a callback removing others while they run; the list was captured at completion. */
    @Test // test_futures.py::{C,CSub,Py}FutureDoneCallbackTests::test_schedule_callbacks_list_mutation_1
    void futureDoneCallbackTests_testScheduleCallbacksListMutation1() {
        VirtualLoop.run(() -> {
            List<String> ran = new ArrayList<>();
            Future<Integer> fut = Asyncio.getRunningLoop().createFuture();
            Consumer<Future<Integer>> str = f -> ran.add("str");
            fut.addDoneCallback(f -> {
                ran.add("mut");
                f.removeDoneCallback(str);
            });
            fut.addDoneCallback(str);
            fut.addDoneCallback(str);
            fut.setResult(1);
            Asyncio.sleep(0);
            assertEquals(List.of("mut", "str", "str"), ran);
        });
    }
}
