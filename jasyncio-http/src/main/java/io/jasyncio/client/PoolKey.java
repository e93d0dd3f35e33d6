package io.jasyncio.client;

/** Which connections may serve a request: same scheme, host and port (aiohttp's ConnectionKey). */
record PoolKey(boolean https, String host, int port) {
    @Override
    public String toString() {
        return (https ? "https://" : "http://") + host + ":" + port;
    }
}
