package io.jasyncio.db;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Makes a new JDBC connection for a {@link ConnectionPool}, typically
 * {@code () -> DriverManager.getConnection(url, user, password)}. Called inside a task: a driver
 * that talks over {@code java.net.Socket} (pgjdbc, MySQL Connector/J, the MariaDB and SQL Server
 * drivers) parks the task while it connects.
 */
@FunctionalInterface
public interface ConnectionFactory {
    Connection connect() throws SQLException;
}
