package io.jasyncio;

import io.jasyncio.internal.WaitFuture;

import java.util.function.Consumer;

/**
 * {@link Asyncio#shield}: a future that mirrors another one, except that cancelling it does not
 * cancel the other (asyncio's {@code shield}). Loop-confined.
 */
final class Shield {
    private Shield() {}

    static <T> Future<T> of(Future<T> inner) {
        if (inner.done()) {
            return inner;
        }
        Future<T> outer = new WaitFuture<>(inner.getLoop(), inner, "shield");
        Consumer<Future<T>> innerDone = f -> {
            if (outer.cancelled()) {
                if (!f.cancelled()) {
                    f.exception(); // retrieved: nobody else will look at it
                }
                return;
            }
            if (f.cancelled()) {
                outer.cancel();
            } else if (f.exception() != null) {
                outer.setException(f.exception());
            } else {
                outer.setResult(f.result());
            }
        };
        inner.addDoneCallback(innerDone);
        outer.addDoneCallback(o -> {
            if (!inner.done()) {
                inner.removeDoneCallback(innerDone);
            }
        });
        return outer;
    }
}
