package io.jasyncio.client;

import java.net.URI;

/**
 * The proxy refused to open a tunnel ({@code CONNECT} answered with a status other than 2xx,
 * e.g. 407 without valid {@code Proxy-Authorization}): aiohttp's {@code ClientHttpProxyError}.
 */
public final class ClientHttpProxyError extends ClientResponseError {
    private static final long serialVersionUID = 1L;

    public ClientHttpProxyError(int status, String message, URI proxy) {
        super(status, message, proxy);
    }
}
