package io.jasyncio.web;

import java.util.Locale;

/** Reads one parameter of a media type such as {@code text/plain; charset="utf-8"}. */
final class MediaParams {
    private MediaParams() {}

    /** The value of {@code name} (case-insensitive) in the header's parameters, unquoted, or null. */
    static String param(String header, String name) {
        if (header == null) {
            return null;
        }
        String[] parts = header.split(";");
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals(name)) {
                String v = p.substring(eq + 1).trim();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                return v;
            }
        }
        return null;
    }
}
