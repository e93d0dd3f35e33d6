package io.jasyncio;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The futures of {@link Asyncio#asCompleted} in the order they finish: asyncio 3.13's
 * {@code as_completed} iterator. Two forms, as in asyncio:
 * <ul>
 *   <li>a plain {@code for} over it is asyncio's {@code async for}: each {@link #next()} suspends
 *       until one more input is done and returns that input future itself;</li>
 *   <li>{@link #awaitables()} is asyncio's plain {@code for}: it hands out, without waiting, one
 *       future per input not handed out yet; the i-th of them resolves to the result (or
 *       exception) of the i-th input to finish.</li>
 * </ul>
 *
 * <p>Loop-confined. The same iterator is returned by every {@link #iterator()} call, so a second
 * {@code for} resumes where the first stopped (asyncio's iterator is its own {@code __iter__}).
 * The timeout runs from the call that made it; when it passes, every input not handed out yet
 * counts as one {@link TimeoutError}: the {@code next()} that would wait throws it (a {@code for}
 * ends there), and a loop that catches it per item gets one per remaining input, then the
 * iteration is over (CPython's {@code test_as_completed_with_timeout}). The inputs are never
 * cancelled. An input given twice (the same object) is handed out once.
 *
 * @param <T> the type of the inputs' results
 */
public final class AsCompleted<T> implements Iterable<Future<T>>, Iterator<Future<T>> {
    /** Stands in {@code finished} for the timeout, once per input that was not done in time. */
    private static final Future<Object> TIMED_OUT = Future.marker();

    private final Set<Future<T>> todo;
    /** Inputs done and not claimed yet, or {@link #TIMED_OUT}. */
    private final ArrayDeque<Future<T>> finished = new ArrayDeque<>();
    /** Futures handed out by awaitables() still waiting for their completion, in hand-out order. */
    private final ArrayDeque<Future<T>> slots = new ArrayDeque<>();
    private final EventLoop loop;
    private final Consumer<Future<T>> onCompletion = this::onCompletion;
    private final TimerHandle timer;
    private int left;
    private Future<Void> waiter;

    AsCompleted(EventLoop loop, List<? extends Future<T>> futures, double timeout) {
        if (Double.isNaN(timeout)) {
            throw new IllegalArgumentException("timeout is NaN");
        }
        this.loop = loop;
        this.todo = new LinkedHashSet<>(futures); // futures do not override equals: by identity
        this.left = todo.size();
        for (Future<T> f : todo) {
            if (f.getLoop() != loop) {
                throw new IllegalArgumentException("asCompleted: " + f + " belongs to a different loop");
            }
            f.addDoneCallback(onCompletion);
        }
        timer = !todo.isEmpty() && timeout != Double.POSITIVE_INFINITY ? loop.callLater(timeout, this::onTimeout) : null;
    }

    /** This iterator itself: a second {@code for} goes on where the first stopped. */
    @Override
    public Iterator<Future<T>> iterator() {
        return this;
    }

    /** Whether some input has not been handed out yet (by {@link #next()} or {@link #awaitables()}). */
    @Override
    public boolean hasNext() {
        return left > 0;
    }

    /**
     * The next input to finish, done. Suspends until there is one.
     *
     * @throws TimeoutError if the timeout passed before one more input finished (this input's turn
     *     is then used up)
     * @throws CancelledError if the calling task is cancelled (no input is used up)
     * @throws NoSuchElementException if every input was handed out
     */
    @Override
    public Future<T> next() {
        if (left == 0) {
            throw new NoSuchElementException();
        }
        while (finished.isEmpty()) {
            waiter = loop.createFuture();
            try {
                waiter.await();
            } finally {
                waiter = null;
            }
        }
        left--;
        Future<T> f = finished.poll();
        if (f == TIMED_OUT) {
            throw timeoutError();
        }
        return f;
    }

    /**
     * Hands out, without suspending, one future for each input not handed out yet: the i-th
     * resolves as the i-th of those inputs to finish (its result, exception or cancellation), or
     * fails with {@link TimeoutError} if the timeout passes first. asyncio's plain iteration of
     * {@code as_completed}; after this call {@link #hasNext()} is false.
     */
    public List<Future<T>> awaitables() {
        List<Future<T>> out = new ArrayList<>(left);
        for (; left > 0; left--) {
            Future<T> slot = loop.createFuture();
            Future<T> f = finished.poll();
            if (f == null) {
                slots.add(slot);
            } else {
                resolve(slot, f);
            }
            out.add(slot);
        }
        return out;
    }

    private void onCompletion(Future<T> f) {
        if (!todo.remove(f)) {
            return; // the timeout came first
        }
        deliver(f);
        if (todo.isEmpty() && timer != null) {
            timer.cancel();
        }
    }

    private void onTimeout() {
        for (Future<T> f : todo) {
            f.removeDoneCallback(onCompletion);
            deliver(timedOut());
        }
        todo.clear();
    }

    /** A completion (or a timeout) goes to the oldest slot handed out, else is queued. */
    private void deliver(Future<T> f) {
        Future<T> slot = slots.poll();
        if (slot != null) {
            resolve(slot, f);
            return;
        }
        finished.add(f);
        Future<Void> w = waiter;
        if (w != null && !w.done()) {
            w.setResult(null);
        }
    }

    private void resolve(Future<T> slot, Future<T> f) {
        if (f == TIMED_OUT) {
            slot.setException(timeoutError());
        } else if (f.cancelled()) {
            slot.cancel(f.cancelMessage());
        } else if (f.exception() != null) {
            slot.setException(f.exception());
        } else {
            slot.setResult(f.result());
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> Future<T> timedOut() {
        return (Future<T>) (Future<?>) TIMED_OUT;
    }

    private static TimeoutError timeoutError() {
        return new TimeoutError("asCompleted: not done in time");
    }
}
