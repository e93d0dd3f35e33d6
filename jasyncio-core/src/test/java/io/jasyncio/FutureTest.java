package io.jasyncio;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class FutureTest {

    @Test
    void resultAndExceptionFollowTheState() {
        Loops.run(() -> {
            Future<String> f = Asyncio.getRunningLoop().createFuture();
            assertFalse(f.done());
            assertEquals("Result is not set.", assertThrows(InvalidStateError.class, f::result).getMessage());
            assertEquals("Exception is not set.", assertThrows(InvalidStateError.class, f::exception).getMessage());
            f.setResult("x");
            assertTrue(f.done());
            assertFalse(f.cancelled());
            assertEquals("x", f.result());
            assertNull(f.exception());
            assertThrows(InvalidStateError.class, () -> f.setResult("y"));
            assertThrows(InvalidStateError.class, () -> f.setException(new RuntimeException()));
            assertFalse(f.cancel());
        });
    }

    @Test
    void exceptionIsRethrownUnchangedEvenWhenChecked() {
        Loops.run(() -> {
            Future<String> f = Asyncio.getRunningLoop().createFuture();
            IOException io = new IOException("disk");
            f.setException(io);
            assertSame(io, f.exception());
            Exception thrown = assertThrows(Exception.class, f::result);
            assertSame(io, thrown);
            assertSame(io, assertThrows(Exception.class, f::await));
        });
    }

    @Test
    void cancelCarriesTheMessage() {
        Loops.run(() -> {
            Future<String> f = Asyncio.getRunningLoop().createFuture();
            assertTrue(f.cancel("stop it"));
            assertTrue(f.cancelled());
            assertTrue(f.done());
            assertFalse(f.cancel("again"));
            assertEquals("stop it", assertThrows(CancelledError.class, f::result).getMessage());
            assertEquals("stop it", assertThrows(CancelledError.class, f::exception).getMessage());
            assertEquals("stop it", assertThrows(CancelledError.class, f::await).getMessage());
        });
    }

    @Test
    void doneCallbacksAreScheduledNotCalledInline() {
        Steps s = new Steps();
        Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Future<Integer> f = loop.createFuture();
            f.addDoneCallback(x -> s.expect(3));
            f.addDoneCallback(x -> s.expect(4));
            s.expect(1);
            f.setResult(1);
            s.expect(2); // SEMANTICS 8: nothing ran inside setResult
            Asyncio.sleep(0);
            s.expect(5);
        });
        s.finish(6);
    }

    @Test
    void callbacksAreCapturedAtCompletion() {
        List<String> ran = new ArrayList<>();
        Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Future<Integer> f = loop.createFuture();
            Consumer<Future<Integer>> second = x -> ran.add("second");
            f.addDoneCallback(x -> {
                ran.add("first");
                x.removeDoneCallback(second); // too late: the list was captured at completion
            });
            f.addDoneCallback(second);
            f.setResult(1);
            Asyncio.sleep(0);
        });
        assertEquals(List.of("first", "second"), ran);
    }

    @Test
    void removeDoneCallbackRemovesEveryRegistration() {
        List<String> ran = new ArrayList<>();
        Loops.run(() -> {
            Future<Integer> f = Asyncio.getRunningLoop().createFuture();
            Consumer<Future<Integer>> cb = x -> ran.add("cb");
            f.addDoneCallback(cb);
            f.addDoneCallback(x -> ran.add("other"));
            f.addDoneCallback(cb);
            assertEquals(2, f.removeDoneCallback(cb));
            assertEquals(0, f.removeDoneCallback(cb));
            f.setResult(1);
            Asyncio.sleep(0);
        });
        assertEquals(List.of("other"), ran);
    }

    @Test
    void callbackAddedToADoneFutureIsScheduledAtOnce() {
        Steps s = new Steps();
        Loops.run(() -> {
            Future<Integer> f = Asyncio.getRunningLoop().createFuture();
            f.setResult(7);
            f.addDoneCallback(x -> {
                assertEquals(7, x.result());
                s.expect(2);
            });
            s.expect(1);
            Asyncio.sleep(0);
            s.expect(3);
        });
    }

    @Test
    void awaitingADoneFutureDoesNotYield() {
        Steps s = new Steps();
        Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Future<Integer> f = loop.createFuture();
            f.setResult(5);
            loop.callSoon(() -> s.expect(3));
            s.expect(1);
            assertEquals(5, f.await());
            s.expect(2); // the callback above has not run: no suspension happened
            Asyncio.sleep(0);
            s.expect(4);
        });
    }

    @Test
    void awaitOutsideATaskExplainsWhy() {
        EventLoop loop = Loops.newLoop();
        Future<Integer> f = loop.createFuture();
        IllegalStateException e = assertThrows(IllegalStateException.class, f::await);
        assertTrue(e.getMessage().contains("no running event loop"), e.getMessage());
        Throwable[] inCallback = new Throwable[1];
        loop.callSoon(() -> {
            inCallback[0] = assertThrows(IllegalStateException.class, f::await);
            loop.stop();
        });
        loop.runForever();
        loop.close();
        assertTrue(inCallback[0].getMessage().contains("only a task can suspend"), inCallback[0].getMessage());
    }

    @Test
    void awaitingAFutureOfAnotherLoopIsAnError() {
        EventLoop other = Loops.newLoop();
        Future<Integer> foreign = other.createFuture();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Loops.run(() -> foreign.await()));
        assertTrue(e.getMessage().contains("attached to a different loop"), e.getMessage());
        other.close();
    }

    @Test
    void toCompletableFutureCompletesFromTheLoop() throws Exception {
        CompletableFuture<Integer>[] ok = new CompletableFuture[1];
        CompletableFuture<Integer>[] failed = new CompletableFuture[1];
        CompletableFuture<Integer>[] cancelled = new CompletableFuture[1];
        Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Future<Integer> a = loop.createFuture();
            Future<Integer> b = loop.createFuture();
            Future<Integer> c = loop.createFuture();
            ok[0] = a.toCompletableFuture();
            failed[0] = b.toCompletableFuture();
            cancelled[0] = c.toCompletableFuture();
            a.setResult(3);
            b.setException(new IllegalStateException("bad"));
            c.cancel("no");
            Asyncio.sleep(0);
        });
        assertEquals(3, ok[0].get(1, TimeUnit.SECONDS));
        ExecutionException e = assertThrows(ExecutionException.class, () -> failed[0].get(1, TimeUnit.SECONDS));
        assertEquals("bad", e.getCause().getMessage());
        assertThrows(CancellationException.class, () -> cancelled[0].get(1, TimeUnit.SECONDS));
    }

    @Test
    void cancellingTheCompletableFutureCancelsTheFuture() {
        boolean cancelled = Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Future<Integer> f = loop.createFuture();
            CompletableFuture<Integer> cf = f.toCompletableFuture();
            Thread t = Thread.ofPlatform().start(() -> cf.cancel(false));
            try {
                f.await();
                return false;
            } catch (CancelledError expected) {
                t.join();
                return f.cancelled();
            }
        });
        assertTrue(cancelled);
    }

    // issue 8 §1.11: Python's repr (test_futures.py::BaseFutureTests::test_future_repr) and
    // InvalidStateError("invalid state") from a second set_result (the C Future's message).
    @Test
    void toStringIsPythonsReprAndASecondSetResultSaysInvalidState() {
        Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Future<String> f = loop.createFuture();
            assertEquals("<Future pending>", f.toString());
            f.setResult("xxx");
            assertEquals("<Future finished result='xxx'>", f.toString());
            assertEquals("invalid state", assertThrows(InvalidStateError.class, () -> f.setResult("again")).getMessage());
            assertEquals("invalid state",
                    assertThrows(InvalidStateError.class, () -> f.setException(new RuntimeException())).getMessage());
            Future<String> longer = loop.createFuture();
            longer.setResult("a".repeat(100)); // reprlib.repr shortens it to 30 characters
            assertEquals("<Future finished result='" + "a".repeat(12) + "..." + "a".repeat(13) + "'>", longer.toString());
            Future<Object> none = loop.createFuture();
            none.setResult(null);
            assertEquals("<Future finished result=None>", none.toString());
            Future<Object> failed = loop.createFuture();
            failed.setException(new IllegalArgumentException("x"));
            assertEquals("<Future finished exception=IllegalArgumentException('x')>", failed.toString());
            failed.exception();
            Future<Object> cancelled = loop.createFuture();
            cancelled.cancel();
            assertEquals("<Future cancelled>", cancelled.toString());
            Task<Integer> t = Asyncio.createTask(() -> 1, "worker");
            assertEquals("<Task pending name='worker'>", t.toString());
            t.await();
            assertEquals("<Task finished name='worker' result=1>", t.toString());
            Task<Void> s = Asyncio.createTask(() -> Asyncio.sleep(10), "sleeper");
            Asyncio.sleep(0);
            Asyncio.currentTask().cancel();
            assertEquals("<Task cancelling name='" + Asyncio.currentTask().getName() + "'>", Asyncio.currentTask().toString());
            Asyncio.currentTask().uncancel();
            s.cancel();
        });
    }
}
