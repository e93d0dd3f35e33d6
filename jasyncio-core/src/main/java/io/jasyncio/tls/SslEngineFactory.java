package io.jasyncio.tls;

import javax.net.ssl.SSLEngine;

/**
 * Makes the {@link SSLEngine} of one TLS connection, so that any engine can be plugged in (the
 * JDK's, or an OpenSSL-based one such as netty-tcnative's): the hook asyncio has no equivalent of,
 * since Python's {@code ssl} module is always OpenSSL.
 *
 * <p>Called on the loop thread, once per connection. The returned engine must be fresh (no
 * handshake begun); jasyncio then sets its client or server mode and applies the
 * {@link TlsOptions} (hostname verification, SNI, ALPN, client authentication) through
 * {@link SSLEngine#setSSLParameters}, so a factory needs to set only what those options do not.
 */
@FunctionalInterface
public interface SslEngineFactory {
    /**
     * A new engine for a connection to or from {@code peerHost}:{@code peerPort} (the host is the
     * server name for a client, used for session resumption and hostname checks; null when unknown).
     */
    SSLEngine create(String peerHost, int peerPort, boolean serverSide);
}
