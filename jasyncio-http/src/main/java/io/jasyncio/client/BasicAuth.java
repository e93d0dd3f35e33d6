package io.jasyncio.client;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * HTTP Basic credentials: aiohttp's {@code BasicAuth}. {@link #encode()} is the
 * {@code Authorization} header value. Immutable and thread-safe.
 */
public record BasicAuth(String login, String password) {
    public BasicAuth {
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(password, "password");
        if (login.indexOf(':') >= 0) {
            throw new IllegalArgumentException("A \":\" is not allowed in login (RFC 1945#section-11.1)");
        }
    }

    /** {@code Basic base64(login:password)}, UTF-8 as aiohttp's default encoding. */
    public String encode() {
        return "Basic " + Base64.getEncoder().encodeToString((login + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "BasicAuth[login=" + login + ", password=***]";
    }
}
