package io.jasyncio.web;

import java.lang.System.Logger.Level;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The access log, aiohttp's {@code AccessLogger} with its default format
 * ({@code %a %t "%r" %s %b "%{Referer}i" "%{User-Agent}i"}, the combined log format), through
 * {@code System.Logger} "io.jasyncio.web.access" at INFO. Nothing is formatted unless that level is on.
 */
final class AccessLog {
    private static final System.Logger LOG = System.getLogger("io.jasyncio.web.access");
    private static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US);

    void log(Request request, StreamResponse response, double seconds) {
        if (!LOG.isLoggable(Level.INFO)) {
            return;
        }
        String line = request.remote() + " [" + CLF.format(ZonedDateTime.now(ZoneOffset.UTC)) + "] \""
                + request.method() + " " + request.rawPath() + " " + request.version() + "\" " + response.status() + " "
                + response.bodyBytes + " \"" + request.headers().getOrDefault("Referer", "-") + "\" \""
                + request.headers().getOrDefault("User-Agent", "-") + "\" " + String.format(Locale.ROOT, "%.6fs", seconds);
        LOG.log(Level.INFO, line);
    }
}
