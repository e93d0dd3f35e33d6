package io.jasyncio.db;

/**
 * The settings of a {@link ConnectionPool}, with asyncpg's names and defaults where it has them.
 * Immutable; {@code with...} methods return a copy.
 *
 * @param minSize connections opened by {@code create} and kept open ({@code min_size}, default 10)
 * @param maxSize connections open at most ({@code max_size}, default 10)
 * @param maxQueries uses after which a connection is replaced ({@code max_queries}, default 50,000)
 * @param maxInactiveSeconds idle time after which a connection above {@code minSize} is closed
 *     ({@code max_inactive_connection_lifetime}, default 300; 0 disables)
 * @param validateAfterIdleSeconds an idle connection older than this is checked with
 *     {@code Connection.isValid} before it is handed out (default 1; 0 checks every time)
 * @param cancelGraceSeconds after a cancelled statement was cancelled on the server, how long its
 *     call may take to return before the connection is discarded (default 5)
 */
public record PoolOptions(int minSize, int maxSize, int maxQueries, double maxInactiveSeconds,
                          double validateAfterIdleSeconds, double cancelGraceSeconds) {
    /** asyncpg's defaults: 10 connections, min and max. */
    public static PoolOptions defaults() {
        return new PoolOptions(10, 10, 50_000, 300, 1, 5);
    }

    /** Checks the values. */
    public PoolOptions {
        if (minSize < 0) {
            throw new IllegalArgumentException("minSize must be >= 0: " + minSize);
        }
        if (maxSize < 1 || maxSize < minSize) {
            throw new IllegalArgumentException("maxSize must be >= 1 and >= minSize: " + maxSize + " (minSize " + minSize + ")");
        }
        if (maxQueries < 1) {
            throw new IllegalArgumentException("maxQueries must be >= 1: " + maxQueries);
        }
        if (maxInactiveSeconds < 0 || validateAfterIdleSeconds < 0 || cancelGraceSeconds <= 0) {
            throw new IllegalArgumentException("durations must be >= 0 (cancelGraceSeconds > 0)");
        }
    }

    /** A copy with these sizes. */
    public PoolOptions withSize(int min, int max) {
        return new PoolOptions(min, max, maxQueries, maxInactiveSeconds, validateAfterIdleSeconds, cancelGraceSeconds);
    }

    /** A copy with this {@code maxQueries}. */
    public PoolOptions withMaxQueries(int n) {
        return new PoolOptions(minSize, maxSize, n, maxInactiveSeconds, validateAfterIdleSeconds, cancelGraceSeconds);
    }

    /** A copy with this {@code cancelGraceSeconds}. */
    public PoolOptions withCancelGrace(double seconds) {
        return new PoolOptions(minSize, maxSize, maxQueries, maxInactiveSeconds, validateAfterIdleSeconds, seconds);
    }
}
