package io.jasyncio.web;

/**
 * A redirect (3xx with {@code Location}): aiohttp's {@code HTTPMovedPermanently} (301),
 * {@code HTTPFound} (302), {@code HTTPSeeOther} (303), {@code HTTPTemporaryRedirect} (307),
 * {@code HTTPPermanentRedirect} (308), as factory methods of one class.
 */
public final class HTTPRedirection extends HTTPException {
    private HTTPRedirection(int status, String location) {
        super(status, null, "");
        if (location == null || location.isEmpty()) {
            throw new IllegalArgumentException("a redirect needs a location");
        }
        headers().add("Location", location);
    }

    /** 301 Moved Permanently. */
    public static HTTPRedirection movedPermanently(String location) {
        return new HTTPRedirection(301, location);
    }

    /** 302 Found ({@code web.HTTPFound}). */
    public static HTTPRedirection found(String location) {
        return new HTTPRedirection(302, location);
    }

    /** 303 See Other. */
    public static HTTPRedirection seeOther(String location) {
        return new HTTPRedirection(303, location);
    }

    /** 307 Temporary Redirect. */
    public static HTTPRedirection temporaryRedirect(String location) {
        return new HTTPRedirection(307, location);
    }

    /** 308 Permanent Redirect. */
    public static HTTPRedirection permanentRedirect(String location) {
        return new HTTPRedirection(308, location);
    }
}
