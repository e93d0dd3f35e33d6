package io.jasyncio.db;

import io.jasyncio.CancelledError;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Transactions around a body: asyncpg's {@code async with conn.transaction():}. Loop-confined.
 */
public final class Transactions {
    private Transactions() {}

    /**
     * Runs {@code body} in a transaction on {@code conn}: commits when it returns, rolls back when it
     * throws anything, {@link CancelledError} included (a lambda, not try-with-resources, because
     * the rollback must see the body's exception, as {@code __aexit__} does). The connection's
     * auto-commit setting is restored. A failed rollback marks the connection broken, so its pool
     * discards it. Suspends while the driver works.
     *
     * @throws SQLException what the body, the commit or the rollback threw (the rollback's is
     *     added as suppressed to the body's)
     * @throws CancelledError if the task is cancelled (after the rollback)
     */
    public static <T> T transaction(PooledConnection conn, SqlFunction<PooledConnection, T> body) throws SQLException {
        if (conn == null) {
            throw new NullPointerException("conn");
        }
        if (body == null) {
            throw new NullPointerException("body");
        }
        Connection c = conn.connection();
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            T value = body.apply(conn);
            c.commit();
            return value;
        } catch (Throwable t) {
            try {
                c.rollback();
            } catch (SQLException rollbackFailed) {
                conn.markBroken();
                t.addSuppressed(rollbackFailed);
            }
            throw t;
        } finally {
            restore(conn, c, autoCommit);
        }
    }

    private static void restore(PooledConnection conn, Connection c, boolean autoCommit) {
        try {
            c.setAutoCommit(autoCommit);
        } catch (SQLException e) {
            conn.markBroken();
        }
    }
}
