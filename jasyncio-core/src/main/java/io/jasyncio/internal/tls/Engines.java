package io.jasyncio.internal.tls;

import io.jasyncio.tls.TlsOptions;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/** Makes and configures one connection's {@link SSLEngine} from its {@link TlsOptions}. */
final class Engines {
    private Engines() {}

    /**
     * A configured engine: client or server mode; for a client, SNI (a host name, not an IP
     * literal, as RFC 6066 says) and the HTTPS endpoint check on {@code serverHostname} (or the
     * host connected to); ALPN; client authentication for a server.
     *
     * @throws IllegalArgumentException if a server has no context and no engine factory
     */
    static SSLEngine create(TlsOptions options, boolean serverSide, String host, int port) {
        String name = serverSide ? null : options.serverHostname() != null ? options.serverHostname() : host;
        SSLEngine engine;
        if (options.engineFactory() != null) {
            engine = options.engineFactory().create(name, port, serverSide);
            if (engine == null) {
                throw new IllegalArgumentException("the engine factory returned null");
            }
        } else {
            engine = context(options, serverSide).createSSLEngine(name, port);
        }
        engine.setUseClientMode(!serverSide);
        SSLParameters params = engine.getSSLParameters();
        if (serverSide) {
            switch (options.clientAuth()) {
                case NEED -> params.setNeedClientAuth(true);
                case WANT -> params.setWantClientAuth(true);
                case NONE -> params.setNeedClientAuth(false);
            }
        } else {
            if (options.checkHostname()) {
                // Python's create_default_context(): check_hostname=True, the JDK's equivalent check.
                params.setEndpointIdentificationAlgorithm("HTTPS");
            }
            if (name != null && !isIpLiteral(name)) {
                params.setServerNames(List.of(new SNIHostName(name)));
            }
        }
        if (!options.alpnProtocols().isEmpty()) {
            params.setApplicationProtocols(options.alpnProtocols().toArray(new String[0]));
        }
        engine.setSSLParameters(params);
        return engine;
    }

    private static SSLContext context(TlsOptions options, boolean serverSide) {
        if (options.context() != null) {
            return options.context();
        }
        if (serverSide) {
            throw new IllegalArgumentException(
                    "a TLS server needs an SSLContext holding its key and certificate: TlsOptions.server(context)");
        }
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default SSLContext", e);
        }
    }

    static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }
}
