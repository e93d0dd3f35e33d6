package io.jasyncio.client;

import io.jasyncio.http.Headers;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.Collection;
import java.util.TreeSet;

/**
 * The headers a request generates unless told not to, and the {@code skip_auto_headers} sets
 * that say so: aiohttp's {@code ClientRequest.DEFAULT_HEADERS} ({@code Accept},
 * {@code Accept-Encoding}), {@code User-Agent}, {@code Host} and a body's {@code Content-Type}.
 */
final class AutoHeaders {
    private AutoHeaders() {}

    /** A case-insensitive, unmodifiable copy; each name is checked as a header name. */
    static Set<String> copyOf(Collection<String> names) {
        Objects.requireNonNull(names, "skipAutoHeaders");
        TreeSet<String> out = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (String n : names) {
            Headers.checkName(Objects.requireNonNull(n, "skipAutoHeaders: a null name"));
            out.add(n);
        }
        return Collections.unmodifiableSet(out);
    }

    /** Whether {@code name} is skipped by the session's or the request's set. */
    static boolean skipped(String name, Set<String> session, Set<String> request) {
        return session.contains(name) || request.contains(name);
    }
}
