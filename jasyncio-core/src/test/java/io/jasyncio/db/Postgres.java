package io.jasyncio.db;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;

/**
 * The real PostgreSQL the database tests use: settings from {@code JASYNCIO_PG_HOST/PORT/DB/USER/PASSWORD}
 * or {@code -Djasyncio.pg.host...}, defaults matching {@code .ci/setup.d/40-postgres.sh}. A missing
 * server fails the test under {@code CI=true} and skips it otherwise, saying how to get one.
 */
final class Postgres {
    static final String HOST = setting("host", "127.0.0.1");
    static final String PORT = setting("port", "5432");
    static final String DB = setting("db", "jasyncio_test");
    static final String USER = setting("user", "jasyncio");
    static final String PASSWORD = setting("password", "jasyncio");

    private Postgres() {}

    private static String setting(String name, String dflt) {
        String v = System.getProperty("jasyncio.pg." + name);
        if (v == null) {
            v = System.getenv("JASYNCIO_PG_" + name.toUpperCase());
        }
        return v != null ? v : dflt;
    }

    static String url(String applicationName) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + DB + "?ApplicationName=" + applicationName
                + "&connectTimeout=10&socketTimeout=60";
    }

    /** A factory for the pool: a plain DriverManager call, made inside the acquiring task. */
    static ConnectionFactory factory(String applicationName) {
        String url = url(applicationName);
        return () -> DriverManager.getConnection(url, USER, PASSWORD);
    }

    /** A connection outside any loop (for checks), or a skip/failure naming what is missing. */
    static Connection direct() {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", PASSWORD);
        try {
            return DriverManager.getConnection(url("jasyncio-test-admin"), p);
        } catch (SQLException e) {
            String msg = "PostgreSQL is not reachable at " + HOST + ":" + PORT + "/" + DB + " as " + USER + " (" + e.getMessage()
                    + "): run `sudo bash .ci/setup.d/40-postgres.sh` (installs Debian's postgresql, starts a cluster, "
                    + "creates the role and database) or set JASYNCIO_PG_HOST/PORT/DB/USER/PASSWORD";
            if ("true".equals(System.getenv("CI"))) {
                fail(msg);
            }
            Assumptions.abort(msg);
            throw new AssertionError(msg);
        }
    }

    /** How many server sessions carry this application name. */
    static int sessions(String applicationName) throws SQLException {
        try (Connection c = direct(); var st = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
            st.setString(1, applicationName);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * The server's session count for {@code applicationName} once it stops falling, at most
     * {@code seconds} later: a backend leaves pg_stat_activity a moment after its client closed
     * the socket, so a count taken at once can still see connections the pool has just closed.
     */
    static int sessionsSettled(String applicationName, double seconds) throws SQLException {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        int n = sessions(applicationName);
        while (n > 0 && System.nanoTime() < end) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
            n = sessions(applicationName);
        }
        return n;
    }
}
