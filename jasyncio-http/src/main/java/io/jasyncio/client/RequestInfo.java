package io.jasyncio.client;

import io.jasyncio.http.Headers;

import java.net.URI;
import java.util.Objects;

/**
 * What was sent for a response: aiohttp's {@code RequestInfo} ({@code resp.request_info}), kept for
 * error reports and logs.
 *
 * @param url the request's URL without its fragment (what went on the wire)
 * @param method the request method
 * @param headers the request headers as sent (read-only), {@code Host}, cookies and auth included
 * @param realUrl the URL as asked for, fragment included (aiohttp's {@code real_url})
 */
public record RequestInfo(URI url, String method, Headers headers, URI realUrl) {
    /** Checks that no part is null. */
    public RequestInfo {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(realUrl, "realUrl");
    }
}
