package io.jasyncio.db;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Connections that only keep state (open, auto-commit, rolled back): for the pool's own logic. */
final class FakeConnections implements ConnectionFactory {
    final List<Fake> made = new ArrayList<>();
    boolean failNext;

    static final class Fake {
        boolean closed;
        boolean valid = true;
        boolean autoCommit = true;
        int rollbacks;
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
