package io.jasyncio.client;

import java.net.URI;

/**
 * A response that is an error, raised by {@link ClientResponse#raiseForStatus()} (or by every
 * request when the session's {@code raiseForStatus} is on): aiohttp's {@code ClientResponseError}.
 * Not final: {@link TooManyRedirects} is one.
 */
public class ClientResponseError extends ClientError {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final transient URI url;

    public ClientResponseError(int status, String message, URI url) {
        super(status + ", message='" + message + "', url='" + url + "'");
        this.status = status;
        this.url = url;
    }

    /** The response's status code. */
    public int status() {
        return status;
    }

    /** The URL that answered. */
    public URI url() {
        return url;
    }
}
