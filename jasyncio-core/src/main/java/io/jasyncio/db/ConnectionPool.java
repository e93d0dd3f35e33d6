package io.jasyncio.db;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.TimeoutError;
import io.jasyncio.locks.Event;
import io.jasyncio.locks.Semaphore;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A pool of JDBC connections for the tasks of one loop: asyncpg's {@code Pool}
 * ({@code asyncpg.create_pool}). Loop-confined. Built on jasyncio's own {@link Semaphore}, so
 * {@link #acquire()} waits strictly FIFO, a cancelled waiter takes no connection, and waiting
 * never blocks the loop; the JDBC calls themselves (connect, validate, roll back) run inside the
 * calling task, where a socket-based driver parks the task (see docs/databases.md).
 *
 * <p>A connection is handed out as a {@link PooledConnection}; {@code try (var c = pool.acquire())}
 * returns it. On release it is rolled back if a transaction was left open, and discarded if it
 * broke (closed, or an SQL state of class 08 or 57P), reached {@code maxQueries} uses, or the pool
 * is closing. An idle connection is validated before reuse when it sat idle longer than
 * {@code validateAfterIdleSeconds}, so a server restart costs at most the queries that were in
 * flight on the old connections. {@link #close()} waits until every connection is back.
 */
public final class ConnectionPool implements AutoCloseable {
    private final EventLoop loop;
    private final ConnectionFactory factory;
    private final PoolOptions options;
    private final Semaphore permits;
    private final ArrayDeque<Slot> idle = new ArrayDeque<>();
    private final Event allReturned = new Event();
    private int open;
    private int inUse;
    private boolean closing;
    private boolean closed;

    /** One open connection and its bookkeeping. */
    static final class Slot {
        final Connection connection;
        int uses;
        double lastUsed;
        boolean broken;

        Slot(Connection connection) {
            this.connection = connection;
        }
    }

    private ConnectionPool(EventLoop loop, ConnectionFactory factory, PoolOptions options) {
        this.loop = loop;
        this.factory = factory;
        this.options = options;
        this.permits = new Semaphore(options.maxSize());
        allReturned.set();
    }

    /**
     * Makes a pool and opens its {@code minSize} connections: {@code asyncpg.create_pool}.
     * Suspends while connecting.
     *
     * @throws SQLException if a connection cannot be opened (those opened are closed)
     * @throws CancelledError if the task is cancelled
     */
    public static ConnectionPool create(ConnectionFactory factory, PoolOptions options) throws SQLException {
        if (factory == null) {
            throw new NullPointerException("factory");
        }
        if (options == null) {
            throw new NullPointerException("options");
        }
        ConnectionPool pool = new ConnectionPool(Asyncio.getRunningLoop(), factory, options);
        try {
            for (int i = 0; i < options.minSize(); i++) {
                pool.idle.add(pool.connect());
            }
        } catch (SQLException | RuntimeException | Error e) {
            pool.terminate();
            throw e;
        }
        return pool;
    }

    /**
     * Takes a connection, suspending while all {@code maxSize} are in use (FIFO).
     *
     * @throws SQLException if a new connection cannot be opened
     * @throws IllegalStateException if the pool is closing or closed
     * @throws CancelledError if the task is cancelled while it waits (no connection is taken)
     */
    public PooledConnection acquire() throws SQLException {
        checkOpen();
        permits.acquire();
        return checkOut();
    }

    /**
     * {@link #acquire()} waiting at most {@code timeout} seconds.
     *
     * @throws TimeoutError if no connection was free in time
     */
    public PooledConnection acquire(double timeout) throws SQLException {
        checkOpen();
        Asyncio.timeout(timeout, () -> {
            permits.acquire();
        });
        return checkOut();
    }

    private PooledConnection checkOut() throws SQLException {
        try {
            checkOpen();
            Slot s = take();
            if (inUse++ == 0) {
                allReturned.clear(); // set exactly while none is in use (a clear per checkout was 1% of a JFR profile)
            }
            return new PooledConnection(this, s);
        } catch (SQLException | RuntimeException | Error e) {
            permits.release();
            throw e;
        }
    }

    /** An idle connection that is still good, or a new one. */
    private Slot take() throws SQLException {
        Slot s;
        while ((s = idle.pollFirst()) != null) {
            double idleFor = loop.time() - s.lastUsed;
            if (idleFor < options.validateAfterIdleSeconds() || valid(s)) {
                return s;
            }
            discard(s);
        }
        return connect();
    }

    private static boolean valid(Slot s) {
        try {
            return !s.connection.isClosed() && s.connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private Slot connect() throws SQLException {
        open++;
        try {
            Connection c = factory.connect();
            if (c == null) {
                throw new SQLException("the connection factory returned null");
            }
            Slot s = new Slot(c);
            s.lastUsed = loop.time();
            return s;
        } catch (SQLException | RuntimeException | Error e) {
            open--;
            throw e;
        }
    }

    /** Called once per checkout by {@link PooledConnection#close()}. */
    void release(Slot s) {
        inUse--;
        try {
            s.uses++;
            if (!s.broken && !closing && s.uses < options.maxQueries() && reset(s)) {
                s.lastUsed = loop.time();
                idle.addFirst(s); // the most recently used first: the others can age out
                pruneIdle();
            } else {
                discard(s);
            }
        } finally {
            permits.release();
            if (inUse == 0) {
                allReturned.set();
                closed = closing;
            }
        }
    }

    /** Rolls back a transaction left open; false if the connection is no longer usable. */
    private static boolean reset(Slot s) {
        try {
            if (s.connection.isClosed()) {
                return false;
            }
            if (!s.connection.getAutoCommit()) {
                s.connection.rollback();
                s.connection.setAutoCommit(true);
            }
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Closes idle connections above minSize that were idle longer than maxInactiveSeconds. */
    private void pruneIdle() {
        double limit = options.maxInactiveSeconds();
        if (limit <= 0) {
            return;
        }
        double now = loop.time();
        while (open > options.minSize() && !idle.isEmpty() && now - idle.peekLast().lastUsed > limit) {
            discard(idle.pollLast());
        }
    }

    private void discard(Slot s) {
        open--;
        try {
            s.connection.close();
        } catch (SQLException ignored) {
            // a broken connection may fail to say goodbye; it is gone either way
        }
    }

    /**
     * Stops handing out connections, suspends until every connection in use is released, then
     * closes them all: asyncpg's {@code Pool.close()}. Idempotent.
     *
     * @throws CancelledError if the task is cancelled while it waits (the pool stays closing)
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closing = true;
        while (inUse > 0) {
            allReturned.await();
        }
        terminate();
    }

    /**
     * Closes the idle connections at once and the others when they are released: asyncpg's
     * {@code Pool.terminate()}. Does not suspend.
     */
    public void terminate() {
        closing = true;
        closed = inUse == 0;
        List<Slot> all = new ArrayList<>(idle);
        idle.clear();
        all.forEach(this::discard);
    }

    private void checkOpen() {
        if (closing) {
            throw new IllegalStateException("the pool is " + (closed ? "closed" : "closing"));
        }
    }

    /** Connections open now, idle or in use: asyncpg's {@code get_size()}. */
    public int getSize() {
        return open;
    }

    /** Idle connections: {@code get_idle_size()}. */
    public int getIdleSize() {
        return idle.size();
    }

    /** Connections handed out and not yet released. */
    public int getInUse() {
        return inUse;
    }

    /** The configured minimum: {@code get_min_size()}. */
    public int getMinSize() {
        return options.minSize();
    }

    /** The configured maximum: {@code get_max_size()}. */
    public int getMaxSize() {
        return options.maxSize();
    }

    /** Whether {@link #close()} or {@link #terminate()} was called: {@code is_closing()}. */
    public boolean isClosing() {
        return closing;
    }

    PoolOptions options() {
        return options;
    }

    @Override
    public String toString() {
        return "<ConnectionPool size=" + open + " idle=" + idle.size() + " inUse=" + inUse + " max=" + options.maxSize()
                + (closing ? " closing" : "") + ">";
    }
}
