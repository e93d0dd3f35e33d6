package io.jasyncio.client;

import java.net.URI;

/**
 * Which connections may serve a request (aiohttp's ConnectionKey): same scheme, host and port,
 * and the same proxy and proxy credentials (a CONNECT tunnel belongs to its target and proxy).
 */
record PoolKey(boolean https, String host, int port, URI proxy, BasicAuth proxyAuth) {
    PoolKey(boolean https, String host, int port) {
        this(https, host, port, null, null);
    }

    /** Whether requests go to the proxy in absolute form (plain http through a proxy). */
    boolean absoluteForm() {
        return proxy != null && !https;
    }

    @Override
    public String toString() {
        return (https ? "https://" : "http://") + host + ":" + port + (proxy != null ? " via proxy " + proxy : "");
    }
}
