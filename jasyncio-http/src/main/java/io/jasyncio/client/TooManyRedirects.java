package io.jasyncio.client;

import java.net.URI;

/** More redirects than {@code maxRedirects} (10 by default): aiohttp's {@code TooManyRedirects}. */
public final class TooManyRedirects extends ClientResponseError {
    private static final long serialVersionUID = 1L;

    public TooManyRedirects(int status, URI url) {
        super(status, "Too many redirects", url);
    }
}
