package io.jasyncio.client;

import io.jasyncio.Asyncio;

import java.net.HttpCookie;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The cookies a {@link ClientSession} keeps: aiohttp's {@code CookieJar}. Stores what servers set
 * ({@code Set-Cookie}) and sends back, in a {@code Cookie} header, the cookies whose domain and
 * path match each request (RFC 6265 §5.1.3–5.1.4): a cookie without a {@code Domain} goes back to
 * its host only, {@code Secure} ones only over https, expired ones ({@code Max-Age},
 * {@code Expires}) never. {@link #dummy()} keeps nothing (aiohttp's {@code DummyCookieJar}).
 *
 * <p>Loop-confined, like the session that uses it.
 */
public final class CookieJar {
    private record Stored(HttpCookie cookie, String domain, boolean hostOnly, String path, double expires) {}

    private final boolean keeps;
    private final List<Stored> cookies = new ArrayList<>();

    private CookieJar(boolean keeps) {
        this.keeps = keeps;
    }

    /** A jar that keeps cookies (a session's default). */
    public static CookieJar create() {
        return new CookieJar(true);
    }

    /** A jar that keeps nothing. */
    public static CookieJar dummy() {
        return new CookieJar(false);
    }

    /** Stores the cookies of one {@code Set-Cookie} header value received from {@code from}. */
    public List<HttpCookie> update(URI from, String setCookie) {
        List<HttpCookie> parsed;
        try {
            parsed = HttpCookie.parse("Set-Cookie: " + setCookie);
        } catch (IllegalArgumentException malformed) {
            return List.of(); // a malformed cookie is ignored, as browsers and aiohttp do
        }
        if (!keeps) {
            return parsed;
        }
        String host = from.getHost().toLowerCase(Locale.ROOT);
        double now = now();
        for (HttpCookie c : parsed) {
            String domain = c.getDomain();
            boolean hostOnly = domain == null || domain.isEmpty();
            String d = hostOnly ? host : stripDot(domain.toLowerCase(Locale.ROOT));
            if (!hostOnly && !domainMatches(host, d)) {
                continue; // a server may not set cookies for another domain
            }
            String path = c.getPath() == null || !c.getPath().startsWith("/") ? defaultPath(from) : c.getPath();
            double expires = c.getMaxAge() < 0 ? Double.POSITIVE_INFINITY : now + c.getMaxAge();
            cookies.removeIf(s -> s.cookie.getName().equals(c.getName()) && s.domain.equals(d) && s.path.equals(path));
            if (c.getMaxAge() != 0) {
                cookies.add(new Stored(c, d, hostOnly, path, expires));
            }
        }
        return parsed;
    }

    /** The {@code Cookie} header value for a request to {@code to}, or null when none match. */
    public String headerFor(URI to) {
        if (cookies.isEmpty()) {
            return null;
        }
        String host = to.getHost().toLowerCase(Locale.ROOT);
        String path = to.getRawPath() == null || to.getRawPath().isEmpty() ? "/" : to.getRawPath();
        boolean secure = "https".equalsIgnoreCase(to.getScheme());
        double now = now();
        StringBuilder out = new StringBuilder();
        for (Iterator<Stored> it = cookies.iterator(); it.hasNext(); ) {
            Stored s = it.next();
            if (s.expires <= now) {
                it.remove();
                continue;
            }
            boolean domainOk = s.hostOnly ? host.equals(s.domain) : domainMatches(host, s.domain);
            if (!domainOk || !pathMatches(path, s.path) || (s.cookie.getSecure() && !secure)) {
                continue;
            }
            if (!out.isEmpty()) {
                out.append("; ");
            }
            out.append(s.cookie.getName()).append('=').append(s.cookie.getValue());
        }
        return out.isEmpty() ? null : out.toString();
    }

    /** How many cookies the jar holds. */
    public int size() {
        return cookies.size();
    }

    /** Forgets every cookie. */
    public void clear() {
        cookies.clear();
    }

    private static double now() {
        try {
            return Asyncio.getRunningLoop().time();
        } catch (IllegalStateException noLoop) {
            return System.nanoTime() / 1e9;
        }
    }

    private static String stripDot(String d) {
        return d.startsWith(".") ? d.substring(1) : d;
    }

    private static boolean domainMatches(String host, String domain) {
        return host.equals(domain) || (host.endsWith("." + domain) && !isIp(host));
    }

    private static boolean isIp(String host) {
        return host.chars().allMatch(ch -> Character.isDigit(ch) || ch == '.') || host.contains(":");
    }

    private static boolean pathMatches(String requestPath, String cookiePath) {
        return requestPath.equals(cookiePath)
                || (requestPath.startsWith(cookiePath) && (cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/'));
    }

    /** RFC 6265 §5.1.4: the directory of the request path. */
    private static String defaultPath(URI from) {
        String p = from.getRawPath();
        if (p == null || !p.startsWith("/") || p.lastIndexOf('/') == 0) {
            return "/";
        }
        return p.substring(0, p.lastIndexOf('/'));
    }
}
