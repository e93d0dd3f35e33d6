package io.jasyncio.db;

import io.jasyncio.Asyncio;
import io.jasyncio.Future;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Connections that only keep state (open, auto-commit, rolled back) for the pool's own logic, and
 * whose statements "run" until cancelled: {@code execute} awaits a future of the loop, as a
 * socket-based driver parks the task, and {@code Statement.cancel()} fails it with SQL state 57014
 * as a server does, unless {@link #cancelIgnored} (a cancel request that arrives too early or is
 * lost); {@code abort} fails it with 08006.
 */
final class FakeConnections implements ConnectionFactory {
    final List<Fake> made = new ArrayList<>();
    boolean failNext;
    boolean cancelIgnored;

    static final class Fake {
        boolean closed;
        boolean aborted;
        boolean valid = true;
        boolean autoCommit = true;
        int rollbacks;
        int cancels;
        Future<Boolean> running;
    }

    private Statement statement(Fake f) {
        return (Statement) Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {Statement.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "execute" -> {
                        f.running = Asyncio.getRunningLoop().createFuture();
                        yield f.running.await();
                    }
                    case "cancel" -> {
                        f.cancels++;
                        if (!cancelIgnored && f.running != null && !f.running.done()) {
                            f.running.setException(new SQLException("canceling statement due to user request", "57014"));
                        }
                        yield null;
                    }
                    case "close" -> null;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @Override
    public Connection connect() throws SQLException {
        if (failNext) {
            failNext = false;
            throw new SQLException("connection refused (fake)", "08001");
        }
        Fake f = new Fake();
        made.add(f);
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "close" -> {
                        f.closed = true;
                        yield null;
                    }
                    case "isClosed" -> f.closed;
                    case "isValid" -> f.valid && !f.closed;
                    case "getAutoCommit" -> f.autoCommit;
                    case "setAutoCommit" -> {
                        f.autoCommit = (Boolean) args[0];
                        yield null;
                    }
                    case "rollback" -> {
                        f.rollbacks++;
                        yield null;
                    }
                    case "commit" -> null;
                    case "createStatement" -> statement(f);
                    case "abort" -> {
                        f.aborted = true;
                        f.closed = true;
                        Future<Boolean> q = f.running;
                        if (q != null && !q.done()) {
                            // abort may be called from any thread: land the failure on the loop
                            q.getLoop().callSoonThreadsafe(() -> {
                                if (!q.done()) {
                                    q.setException(new SQLException("connection aborted", "08006"));
                                }
                            });
                        }
                        yield null;
                    }
                    case "toString" -> "fake-" + made.indexOf(f);
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    long open() {
        return made.stream().filter(f -> !f.closed).count();
    }
}
