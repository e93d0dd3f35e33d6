package io.jasyncio.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Request {@code params} added to a URL as aiohttp 3.9+ does: yarl's {@code extend_query}. The
 * query already in the URL is kept byte for byte, the params follow it after one {@code &}, in
 * order, repeated names repeated; the fragment stays (it is {@code real_url}'s, never sent).
 */
final class QueryParams {
    /** What yarl's {@code QUERY_PART_QUOTER} leaves as it is: unreserved, sub-delims but {@code +&=;}, and {@code ?/:@}. */
    private static final String SAFE_PUNCTUATION = "-._~!$'()*,?/:@";

    private QueryParams() {}

    static URI extend(URI u, List<Map.Entry<String, String>> params) throws InvalidURL {
        if (params.isEmpty()) {
            return u;
        }
        StringBuilder q = new StringBuilder();
        String old = u.getRawQuery();
        if (old != null && !old.isEmpty()) {
            q.append(old);
            if (!old.endsWith("&")) {
                q.append('&');
            }
        }
        boolean first = true;
        for (Map.Entry<String, String> p : params) {
            if (!first) {
                q.append('&');
            }
            first = false;
            quote(p.getKey(), q);
            q.append('=');
            quote(p.getValue(), q);
        }
        String s = u.toString();
        int hash = s.indexOf('#');
        String beforeFragment = hash < 0 ? s : s.substring(0, hash);
        int question = beforeFragment.indexOf('?');
        String base = question < 0 ? beforeFragment : beforeFragment.substring(0, question);
        if (u.getRawPath() == null || u.getRawPath().isEmpty()) {
            base += "/"; // yarl gives an empty path "/" once there is a query
        }
        try {
            return new URI(base + "?" + q + (hash < 0 ? "" : s.substring(hash)));
        } catch (URISyntaxException e) {
            throw new InvalidURL(s, e.getReason());
        }
    }

    /** yarl's query-part quoting: UTF-8 bytes, a space as {@code +}, the rest of the unsafe ones {@code %XX}. */
    static void quote(String s, StringBuilder out) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || (c < 0x80 && SAFE_PUNCTUATION.indexOf(c) >= 0)) {
                out.append((char) c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
    }
}
