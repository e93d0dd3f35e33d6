package io.jasyncio.db;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A JDBC call that a task cancellation can stop. The caller's task cannot be woken while it is
 * parked inside the driver (a cancel only sets a flag it sees at its next await, and
 * {@code Thread.interrupt} would close the socket: DESIGN §7 hazard 5), so the call runs in a
 * child task and the caller awaits its outcome; a cancelled caller wakes at once, cancels the
 * statement on the server and waits, bounded, for the driver to return.
 */
final class CancellableCall {
    private CancellableCall() {}

    static <S extends Statement, T> T run(S st, SqlFunction<S, T> body, double grace, Runnable abandon) throws SQLException {
        EventLoop loop = Asyncio.getRunningLoop();
        Future<T> outcome = loop.createFuture();
        Task<Void> call = loop.createTask(() -> {
            try {
                T value = body.apply(st);
                if (!outcome.done()) {
                    outcome.setResult(value);
                }
            } catch (Throwable t) {
                if (!outcome.done()) {
                    outcome.setException(t);
                }
            }
        });
        try {
            return outcome.await();
        } catch (CancelledError e) {
            try {
                st.cancel(); // the driver sends a cancel request on a new connection (pgjdbc: CancelRequest)
            } catch (SQLException failed) {
                abandon.run();
            }
            if (!awaitDriver(loop, call, grace)) {
                abandon.run();
            }
            throw e;
        }
    }

    /**
     * Waits up to {@code grace} seconds for the call to leave the driver; true if it did. Further
     * cancels are absorbed until then: the caller's finally blocks would otherwise hand the
     * connection back to the pool while the driver still runs a statement on it.
     */
    private static boolean awaitDriver(EventLoop loop, Task<Void> call, double grace) {
        double deadline = loop.time() + grace;
        while (!call.done()) {
            double left = deadline - loop.time();
            if (left <= 0) {
                return false;
            }
            try {
                Asyncio.wait(List.of(call), left);
                // Returned: the call ended or the grace ran out. Not re-checking the clock here: a
                // timer fires when time() reaches its deadline, but deadline - time() may still be
                // a rounding error above 0, and waiting that again spun forever on a virtual clock.
                return call.done();
            } catch (CancelledError again) {
                // the caller is already being cancelled: the CancelledError it raises is the first one
            }
        }
        return true;
    }
}
