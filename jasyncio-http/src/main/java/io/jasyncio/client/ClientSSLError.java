package io.jasyncio.client;

import javax.net.ssl.SSLException;

/**
 * The TLS handshake with the server failed (unknown CA, hostname mismatch, expired certificate,
 * protocol error): aiohttp's {@code ClientSSLError} / {@code ClientConnectorCertificateError}.
 */
public final class ClientSSLError extends ClientError {
    private static final long serialVersionUID = 1L;

    public ClientSSLError(String host, int port, SSLException cause) {
        super("Cannot connect to host " + host + ":" + port + " ssl:True [" + cause.getMessage() + "]", cause);
    }
}
