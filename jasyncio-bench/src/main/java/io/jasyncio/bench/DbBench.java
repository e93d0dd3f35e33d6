package io.jasyncio.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.db.ConnectionPool;
import io.jasyncio.db.PoolOptions;
import io.jasyncio.db.PooledConnection;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Queries per second through a pool of 10 connections (docs/benchmarks.md "Databases"):
 * {@code jasyncio} runs CONC tasks on one loop through {@link ConnectionPool} with pgjdbc inside
 * the tasks; {@code hikari} runs CONC platform threads through HikariCP with pgjdbc. Queries:
 * {@code select1}, {@code insert} (a prepared insert), {@code rows100} (a 100-row select, every
 * column read). Usage: {@code DbBench URL USER PASSWORD jasyncio|hikari QUERY CONC OPS}.
 */
public final class DbBench {
    private static final String INSERT = "INSERT INTO bench_insert (v) VALUES ($1)".replace("$1", "?");
    private static final String ROWS = "SELECT i, 'row ' || i FROM generate_series(1, 100) i";

    private DbBench() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String user = args[1];
        String password = args[2];
        String impl = args[3];
        String query = args[4];
        int conc = Integer.parseInt(args[5]);
        int ops = Integer.parseInt(args[6]);
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            c.createStatement().execute("CREATE TABLE IF NOT EXISTS bench_insert (id bigserial PRIMARY KEY, v int)");
        }
        long cpu0 = cpu();
        long t0 = System.nanoTime();
        if (impl.equals("jasyncio")) {
            onLoop(url, user, password, query, conc, ops);
        } else {
            onThreads(url, user, password, query, conc, ops);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%-8s %-8s conc %3d  %8.0f q/s  cpu %5.1f µs/q%n", impl, query, conc, ops / s,
                (cpu() - cpu0) / 1e3 / ops);
    }

    static int one(Connection c, PreparedStatement ps, String query, int i) throws SQLException {
        switch (query) {
            case "select1" -> {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
            case "insert" -> {
                ps.setInt(1, i);
                return ps.executeUpdate();
            }
            default -> {
                int sum = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sum += rs.getInt(1) + rs.getString(2).length();
                    }
                }
                return sum;
            }
        }
    }

    static String sql(String query) {
        return switch (query) {
            case "select1" -> "SELECT 1";
            case "insert" -> INSERT;
            default -> ROWS;
        };
    }

    private static void onLoop(String url, String user, String password, String query, int conc, int ops) {
        Asyncio.run(() -> {
            ConnectionPool pool = ConnectionPool.create(() -> DriverManager.getConnection(url, user, password),
                    PoolOptions.defaults().withSize(10, 10));
            List<Task<Void>> workers = new ArrayList<>();
            for (int w = 0; w < conc; w++) {
                int share = ops / conc;
                workers.add(Asyncio.createTask(() -> {
                    for (int i = 0; i < share; i++) {
                        try (PooledConnection c = pool.acquire()) {
                            // plain JDBC in the task: the cooperative path (withPrepared adds a child task per call)
                            try (PreparedStatement ps = c.connection().prepareStatement(sql(query))) {
                                one(c.connection(), ps, query, i);
                            }
                        }
                    }
                }));
            }
            for (Task<Void> t : workers) {
                t.await();
            }
            pool.close();
        });
    }

    private static void onThreads(String url, String user, String password, String query, int conc, int ops)
            throws InterruptedException {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(url);
        cfg.setUsername(user);
        cfg.setPassword(password);
        cfg.setMaximumPoolSize(10);
        cfg.setMinimumIdle(10);
        AtomicLong failures = new AtomicLong();
        java.util.concurrent.atomic.AtomicReference<SQLException> first = new java.util.concurrent.atomic.AtomicReference<>();
        try (HikariDataSource ds = new HikariDataSource(cfg)) {
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < conc; w++) {
                int share = ops / conc;
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < share; i++) {
                        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql(query))) {
                            one(c, ps, query, i);
                        } catch (SQLException e) {
                            failures.incrementAndGet();
                            first.compareAndSet(null, e);
                        }
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
        }
        if (failures.get() > 0) {
            System.err.println(failures.get() + " queries failed, first: " + first.get());
        }
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
