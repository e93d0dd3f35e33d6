package io.jasyncio;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@link Asyncio#asCompleted}: the futures in the order they finish, as asyncio 3.13's
 * {@code as_completed} yields them to {@code async for}. Loop-confined; one pass.
 *
 * <p>The timeout runs from the call that made it; when it passes, the next {@code next()} that
 * would have to wait throws {@link TimeoutError} (futures already done are still handed out first).
 */
final class AsCompleted<T> implements Iterable<Future<T>>, Iterator<Future<T>> {
    private final Set<Future<T>> todo;
    private final ArrayDeque<Future<T>> finished = new ArrayDeque<>();
    private final int total;
    private final EventLoop loop;
    private final Consumer<Future<T>> onCompletion = this::onCompletion;
    private TimerHandle timer;
    private boolean timedOut;
    private Future<Void> waiter;
    private int handedOut;
    private boolean iterated;

    AsCompleted(EventLoop loop, List<? extends Future<T>> futures, double timeout) {
        if (Double.isNaN(timeout)) {
            throw new IllegalArgumentException("timeout is NaN");
        }
        this.loop = loop;
        this.todo = new LinkedHashSet<>(futures);
        this.total = todo.size();
        for (Future<T> f : todo) {
            f.addDoneCallback(onCompletion);
        }
        if (!todo.isEmpty() && timeout != Double.POSITIVE_INFINITY) {
            timer = loop.callLater(timeout, this::onTimeout);
        }
    }

    @Override
    public Iterator<Future<T>> iterator() {
        if (iterated) {
            throw new IllegalStateException("asCompleted can be iterated once");
        }
        iterated = true;
        return this;
    }

    @Override
    public boolean hasNext() {
        return handedOut < total;
    }

    /**
     * The next future to finish, done. Suspends until there is one.
     *
     * @throws TimeoutError if the timeout passed first
     * @throws CancelledError if the calling task is cancelled
     */
    @Override
    public Future<T> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        while (finished.isEmpty()) {
            if (timedOut) {
                throw new TimeoutError("asCompleted: " + (total - handedOut) + " of " + total + " not done in time");
            }
            waiter = loop.createFuture();
            try {
                waiter.await();
            } finally {
                waiter = null;
            }
        }
        handedOut++;
        return finished.poll();
    }

    private void onCompletion(Future<T> f) {
        if (!todo.remove(f)) {
            return; // the timeout came first
        }
        finished.add(f);
        if (todo.isEmpty() && timer != null) {
            timer.cancel();
        }
        wake();
    }

    private void onTimeout() {
        for (Future<T> f : todo) {
            f.removeDoneCallback(onCompletion);
        }
        todo.clear();
        timedOut = true;
        wake();
    }

    private void wake() {
        Future<Void> w = waiter;
        if (w != null && !w.done()) {
            w.setResult(null);
        }
    }
}
