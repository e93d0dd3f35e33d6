package io.jasyncio.db;

import static io.jasyncio.testkit.VirtualLoop.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Task;
import io.jasyncio.TimeoutError;
import io.jasyncio.testkit.Steps;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pool's own rules, on connections that only keep state, with the virtual clock. */
class ConnectionPoolTest {
    private final FakeConnections db = new FakeConnections();

    @Test
    void createOpensMinSizeAndCloseClosesAll() {
        run(() -> {
            ConnectionPool pool = ConnectionPool.create(db, PoolOptions.defaults().withSize(3, 5));
            assertEquals(3, pool.getSize());
            assertEquals(3, pool.getIdleSize());
            try (PooledConnection c = pool.acquire()) {
                assertEquals(1, pool.getInUse());
            }
            pool.close();
            assertTrue(pool.isClosing());
            assertThrows(IllegalStateException.class, pool::acquire);
        });
        assertEquals(0, db.open());
    }

    @Test
    void acquireWaitsFifoAndACancelledWaiterTakesNothing() {
        Steps steps = new Steps();
        run(() -> {
            ConnectionPool pool = ConnectionPool.create(db, PoolOptions.defaults().withSize(0, 1));
            PooledConnection held = pool.acquire();
            List<String> order = new ArrayList<>();
            List<Task<Void>> waiters = new ArrayList<>();
            for (String name : List.of("a", "b", "c")) {
                waiters.add(Asyncio.createTask(() -> {
                    try (PooledConnection c = pool.acquire()) {
                        order.add(name);
                        Asyncio.sleep(0.01);
                    }
                }));
            }
            Asyncio.sleep(0);
            steps.expect(1);
            waiters.get(1).cancel();
            held.close();
            Asyncio.gather(true, waiters.toArray(new io.jasyncio.Future<?>[0])).await();
            steps.expect(2);
            assertEquals(List.of("a", "c"), order);
            assertTrue(waiters.get(1).cancelled());
            assertEquals(1, pool.getSize());
            pool.close();
        });
        steps.finish(3);
    }

    @Test
    void acquireTimesOut() {
        run(() -> {
            ConnectionPool pool = ConnectionPool.create(db, PoolOptions.defaults().withSize(1, 1));
            try (PooledConnection held = pool.acquire()) {
                double t0 = Asyncio.getRunningLoop().time();
                assertThrows(TimeoutError.class, () -> pool.acquire(0.5));
                assertEquals(0.5, Asyncio.getRunningLoop().time() - t0, 1e-6);
            }
            try (PooledConnection again = pool.acquire(0.5)) {
                assertEquals(1, pool.getInUse());
            }
            pool.close();
        });
    }

    @Test
    void releaseRollsBackAnOpenTransactionAndDiscardsBrokenOrWornConnections() {
        run(() -> {
            ConnectionPool pool = ConnectionPool.create(db, PoolOptions.defaults().withSize(1, 1).withMaxQueries(3));
            Connection first;
            try (PooledConnection c = pool.acquire()) {
                first = c.connection();
                first.setAutoCommit(false);
            }
            assertEquals(1, db.made.get(0).rollbacks);
            assertTrue(db.made.get(0).autoCommit);
            try (PooledConnection c = pool.acquire()) {
                assertSame(first, c.connection());
                c.markBroken();
            }
            assertTrue(db.made.get(0).closed);
            for (int i = 0; i < 3; i++) {
                try (PooledConnection c = pool.acquire()) {
                    assertNotSame(first, c.connection());
                }
            }
            assertTrue(db.made.get(1).closed, "replaced after maxQueries uses");
            assertEquals(0, pool.getSize());
            pool.close();
        });
    }

    @Test
    void anIdleConnectionIsValidatedAndAFailedConnectGivesThePermitBack() {
        run(() -> {
            ConnectionPool pool = ConnectionPool.create(db, PoolOptions.defaults().withSize(1, 1));
            db.made.get(0).valid = false;
            Asyncio.sleep(2); // idle longer than validateAfterIdleSeconds
            db.failNext = true;
            SQLException e = assertThrows(SQLException.class, pool::acquire);
            assertEquals("08001", e.getSQLState());
            assertTrue(db.made.get(0).closed);
            try (PooledConnection c = pool.acquire(1)) {
                assertFalse(c.connection().isClosed());
            }
            pool.close();
        });
    }

    @Test
    void closeWaitsForConnectionsInUse() {
        Steps steps = new Steps();
        run(() -> {
            ConnectionPool pool = ConnectionPool.create(db, PoolOptions.defaults().withSize(2, 2));
            PooledConnection c = pool.acquire();
            Task<Void> closer = Asyncio.createTask(() -> {
                steps.expect(1);
                pool.close();
                steps.expect(3);
            });
            Asyncio.sleep(1);
            assertFalse(closer.done());
            steps.expect(2);
            c.close();
            closer.await();
        });
        steps.finish(4);
        assertEquals(0, db.open());
    }

