package io.jasyncio.client;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Credentials written in a URL ({@code http://user:pass@host/}): aiohttp's
 * {@code strip_auth_from_url}. They become the request's Basic {@code Authorization} and leave
 * the URL, so they appear neither in the request line, nor in {@code resp.url()}, nor in logs.
 */
final class UrlCredentials {
    private UrlCredentials() {}

    /** The URL's credentials (percent-decoded), or null when it has none. */
    static BasicAuth of(URI url) {
        String info = url.getUserInfo();
        if (url.getRawUserInfo() == null) {
            return null;
        }
        int colon = info.indexOf(':');
        return colon < 0 ? new BasicAuth(info, "") : new BasicAuth(info.substring(0, colon), info.substring(colon + 1));
    }

    /** {@code url} without its user-info part. */
    static URI strip(URI url) throws InvalidURL {
        if (url.getRawUserInfo() == null) {
            return url;
        }
        String s = url.toString();
        int at = s.indexOf('@', s.indexOf("://") + 3);
        try {
            return new URI(s.substring(0, s.indexOf("://") + 3) + s.substring(at + 1));
        } catch (URISyntaxException e) {
            throw new InvalidURL(s, e.getReason());
        }
    }
}
