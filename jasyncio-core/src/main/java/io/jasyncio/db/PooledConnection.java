package io.jasyncio.db;

import io.jasyncio.CancelledError;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A connection checked out of a {@link ConnectionPool}; {@link #close()} gives it back (asyncpg's
 * {@code async with pool.acquire() as conn}). Loop-confined, for one task at a time.
 *
 * <p>{@link #connection()} is the plain JDBC connection: any call on it runs in the task and, with
 * a socket-based driver, parks the task while the server works. {@link #withStatement} and
 * {@link #withPrepared} add what a plain call cannot have: if the task is cancelled while the
 * statement runs, the statement is cancelled on the server ({@link Statement#cancel()}), the task
 * gets {@link CancelledError} once the driver has returned, and the connection stays usable; if
 * the driver does not return within the pool's {@code cancelGraceSeconds}, the connection is
 * aborted and discarded.
 */
public final class PooledConnection implements AutoCloseable {
    private final ConnectionPool pool;
    private final ConnectionPool.Slot slot;
    private boolean released;

    PooledConnection(ConnectionPool pool, ConnectionPool.Slot slot) {
        this.pool = pool;
        this.slot = slot;
    }

    /**
     * The JDBC connection. Do not close it (close this object instead) and do not keep it after
     * {@link #close()}.
     *
     * @throws IllegalStateException if the connection was released
     */
    public Connection connection() {
        if (released) {
            throw new IllegalStateException("the connection was released to its pool");
        }
        return slot.connection;
    }

    /**
     * Creates a statement, runs {@code body} with it (cancellably, as the class says), closes it.
     * Suspends while the driver waits for the server.
     *
     * @throws SQLException what the driver or {@code body} threw
     * @throws CancelledError if the task is cancelled (the statement was cancelled on the server)
     */
    public <T> T withStatement(SqlFunction<Statement, T> body) throws SQLException {
        if (body == null) {
            throw new NullPointerException("body");
        }
        try (Statement st = connection().createStatement()) {
            return run(st, body);
        }
    }

    /** {@link #withStatement} for a prepared statement of {@code sql}. */
    public <T> T withPrepared(String sql, SqlFunction<PreparedStatement, T> body) throws SQLException {
        if (sql == null) {
            throw new NullPointerException("sql");
        }
        if (body == null) {
            throw new NullPointerException("body");
        }
        try (PreparedStatement st = connection().prepareStatement(sql)) {
            return run(st, body);
        }
    }

    private <S extends Statement, T> T run(S st, SqlFunction<S, T> body) throws SQLException {
        try {
            return CancellableCall.run(st, body, pool.options().cancelGraceSeconds(), this::abort);
        } catch (SQLException e) {
            if (isFatal(e)) {
                slot.broken = true;
            }
            throw e;
        }
    }

    /** A connection-level failure: SQL state class 08 (connection exception) or 57P (operator intervention). */
    static boolean isFatal(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("57P"));
    }

    /** The driver did not return after a cancel: drop the connection from under it. */
    private void abort() {
        slot.broken = true;
        try {
            slot.connection.abort(r -> Thread.ofPlatform().daemon().name("jasyncio-db-abort").start(r));
        } catch (SQLException | RuntimeException ignored) {
            // discarded on release anyway
        }
    }

    /** Marks the connection as unusable: the pool discards it on release instead of reusing it. */
    public void markBroken() {
        slot.broken = true;
    }

    /** Gives the connection back to its pool; idempotent. Does not suspend. */
    @Override
    public void close() {
        if (released) {
            return;
        }
        released = true;
        pool.release(slot);
    }

    @Override
    public String toString() {
        return "<PooledConnection " + slot.connection + (released ? " released" : "") + (slot.broken ? " broken" : "") + ">";
    }
}
