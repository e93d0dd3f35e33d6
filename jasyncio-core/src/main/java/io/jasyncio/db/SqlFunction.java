package io.jasyncio.db;

import java.sql.SQLException;

/**
 * A piece of JDBC work on a value (a connection, a statement) that may throw {@link SQLException}:
 * the body given to {@link PooledConnection#withStatement}, {@link Transactions#transaction} and
 * friends. It runs inside a task, where a driver's socket calls park the task, not the loop.
 */
@FunctionalInterface
public interface SqlFunction<A, R> {
    R apply(A value) throws SQLException;
}
