package io.jasyncio.client;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * One link of a response's {@code Link} header (RFC 8288): a value of aiohttp's
 * {@code resp.links}.
 *
 * @param url the target, resolved against the response's URL
 * @param params the link's parameters in order ({@code rel}, {@code title}, …), quotes removed
 */
public record Link(URI url, Map<String, String> params) {
    /** Copies the parameters (read-only) and checks that nothing is null. */
    public Link {
        Objects.requireNonNull(url, "url");
        params = OrderedCopy.of(params, "params");
    }

    /** The {@code rel} parameter, or null when the link has none. */
    public String rel() {
        return params.get("rel");
    }
}
