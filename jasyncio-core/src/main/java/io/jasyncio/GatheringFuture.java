package io.jasyncio;

import io.jasyncio.internal.AwaitTarget;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The future {@link Asyncio#gather} returns: done when every child is, with their results in
 * argument order. Follows asyncio 3.12's {@code _GatheringFuture}: cancelling it cancels the
 * children, and it then ends with a {@link CancelledError} exception rather than being cancelled
 * itself (SEMANTICS 1). Loop-confined.
 */
final class GatheringFuture<T> extends Future<List<T>> implements AwaitTarget {
    private final List<? extends Future<?>> children;
    private final boolean returnExceptions;
    private final int distinct;
    private int finished;
    private boolean cancelRequested;
    /** One callback object for every child. */
    private final Consumer<Future<?>> onChildDone = this::childDone;

    private GatheringFuture(EventLoop loop, List<? extends Future<?>> children, int distinct, boolean returnExceptions) {
        super(loop);
        this.children = children;
        this.distinct = distinct;
        this.returnExceptions = returnExceptions;
    }

    /** Gathers the futures; a future given twice is awaited once and reported twice. */
    static <T> Future<List<T>> of(EventLoop loop, List<? extends Future<?>> futures, boolean returnExceptions) {
        if (futures.isEmpty()) {
            Future<List<T>> empty = loop.createFuture();
            empty.setResult(new ArrayList<>());
            return empty;
        }
        Map<Future<?>, Boolean> seen = new IdentityHashMap<>();
        List<Future<?>> distinct = new ArrayList<>();
        for (Future<?> f : futures) {
            if (seen.put(f, Boolean.TRUE) == null) {
                distinct.add(f);
            }
        }
        return start(loop, new ArrayList<>(futures), distinct, returnExceptions);
    }

    /** Gathers the tasks made for coroutines: they are told apart already. */
    static <T> Future<List<T>> of(EventLoop loop, CoroutineTasks<?> tasks, boolean returnExceptions) {
        if (tasks.all().isEmpty()) {
            return of(loop, List.of(), returnExceptions);
        }
        return start(loop, tasks.all(), tasks.distinct(), returnExceptions);
    }

    private static <T> Future<List<T>> start(EventLoop loop, List<? extends Future<?>> children,
            List<? extends Future<?>> distinct,
            boolean returnExceptions) {
        List<Future<?>> done = new ArrayList<>();
        for (Future<?> f : distinct) {
            if (f.loop != loop) {
                throw new IllegalArgumentException("gather: " + f + " belongs to a different loop");
            }
        }
        GatheringFuture<T> outer = new GatheringFuture<>(loop, children, distinct.size(), returnExceptions);
        for (Future<?> f : distinct) {
            if (f.done()) {
                done.add(f);
            } else {
                f.addDoneCallback(outer.onChildDone);
            }
        }
        for (Future<?> f : done) {
            outer.childDone(f); // asyncio 3.12: children already done are counted at once
        }
        return outer;
    }

    /**
     * Cancels every child that is not done; returns whether any was. The gather then ends with a
     * {@link CancelledError} exception once the children are done.
     */
    @Override
    public boolean cancel(String msg) {
        if (done()) {
            return false;
        }
        boolean any = false;
        for (Future<?> child : children) {
            if (child.cancel(msg)) {
                any = true;
            }
        }
        if (any) {
            cancelRequested = true;
        }
        return any;
    }

    private void childDone(Future<?> child) {
        finished++;
        if (done()) {
            if (!child.cancelled()) {
                child.exception(); // retrieved: the gather already reported its outcome
            }
            return;
        }
        if (!returnExceptions) {
            if (child.cancelled()) {
                setException(child.makeCancelledError());
                return;
            }
            Throwable exc = child.exception();
            if (exc != null) {
                setException(exc);
                return;
            }
        }
        if (finished == distinct) {
            complete(child);
        }
    }

    @SuppressWarnings("unchecked")
    private void complete(Future<?> last) {
        List<Object> results = new ArrayList<>(children.size());
        for (Future<?> f : children) {
            if (f.cancelled()) {
                String m = f.cancelMessage();
                results.add(new CancelledError(m == null ? "" : m));
            } else {
                Throwable exc = f.exception();
                results.add(exc != null ? exc : f.result());
            }
        }
        if (cancelRequested) {
            setException(last.makeCancelledError());
        } else {
            setResult((List<T>) Collections.unmodifiableList(results));
        }
    }

    @Override
    public String awaitDescription() {
        return "gather (" + (distinct - finished) + " of " + distinct + " pending)";
    }

    @Override
    public Class<?> awaitType() {
        return Future.class;
    }

    @Override
    public String reprName() {
        return "GatheringFuture"; // asyncio's _GatheringFuture
    }

    @Override
    public Collection<? extends Future<?>> awaitedFutures() {
        return children;
    }
}
