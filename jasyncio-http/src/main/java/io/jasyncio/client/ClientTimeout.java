package io.jasyncio.client;

/**
 * Time limits of a request, in seconds: aiohttp's {@code ClientTimeout}. {@code total} covers the
 * whole request (connecting, sending, redirects, and reading the body); {@code connect} covers
 * getting a connection (from the pool or a new one, TLS handshake included); {@code sockRead} is
 * the longest wait for the next bytes of the response. {@code Double.POSITIVE_INFINITY}: no limit.
 *
 * <p>Immutable and thread-safe.
 */
public record ClientTimeout(double total, double connect, double sockRead) {
    /** No limit at all. */
    public static final double NONE = Double.POSITIVE_INFINITY;

    /** Checks the values (each positive, or {@link #NONE}). */
    public ClientTimeout {
        check("total", total);
        check("connect", connect);
        check("sockRead", sockRead);
    }

    private static void check(String name, double v) {
        if (!(v > 0)) {
            throw new IllegalArgumentException(name + " must be > 0 seconds (or ClientTimeout.NONE), got " + v);
        }
    }

    /** aiohttp's defaults: 5 minutes in all, 30 s to connect (its {@code sock_connect}), no read limit. */
    public static ClientTimeout defaults() {
        return new ClientTimeout(300, 30, NONE);
    }

    public ClientTimeout withTotal(double seconds) {
        return new ClientTimeout(seconds, connect, sockRead);
    }

    public ClientTimeout withConnect(double seconds) {
        return new ClientTimeout(total, seconds, sockRead);
    }

    public ClientTimeout withSockRead(double seconds) {
        return new ClientTimeout(total, connect, seconds);
    }
}