    @Test
    void transactionCommitsOrRollsBackOnExceptionAndOnCancellation() {
        run(() -> {
            ConnectionPool pool = ConnectionPool.create(db, PoolOptions.defaults().withSize(1, 1));
            try (PooledConnection c = pool.acquire()) {
                assertEquals(Integer.valueOf(7), Transactions.<Integer>transaction(c, conn -> 7));
                assertEquals(0, db.made.get(0).rollbacks);
                assertThrows(IllegalArgumentException.class, () -> Transactions.transaction(c, conn -> {
                    throw new IllegalArgumentException("boom");
                }));
                assertEquals(1, db.made.get(0).rollbacks);
                assertTrue(db.made.get(0).autoCommit);
                Task<Void> t = Asyncio.createTask(() -> {
                    Transactions.transaction(c, conn -> {
                        Asyncio.sleep(10);
                        return null;
                    });
                });
                Asyncio.sleep(1);
                t.cancel();
                assertThrows(CancelledError.class, t::await);
                assertEquals(2, db.made.get(0).rollbacks);
                assertTrue(db.made.get(0).autoCommit);
            }
            pool.close();
        });
    }

    @Test
    void aTaskCancelledMidStatementCancelsItAndGivesTheConnectionBackUsable() {
        run(() -> {
            ConnectionPool pool = ConnectionPool.create(db, PoolOptions.defaults().withSize(1, 1));
            Task<Void> victim = Asyncio.createTask(() -> {
                try (PooledConnection c = pool.acquire()) {
                    c.withStatement(st -> st.execute("SELECT pg_sleep(30)"));
                }
            });
            Asyncio.sleep(1);
            assertEquals(1, pool.getInUse());
            double t0 = Asyncio.getRunningLoop().time();
            victim.cancel();
            assertThrows(CancelledError.class, victim::await);
            FakeConnections.Fake f = db.made.get(0);
            assertEquals(1, f.cancels, "Statement.cancel() was called");
            assertFalse(f.aborted);
            assertEquals(t0, Asyncio.getRunningLoop().time(), "no grace wait: the driver returned at once");
            assertEquals(0, pool.getInUse());
            assertEquals(1, pool.getIdleSize(), "the connection is back and kept");
            try (PooledConnection again = pool.acquire()) {
                assertEquals(1, db.made.size(), "the same connection is reused");
            }
            pool.close();
        });
        assertEquals(0, db.open());
    }

    /** Regression: a second cancel during the grace wait released the connection with a statement still in the driver. */
    @Test
    void aSecondCancelDuringTheGraceWaitDoesNotReturnAConnectionStillInTheDriver() {
        db.cancelIgnored = true; // the server never ends the statement: only the grace deadline frees the caller
        run(() -> {
            ConnectionPool pool = ConnectionPool.create(db, PoolOptions.defaults().withSize(1, 1));
            double grace = pool.options().cancelGraceSeconds();
            Task<Void> victim = Asyncio.createTask(() -> {
                try (PooledConnection c = pool.acquire()) {
                    c.withStatement(st -> st.execute("SELECT pg_sleep(30)"));
                }
            });
            Asyncio.sleep(1);
            double t0 = Asyncio.getRunningLoop().time();
            victim.cancel();
            Asyncio.sleep(1);
            assertFalse(victim.done(), "waiting for the driver to return");
            victim.cancel();
            Asyncio.sleep(0);
            assertEquals(1, pool.getInUse(), "not handed back while the statement is in the driver");
            assertThrows(CancelledError.class, victim::await);
            // times are doubles on a clock that starts anywhere: (t0 + 5) - t0 may be 4.999999999999999
            assertTrue(Asyncio.getRunningLoop().time() - t0 >= grace - 1e-9, "the grace wait ran to its end");
            FakeConnections.Fake f = db.made.get(0);
            assertTrue(f.aborted, "a connection whose driver never returned is aborted");
            assertEquals(0, pool.getInUse());
            assertEquals(0, pool.getSize(), "and discarded, not reused");
            pool.close();
        });
        assertEquals(0, db.open());
    }

    @Test
    void badArgumentsAreNamed() {
        assertThrows(IllegalArgumentException.class, () -> PoolOptions.defaults().withSize(3, 2));
        assertThrows(IllegalArgumentException.class, () -> PoolOptions.defaults().withSize(-1, 2));
        run(() -> {
            NullPointerException e = assertThrows(NullPointerException.class, () -> ConnectionPool.create(null, PoolOptions.defaults()));
            assertEquals("factory", e.getMessage());
        });
    }
}
