package io.jasyncio.web;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One routable resource of a {@link Router}: a path pattern (plain or with parameters), a static
 * directory, or a sub-application, with a handler per method ("*" for any): aiohttp's
 * {@code PlainResource}/{@code DynamicResource}/{@code StaticResource}/{@code PrefixedSubAppResource}.
 */
final class Resource {
    enum Kind { PATH, STATIC, SUBAPP }

    final Kind kind;
    final String name;
    final PathPattern pattern;
    final String prefix;
    final Application subapp;
    final Map<String, Handler> methods = new LinkedHashMap<>();

    Resource(Kind kind, String name, PathPattern pattern, String prefix, Application subapp) {
        this.kind = kind;
        this.name = name;
        this.pattern = pattern;
        this.prefix = prefix;
        this.subapp = subapp;
    }

    /** The parameters if the path is this resource's (for STATIC: "filename"), else null. */
    Map<String, String> match(String path) {
        return switch (kind) {
            case PATH -> pattern.match(path);
            case STATIC -> path.startsWith(prefix + "/") ? Map.of("filename", path.substring(prefix.length() + 1)) : null;
            case SUBAPP -> path.equals(prefix) || path.startsWith(prefix + "/") ? Map.of() : null;
        };
    }

    Handler handler(String method) {
        Handler h = methods.get(method);
        return h != null ? h : methods.get("*");
    }
}
