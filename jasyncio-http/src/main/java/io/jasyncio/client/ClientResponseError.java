package io.jasyncio.client;

import io.jasyncio.http.Headers;

import java.net.URI;

/**
 * A response that is an error, raised by {@link ClientResponse#raiseForStatus()} (or by every
 * request when the session's {@code raiseForStatus} is on): aiohttp's {@code ClientResponseError}.
 * Not final: {@link TooManyRedirects} is one.
 */
public class ClientResponseError extends ClientError {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String message;
    private final transient URI url;
    private final transient Headers headers;

    /** An error for {@code status} with aiohttp's text: {@code 404, message='Not Found', url='...'}. */
    public ClientResponseError(int status, String message, URI url) {
        this(status, message, url, null);
    }

    /** The same, with the response's headers ({@link #headers()}). */
    public ClientResponseError(int status, String message, URI url, Headers headers) {
        super(status + ", message='" + message + "', url='" + url + "'");
        this.status = status;
        this.message = message;
        this.url = url;
        this.headers = headers;
    }

    /** The message alone (for a status error, the reason phrase): aiohttp's {@code e.message}. */
    public String message() {
        return message;
    }

    /** The response's headers, or null when the error was made without them: aiohttp's {@code e.headers}. */
    public Headers headers() {
        return headers;
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
