package io.jasyncio.client;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.TimeoutError;
import io.jasyncio.locks.Semaphore;
import io.jasyncio.streams.StreamPair;
import io.jasyncio.tls.TlsOptions;

import io.jasyncio.streams.IncompleteReadError;
import io.jasyncio.streams.LimitOverrunError;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
        boolean queued = (total != null && total.locked()) || (host != null && host.locked());
        if (queued) {
            options.traces().forEach(t -> t.onConnectionQueuedStart(key.host(), key.port()));
        }
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
        if (queued) {
            options.traces().forEach(t -> t.onConnectionQueuedEnd(key.host(), key.port()));
        }
        try {
            Connection c = takeIdle(key);
            if (c == null) {
                options.traces().forEach(t -> t.onConnectionCreateStart(key.host(), key.port()));
                c = open(key, ssl);
                options.traces().forEach(t -> t.onConnectionCreateEnd(key.host(), key.port()));
            } else {
                options.traces().forEach(t -> t.onConnectionReuseconn(key.host(), key.port()));
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
        TlsOptions tls = ssl.withServerHostname(key.host());
        if (options.unixSocket() != null) {
            // aiohttp's UnixConnector: every request goes to the socket; the URL's host is only the Host header.
            try {
                io = key.https() ? Asyncio.openUnixConnection(options.unixSocket(), tls)
                        : Asyncio.openUnixConnection(options.unixSocket());
            } catch (javax.net.ssl.SSLException e) {
                throw sslError(key.host(), key.port(), e);
            } catch (IOException e) {
                throw new ClientConnectorError(options.unixSocket().toString(), 0, e);
            }
        } else if (key.proxy() != null) {
            io = viaProxy(key, tls);
        } else {
            try {
                io = key.https() ? Asyncio.openConnection(key.host(), key.port(), tls)
                        : Asyncio.openConnection(key.host(), key.port());
            } catch (javax.net.ssl.SSLException e) {
                throw sslError(key.host(), key.port(), e);
            } catch (IOException e) {
                throw new ClientConnectorError(key.host(), key.port(), e);
            }
        }
        opened++;
        return new Connection(key, io);
    }

    /**
     * A connection to the proxy; for https a {@code CONNECT host:port} tunnel through it, then the
     * TLS handshake with the target inside the tunnel (aiohttp's {@code _create_proxy_connection}).
     */
    /** A failed handshake as aiohttp reports it: a pinned certificate that differs, or any other TLS failure. */
    private static ClientError sslError(String host, int port, javax.net.ssl.SSLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ServerCertificateCheck.Mismatch m) {
                return new ServerFingerprintMismatch(m.expected, m.got, host, port);
            }
        }
        return new ClientSSLError(host, port, e);
    }

    private static StreamPair viaProxy(PoolKey key, TlsOptions tls) throws IOException {
        URI proxy = key.proxy();
        int proxyPort = proxy.getPort() >= 0 ? proxy.getPort() : 80;
        StreamPair io;
        try {
            io = Asyncio.openConnection(proxy.getHost(), proxyPort);
        } catch (IOException e) {
            throw new ClientConnectorError(proxy.getHost(), proxyPort, e);
        }
        if (!key.https()) {
            return io;
        }
        boolean ok = false;
        try {
            String authority = key.host() + ":" + key.port();
            StringBuilder req = new StringBuilder("CONNECT ").append(authority).append(" HTTP/1.1\r\nHost: ")
                    .append(authority).append("\r\n");
            if (key.proxyAuth() != null) {
                req.append("Proxy-Authorization: ").append(key.proxyAuth().encode()).append("\r\n");
            }
            io.writer().write(req.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            io.writer().drain();
            byte[] head;
            try {
                head = io.reader().readuntil("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            } catch (IncompleteReadError | LimitOverrunError e) {
                throw new ClientHttpProxyError(0, "the proxy closed the connection or sent no valid answer to CONNECT "
                        + authority, proxy);
            }
            String statusLine = new String(head, StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
            String[] parts = statusLine.split(" ", 3);
            int status;
            try {
                status = parts.length >= 2 && parts[0].startsWith("HTTP/1.") ? Integer.parseInt(parts[1]) : 0;
            } catch (NumberFormatException e) {
                status = 0;
            }
            if (status / 100 != 2) {
                throw new ClientHttpProxyError(status, parts.length == 3 ? parts[2] : statusLine, proxy);
            }
            try {
                io.writer().startTls(tls);
            } catch (javax.net.ssl.SSLException e) {
                throw sslError(key.host(), key.port(), e);
            }
            ok = true;
            return io;
        } finally {
            if (!ok) {
                io.writer().close();
            }
        }
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
