package io.jasyncio.tls;

import javax.net.ssl.SSLContext;
import java.util.List;
import java.util.Objects;

/**
 * The TLS settings of one connection or server: asyncio's {@code ssl=} argument (an
 * {@code SSLContext}) together with {@code server_hostname}, {@code ssl_handshake_timeout} and
 * {@code ssl_shutdown_timeout}, plus what Python keeps in its {@code SSLContext} and the JDK does
 * not: ALPN protocols, client authentication and hostname checking.
 *
 * <p>Immutable and thread-safe: each {@code with...} method returns a changed copy.
 *
 * <p>Difference from asyncio: a client made with {@link #client()} uses the JDK's default trust
 * store ({@code SSLContext.getDefault()}) with HTTPS hostname verification, as Python's
 * {@code ssl.create_default_context()} does; certificates are not read from the OS store.
 *
 * @param context the JDK context the engines come from (null for a client: the JDK's default)
 * @param serverHostname the name a client sends (SNI) and checks the certificate against; null:
 *     the host it connects to (asyncio's default)
 * @param checkHostname whether a client checks the server's certificate against that name
 *     (Python's {@code check_hostname}, true by default)
 * @param sslHandshakeTimeout seconds the handshake may take before the connection is aborted
 *     (asyncio's default: 60)
 * @param sslShutdownTimeout seconds to wait for the peer's close_notify before the connection is
 *     aborted (asyncio's default: 30)
 * @param alpnProtocols the ALPN protocols, most preferred first (empty: no ALPN)
 * @param clientAuth whether a server asks for a client certificate
 * @param engineFactory makes each engine (null: {@code context.createSSLEngine(host, port)})
 */
public record TlsOptions(SSLContext context, String serverHostname, boolean checkHostname,
        double sslHandshakeTimeout, double sslShutdownTimeout, List<String> alpnProtocols,
        ClientAuth clientAuth, SslEngineFactory engineFactory) {

    /** asyncio's {@code SSL_HANDSHAKE_TIMEOUT}: 60 seconds. */
    public static final double DEFAULT_HANDSHAKE_TIMEOUT = 60.0;
    /** asyncio's {@code SSL_SHUTDOWN_TIMEOUT}: 30 seconds. */
    public static final double DEFAULT_SHUTDOWN_TIMEOUT = 30.0;

    /** Whether a server asks for a client certificate (the JDK's need/want client auth). */
    public enum ClientAuth {
        /** No client certificate is asked for. */
        NONE,
        /** A client certificate is asked for; a client without one is still accepted. */
        WANT,
        /** A client certificate is required: the handshake fails without one. */
        NEED
    }

    /** Checks the values. */
    public TlsOptions {
        if (!(sslHandshakeTimeout > 0)) {
            throw new IllegalArgumentException("sslHandshakeTimeout should be a positive number, got " + sslHandshakeTimeout);
        }
        if (!(sslShutdownTimeout > 0)) {
            throw new IllegalArgumentException("sslShutdownTimeout should be a positive number, got " + sslShutdownTimeout);
        }
        alpnProtocols = List.copyOf(Objects.requireNonNull(alpnProtocols, "alpnProtocols"));
        for (String p : alpnProtocols) {
            if (p.isEmpty() || p.length() > 255) {
                throw new IllegalArgumentException("an ALPN protocol name has 1 to 255 characters: '" + p + "'");
            }
        }
        Objects.requireNonNull(clientAuth, "clientAuth");
    }

    /** A client on the JDK's default trust store, checking the server's host name. */
    public static TlsOptions client() {
        return new TlsOptions(null, null, true, DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_SHUTDOWN_TIMEOUT,
                List.of(), ClientAuth.NONE, null);
    }

    /** A client whose engines come from {@code context} (its trust managers decide whom it trusts). */
    public static TlsOptions client(SSLContext context) {
        return client().withContext(Objects.requireNonNull(context, "context"));
    }

    /** A server whose engines come from {@code context}, which must hold the server's key and certificate. */
    public static TlsOptions server(SSLContext context) {
        return client(context);
    }

    /** A copy with this context. */
    public TlsOptions withContext(SSLContext context) {
        return new TlsOptions(context, serverHostname, checkHostname, sslHandshakeTimeout, sslShutdownTimeout,
                alpnProtocols, clientAuth, engineFactory);
    }

    /** A copy with this server name (SNI and the hostname check). */
    public TlsOptions withServerHostname(String serverHostname) {
        return new TlsOptions(context, serverHostname, checkHostname, sslHandshakeTimeout, sslShutdownTimeout,
                alpnProtocols, clientAuth, engineFactory);
    }

    /** A copy that checks (or not) the server's certificate against the host name. */
    public TlsOptions withCheckHostname(boolean checkHostname) {
        return new TlsOptions(context, serverHostname, checkHostname, sslHandshakeTimeout, sslShutdownTimeout,
                alpnProtocols, clientAuth, engineFactory);
    }

    /** A copy with this handshake timeout in seconds. */
    public TlsOptions withHandshakeTimeout(double seconds) {
        return new TlsOptions(context, serverHostname, checkHostname, seconds, sslShutdownTimeout,
                alpnProtocols, clientAuth, engineFactory);
    }

    /** A copy with this shutdown timeout in seconds. */
    public TlsOptions withShutdownTimeout(double seconds) {
        return new TlsOptions(context, serverHostname, checkHostname, sslHandshakeTimeout, seconds,
                alpnProtocols, clientAuth, engineFactory);
    }

    /** A copy offering (client) or accepting (server) these ALPN protocols, most preferred first. */
    public TlsOptions withAlpnProtocols(String... protocols) {
        return new TlsOptions(context, serverHostname, checkHostname, sslHandshakeTimeout, sslShutdownTimeout,
                List.of(protocols), clientAuth, engineFactory);
    }

    /** A copy asking for client certificates this way. */
    public TlsOptions withClientAuth(ClientAuth clientAuth) {
        return new TlsOptions(context, serverHostname, checkHostname, sslHandshakeTimeout, sslShutdownTimeout,
                alpnProtocols, clientAuth, engineFactory);
    }

    /** A copy whose engines {@code factory} makes (the context is then only used if the factory uses it). */
    public TlsOptions withEngineFactory(SslEngineFactory factory) {
        return new TlsOptions(context, serverHostname, checkHostname, sslHandshakeTimeout, sslShutdownTimeout,
                alpnProtocols, clientAuth, factory);
    }
}
