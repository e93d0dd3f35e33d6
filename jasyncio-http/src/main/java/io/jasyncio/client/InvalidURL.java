package io.jasyncio.client;

/** A URL the client cannot request (no scheme or host, a scheme other than http/https). */
public final class InvalidURL extends ClientError {
    private static final long serialVersionUID = 1L;

    public InvalidURL(String url, String why) {
        super(url + ": " + why);
    }
}
