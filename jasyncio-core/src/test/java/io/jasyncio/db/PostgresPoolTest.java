package io.jasyncio.db;

import static io.jasyncio.transports.RealLoop.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Task;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pool against a real PostgreSQL through pgjdbc (see {@link Postgres} for the settings). The
 * tests that need JDBC calls to run cooperatively assume the loop scheduler: with the portable
 * one a blocking JDK call keeps the loop's baton (docs/design.md), so a task cannot cancel or
 * unblock another while that one is inside the driver.
 */
class PostgresPoolTest {
    @BeforeAll
    static void serverIsThere() throws SQLException {
        Postgres.direct().close();
    }

    private static void assumeLoopScheduler() {
        Assumptions.assumeTrue("loop".equals(Asyncio.getRunningLoop().schedulerName()),
                "needs the loop scheduler: with the portable one a JDBC call blocks the loop");
    }

    private static int selectOne(PooledConnection c, int i) throws SQLException {
        return c.withPrepared("SELECT ?::int + 1", ps -> {
            ps.setInt(1, i);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /** Task A waits in the server for a lock that task B, on the same loop, releases: only a parked A lets B run. */
    @Test
    void aJdbcCallInsideATaskParksTheTaskNotTheLoop() {
        String app = "jasyncio-test-coop";
        List<String> events = run(Duration.ofSeconds(60), () -> {
            assumeLoopScheduler();
            List<String> log = new ArrayList<>();
            ConnectionPool pool = ConnectionPool.create(Postgres.factory(app), PoolOptions.defaults().withSize(2, 2));
            try (PooledConnection holder = pool.acquire(); PooledConnection waiter = pool.acquire()) {
                holder.withStatement(st -> st.execute("SELECT pg_advisory_lock(4242)"));
                Task<Void> a = Asyncio.createTask(() -> {
                    waiter.withStatement(st -> st.execute("SET lock_timeout = '20s'"));
                    log.add("A waits in the server");
                    waiter.connection().createStatement().execute("SELECT pg_advisory_lock(4242)");
                    log.add("A got the lock");
                    waiter.withStatement(st -> st.execute("SELECT pg_advisory_unlock(4242)"));
                });
                while (log.isEmpty()) {
                    Asyncio.sleep(0.001);
                }
                Asyncio.sleep(0.2); // let A reach the server (its success does not depend on this)
                log.add("B releases");
                holder.withStatement(st -> st.execute("SELECT pg_advisory_unlock(4242)"));
                a.await();
            } finally {
                pool.close();
            }
            return log;
        });
        assertEquals(List.of("A waits in the server", "B releases", "A got the lock"), events);
    }

    @Test
    void manyTasksShareAPoolOfTenAndNoConnectionLeaks() throws SQLException {
        String app = "jasyncio-test-share";
        int tasks = 100;
        int each = 100; // 10,000 queries: the 100,000 scaled to keep the suite's time reasonable
        int[] peak = new int[1];
        long sum = run(Duration.ofSeconds(120), () -> {
            ConnectionPool pool = ConnectionPool.create(Postgres.factory(app), PoolOptions.defaults().withSize(2, 10));
            List<Task<Long>> all = new ArrayList<>();
            for (int t = 0; t < tasks; t++) {
                all.add(Asyncio.createTask(() -> {
                    long s = 0;
                    for (int i = 0; i < each; i++) {
                        try (PooledConnection c = pool.acquire(30)) {
                            peak[0] = Math.max(peak[0], pool.getInUse());
                            s += selectOne(c, i);
                        }
                    }
                    return s;
                }));
            }
            long total = 0;
            for (Task<Long> t : all) {
                total += t.await();
            }
            assertTrue(pool.getSize() <= 10, pool.toString());
            assertEquals(0, pool.getInUse());
            pool.close();
            return total;
        });
        assertEquals((long) tasks * (each * (each + 1) / 2), sum);
        assertTrue(peak[0] <= 10, "peak in use " + peak[0]);
        assertEquals(0, Postgres.sessionsSettled(app, 10), "server sessions left behind");
    }

    @Test
    void aQueryCancelledMidFlightIsCancelledOnTheServerAndTheConnectionStaysUsable() throws SQLException {
        String app = "jasyncio-test-cancel";
        run(Duration.ofSeconds(60), () -> {
            assumeLoopScheduler();
            ConnectionPool pool = ConnectionPool.create(Postgres.factory(app), PoolOptions.defaults().withSize(1, 1));
            try (PooledConnection c = pool.acquire()) {
                Task<Boolean> q = Asyncio.createTask(() -> c.withStatement(st -> st.execute("SELECT pg_sleep(30)")));
                while (serverRuns(app, "SELECT pg_sleep(30)") == 0) {
                    Asyncio.sleep(0.01); // bounded by the run's timeout: the server has no event to await
                }
                double t0 = Asyncio.getRunningLoop().time();
                q.cancel();
                assertThrows(CancelledError.class, q::await);
                assertTrue(Asyncio.getRunningLoop().time() - t0 < 10, "the server-side sleep was cancelled");
                assertEquals(6, selectOne(c, 5), "the same connection runs the next query");
            }
            assertEquals(1, pool.getSize(), "the connection was kept");
            pool.close();
        });
        assertEquals(0, Postgres.sessionsSettled(app, 10));
    }

    @Test
    void aTaskCancelledWhileWaitingForAConnectionTakesNoneAndLeaksNothing() throws SQLException {
        String app = "jasyncio-test-cancel-wait";
        run(Duration.ofSeconds(60), () -> {
            ConnectionPool pool = ConnectionPool.create(Postgres.factory(app), PoolOptions.defaults().withSize(1, 1));
            PooledConnection held = pool.acquire();
            Task<Integer> waiter = Asyncio.createTask(() -> {
                try (PooledConnection c = pool.acquire()) {
                    return selectOne(c, 1);
                }
            });
            Task<Integer> timedOut = Asyncio.createTask(() -> {
                try (PooledConnection c = pool.acquire(0.05)) {
                    return selectOne(c, 2);
                }
            });
            Asyncio.sleep(0.01);
            waiter.cancel();
            assertThrows(CancelledError.class, waiter::await);
            assertThrows(io.jasyncio.TimeoutError.class, timedOut::await);
            assertEquals(1, pool.getInUse(), "only the holder has a connection");
            assertEquals(1, pool.getSize(), "no connection was opened for the cancelled waiter");
            held.close();
            try (PooledConnection c = pool.acquire(5)) {
                assertEquals(4, selectOne(c, 3), "the one connection still serves");
            }
            assertEquals(0, pool.getInUse());
            pool.close();
        });
        assertEquals(0, Postgres.sessionsSettled(app, 10), "server sessions left behind");
    }

    @Test
    void aTaskCancelledMidQueryGivesItsConnectionBackToThePool() throws SQLException {
        String app = "jasyncio-test-cancel-owner";
        run(Duration.ofSeconds(60), () -> {
            assumeLoopScheduler();
            ConnectionPool pool = ConnectionPool.create(Postgres.factory(app), PoolOptions.defaults().withSize(1, 1));
            Task<Boolean> victim = Asyncio.createTask(() -> {
                try (PooledConnection c = pool.acquire()) {
                    return c.withStatement(st -> st.execute("SELECT pg_sleep(30)"));
                }
            });
            while (serverRuns(app, "SELECT pg_sleep(30)") == 0) {
                Asyncio.sleep(0.01); // bounded by the run's timeout
            }
            double t0 = Asyncio.getRunningLoop().time();
            victim.cancel();
            assertThrows(CancelledError.class, victim::await);
            assertTrue(Asyncio.getRunningLoop().time() - t0 < 10, "the server-side sleep was cancelled");
            assertEquals(0, serverRuns(app, "SELECT pg_sleep(30)"), "the statement no longer runs on the server");
            assertEquals(0, pool.getInUse(), "the connection went back");
            assertEquals(1, pool.getSize(), "and was kept: it is usable");
            try (PooledConnection c = pool.acquire(5)) {
                assertEquals(8, selectOne(c, 7));
            }
            pool.close();
        });
        assertEquals(0, Postgres.sessionsSettled(app, 10), "server sessions left behind");
    }

    /**
     * A plain JDBC call cannot be cancelled mid-flight: the cancel lands at the next await, and the
     * connection still goes back. The call waits on a lock another connection holds, so the test
     * decides when it ends (it used to be a pg_sleep(0.5) that, on a loaded machine, could end
     * before the test saw it running, and then there was nothing left to cancel).
     */
    @Test
    void aTaskCancelledInsideAPlainJdbcCallReturnsItsConnectionWhenTheCallEnds() throws SQLException {
        String app = "jasyncio-test-cancel-plain";
        String blocked = "SELECT pg_advisory_xact_lock(4343)";
        try (Connection holder = Postgres.direct()) {
            holder.setAutoCommit(false);
            run(Duration.ofSeconds(60), () -> {
                assumeLoopScheduler();
                Asyncio.toThread(() -> {
                    try (var st = holder.createStatement()) {
                        return st.execute(blocked); // held until the commit below
                    }
                });
                ConnectionPool pool = ConnectionPool.create(Postgres.factory(app), PoolOptions.defaults().withSize(1, 1));
                boolean[] queryEnded = new boolean[1];
                Task<Integer> victim = Asyncio.createTask(() -> {
                    try (PooledConnection c = pool.acquire(); var st = c.connection().createStatement()) {
                        st.execute(blocked);
                        queryEnded[0] = true;
                        Asyncio.sleep(0); // the first await after the driver returns raises the cancel
                        return selectOne(c, 1);
                    }
                });
                while (serverRuns(app, blocked) == 0 && !victim.done()) {
                    Asyncio.sleep(0.005);
                }
                victim.cancel();
                Asyncio.sleep(0.05);
                assertFalse(victim.done(), "the task is still inside the driver, waiting for the lock");
                Asyncio.toThread(() -> {
                    holder.commit();
                    return null;
                });
                assertThrows(CancelledError.class, victim::await);
                assertTrue(queryEnded[0], "the call ran to its end inside the driver");
                assertEquals(0, pool.getInUse());
                try (PooledConnection c = pool.acquire(5)) {
                    assertEquals(3, selectOne(c, 2));
                }
                pool.close();
            });
        }
        assertEquals(0, Postgres.sessionsSettled(app, 10), "server sessions left behind");
    }

    /**
     * Seeded cancels of 200 tasks at random moments, waiting for one of 5 connections or inside
     * a query: afterwards nothing is in use, every connection left works, and close leaves no
     * server session.
     */
    @Test
    void cancellationsWhileWaitingAndMidQueryLeakNoConnection() throws SQLException {
        String app = "jasyncio-test-cancel-storm";
        run(Duration.ofSeconds(120), () -> {
            assumeLoopScheduler();
            ConnectionPool pool = ConnectionPool.create(Postgres.factory(app), PoolOptions.defaults().withSize(0, 5));
            java.util.Random r = new java.util.Random(42);
            List<Task<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                Task<Integer> t = Asyncio.createTask(() -> {
                    try (PooledConnection c = pool.acquire(30)) {
                        c.withPrepared("SELECT pg_sleep(?)", ps -> {
                            ps.setDouble(1, 0.005 + (n % 7) * 0.003);
                            return ps.execute();
                        });
                        return selectOne(c, n);
                    }
                });
                tasks.add(t);
                if (r.nextBoolean()) {
                    Asyncio.getRunningLoop().callLater(r.nextDouble() * 0.4, () -> t.cancel());
                }
            }
            int done = 0;
            int cancelled = 0;
            for (int i = 0; i < tasks.size(); i++) {
                try {
                    assertEquals(i + 1, tasks.get(i).await());
                    done++;
                } catch (CancelledError e) {
                    cancelled++;
                }
            }
            assertTrue(done > 0 && cancelled > 0, done + " done, " + cancelled + " cancelled");
            assertEquals(0, pool.getInUse(), pool.toString());
            assertTrue(pool.getSize() <= 5, pool.toString());
            List<PooledConnection> all = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                all.add(pool.acquire(5));
            }
            for (PooledConnection c : all) {
                assertEquals(10, selectOne(c, 9), "every connection the pool kept answers");
                c.close();
            }
            pool.close();
        });
        assertEquals(0, Postgres.sessionsSettled(app, 10), "server sessions left behind");
    }

    /** Sessions of {@code app} running {@code sql} now, asked through a pooled-free connection in a worker. */
    private static int serverRuns(String app, String sql) throws Exception {
        return Asyncio.toThread(() -> {
            try (Connection c = Postgres.direct();
                 var ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE application_name = ? AND query = ? AND state = 'active'")) {
                ps.setString(1, app);
                ps.setString(2, sql);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    @Test
    void aTransactionCancelledInTheServerIsRolledBack() throws SQLException {
        String app = "jasyncio-test-tx";
        run(Duration.ofSeconds(60), () -> {
            assumeLoopScheduler();
            ConnectionPool pool = ConnectionPool.create(Postgres.factory(app), PoolOptions.defaults().withSize(1, 1));
            try (PooledConnection c = pool.acquire()) {
                c.withStatement(st -> st.execute("CREATE TABLE IF NOT EXISTS tx_probe (id int)"));
                c.withStatement(st -> st.execute("TRUNCATE tx_probe"));
                Task<Void> t = Asyncio.createTask(() -> {
                    Transactions.transaction(c, conn -> {
                        conn.withStatement(st -> st.execute("INSERT INTO tx_probe VALUES (1)"));
                        return conn.withStatement(st -> st.execute("SELECT pg_sleep(30)"));
                    });
                });
                while (serverRuns(app, "SELECT pg_sleep(30)") == 0) {
                    Asyncio.sleep(0.01);
                }
                t.cancel();
                assertThrows(CancelledError.class, t::await);
                int rows = c.withStatement(st -> {
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM tx_probe")) {
                        rs.next();
                        return rs.getInt(1);
                    }
                });
                assertEquals(0, rows, "the insert was rolled back");
                assertTrue(c.connection().getAutoCommit());
            }
            pool.close();
        });
    }

    /**
     * The restart runs on a server of the test's own ({@link PrivatePostgres}), never on the
     * shared one: restarting that broke every other test run using it at the moment.
     */
    @Test
    void theServerRestartedUnderLoadThePoolRecovers() throws Exception {
        String app = "jasyncio-test-restart";
        run(Duration.ofSeconds(10), PostgresPoolTest::assumeLoopScheduler); // before paying for a server
        String sharedStarted = sharedServerStartTime();
        try (PrivatePostgres server = PrivatePostgres.start()) {
            run(Duration.ofSeconds(120), () -> {
                ConnectionPool pool = ConnectionPool.create(server.factory(app), PoolOptions.defaults().withSize(2, 10));
                boolean[] restarted = new boolean[1];
                int[] failures = new int[1];
                List<Task<Integer>> workers = new ArrayList<>();
                for (int t = 0; t < 20; t++) {
                    workers.add(Asyncio.createTask(() -> {
                        int okAfter = 0;
                        while (okAfter < 50) {
                            try (PooledConnection c = pool.acquire(30)) {
                                selectOne(c, 1);
                                if (restarted[0]) {
                                    okAfter++;
                                }
                            } catch (SQLException e) {
                                failures[0]++;
                                Asyncio.sleep(0.05); // the server is down: back off
                            }
                        }
                        return okAfter;
                    }));
                }
                Asyncio.sleep(0.3);
                Asyncio.toThread(() -> {
                    server.restart();
                    return null;
                });
                restarted[0] = true;
                for (Task<Integer> w : workers) {
                    assertEquals(50, w.await());
                }
                assertTrue(failures[0] >= 1, "the restart broke some queries");
                assertTrue(pool.getSize() <= 10, pool.toString());
                pool.close();
            });
            assertEquals(0, server.sessionsSettled(app, 10));
        }
        assertEquals(sharedStarted, sharedServerStartTime(), "the shared server was not restarted");
    }

    private static String sharedServerStartTime() throws SQLException {
        try (Connection c = Postgres.direct(); var st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT pg_postmaster_start_time()::text")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
