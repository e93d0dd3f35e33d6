package io.jasyncio.client;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.TimeoutError;
import io.jasyncio.locks.Semaphore;
import io.jasyncio.streams.StreamPair;
import io.jasyncio.tls.TlsOptions;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The connection pool of a session: aiohttp's {@code TCPConnector}. Keeps idle keep-alive
 * connections per {@link PoolKey} (newest first, as aiohttp), bounds the connections in use with
 * FIFO semaphores ({@code limit} in all, {@code limitPerHost} per key; a request over the limit
 * waits), drops idle connections older than {@code keepaliveTimeout} or already closed by the
 * server. Loop-confined.
 */
final class Pool {
    private final SessionOptions options;
    private final Semaphore total;
    private final Map<PoolKey, Semaphore> perHost = new HashMap<>();
    private final Map<PoolKey, ArrayDeque<Connection>> idle = new HashMap<>();
    private int opened;
    private int inUse;
    private boolean closed;

    Pool(SessionOptions options) {
        this.options = options;
        this.total = options.limit() > 0 ? new Semaphore(options.limit()) : null;
    }

    /** Suspends for a connection to {@code key}: an idle one if any is still good, else a new one. */
    Connection acquire(PoolKey key, TlsOptions ssl, double connectTimeout) throws IOException {
        if (closed) {
            throw new ClientError("Session is closed");
        }
        try {
            return connectTimeout == ClientTimeout.NONE ? acquireNow(key, ssl)
                    : Asyncio.timeout(connectTimeout, () -> acquireNow(key, ssl));
        } catch (TimeoutError e) {
            if (e.getMessage() != null) {
                throw e;
            }
            throw new TimeoutError("connect timeout: no connection to " + key + " within " + connectTimeout + " s");
        }
    }

    private Connection acquireNow(PoolKey key, TlsOptions ssl) throws IOException {
        Semaphore host = options.limitPerHost() > 0
                ? perHost.computeIfAbsent(key, k -> new Semaphore(options.limitPerHost())) : null;
        if (total != null) {
            total.acquire();
        }
        try {
            if (host != null) {
                host.acquire();
            }
        } catch (Throwable t) {
            if (total != null) {
                total.release();
            }
            throw t;
        }
        try {
            Connection c = takeIdle(key);
            if (c == null) {
                c = open(key, ssl);
            }
            c.permitsHeld = true;
            inUse++;
            return c;
        } catch (Throwable t) {
            releasePermits(key);
            throw t;
        }
    }

    private Connection takeIdle(PoolKey key) {
        ArrayDeque<Connection> q = idle.get(key);
        double now = Asyncio.getRunningLoop().time();
        while (q != null && !q.isEmpty()) {
            Connection c = q.pollFirst();
            if (now - c.idleSince <= options.keepaliveTimeout() && c.stillOpen()) {
                c.reused = true;
                return c;
            }
            c.close(); // expired, or closed by the server while idle: never hand it out broken
        }
        return null;
    }

    private Connection open(PoolKey key, TlsOptions ssl) throws IOException {
        StreamPair io;
        try {
            io = key.https() ? Asyncio.openConnection(key.host(), key.port(), ssl.withServerHostname(key.host()))
                    : Asyncio.openConnection(key.host(), key.port());
        } catch (javax.net.ssl.SSLException e) {
            throw new ClientSSLError(key.host(), key.port(), e);
        } catch (IOException e) {
            throw new ClientConnectorError(key.host(), key.port(), e);
        }
        opened++;
        return new Connection(key, io);
    }

    /** Returns a connection after its response: kept for the next request when it can be. */
    void release(Connection c, boolean reusable) {
        if (!c.permitsHeld) {
            return;
        }
        c.permitsHeld = false;
        inUse--;
        if (reusable && !closed && !options.forceClose()) {
            EventLoop loop = Asyncio.getRunningLoop();
            c.idleSince = loop.time();
            idle.computeIfAbsent(c.key, k -> new ArrayDeque<>()).addFirst(c);
        } else {
            c.close();
        }
        releasePermits(c.key);
    }

    private void releasePermits(PoolKey key) {
        Semaphore host = perHost.get(key);
        if (host != null) {
            host.release();
        }
        if (total != null) {
            total.release();
        }
    }

    /** Closes the idle connections; connections in use close when their response is released. */
    void close() {
        closed = true;
        for (ArrayDeque<Connection> q : idle.values()) {
            for (Connection c : q) {
                c.close();
            }
        }
        idle.clear();
    }

    int idleCount() {
        return idle.values().stream().mapToInt(ArrayDeque::size).sum();
    }

    int inUse() {
        return inUse;
    }

    int opened() {
        return opened;
    }
}
