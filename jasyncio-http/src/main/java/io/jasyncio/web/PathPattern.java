package io.jasyncio.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A route path with parameters, aiohttp's {@code DynamicResource} formatter: {@code {name}}
 * matches one segment ({@code [^{}/]+}), {@code {name:regex}} matches the regex. A path without
 * parameters is plain and matched by string equality (no regex on the common path).
 */
final class PathPattern {
    private final String path;
    private final List<String> names = new ArrayList<>();
    private final List<String> parts = new ArrayList<>(); // literals and, in between, parameter names (odd indexes)
    private final Pattern regex;
    /**
     * Whether every parameter is a plain {@code {name}} followed by a literal that starts with '/'
     * (or by the end): then a parameter is exactly the rest of its segment, and a scan finds the
     * same match as the regex without one.
     */
    private final boolean segmentsOnly;

    PathPattern(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("a route path must start with '/': " + path);
        }
        this.path = path;
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        boolean simple = true;
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '}') {
                throw new IllegalArgumentException("unbalanced '}' in route path " + path);
            }
            if (c != '{') {
                literal.append(c);
                i++;
                continue;
            }
            int depth = 1;
            int j = i + 1;
            while (j < path.length() && depth > 0) {
                char d = path.charAt(j);
                depth += d == '{' ? 1 : d == '}' ? -1 : 0;
                j++;
            }
            if (depth != 0) {
                throw new IllegalArgumentException("unbalanced '{' in route path " + path);
            }
            String inner = path.substring(i + 1, j - 1);
            int colon = inner.indexOf(':');
            String name = colon < 0 ? inner : inner.substring(0, colon);
            String expr = colon < 0 ? "[^{}/]+" : inner.substring(colon + 1);
            simple &= colon < 0;
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*") || names.contains(name)) {
                throw new IllegalArgumentException("bad or repeated parameter name '" + name + "' in route path " + path);
            }
            re.append(Pattern.quote(literal.toString())).append('(').append(expr).append(')');
            parts.add(literal.toString());
            parts.add(name);
            literal.setLength(0);
            names.add(name);
            i = j;
        }
        parts.add(literal.toString());
        for (int k = 2; k < parts.size(); k += 2) {
            simple &= parts.get(k).isEmpty() ? k == parts.size() - 1 : parts.get(k).charAt(0) == '/';
        }
        segmentsOnly = simple;
        if (names.isEmpty()) {
            regex = null;
        } else {
            re.append(Pattern.quote(literal.toString()));
            try {
                regex = Pattern.compile(re.toString());
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("bad regex in route path " + path + ": " + e.getDescription(), e);
            }
            if (regex.matcher("").groupCount() != names.size()) {
                throw new IllegalArgumentException("a parameter regex must not hold capturing groups (use (?:...)): " + path);
            }
        }
    }

    String path() {
        return path;
    }

    boolean isPlain() {
        return regex == null;
    }

    /** The parameters when {@code decodedPath} matches, else null. */
    Map<String, String> match(String decodedPath) {
        if (regex == null) {
            return path.equals(decodedPath) ? Map.of() : null;
        }
        if (segmentsOnly) {
            return matchSegments(decodedPath);
        }
        Matcher m = regex.matcher(decodedPath);
        if (!m.matches()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int g = 0; g < names.size(); g++) {
            params.put(names.get(g), m.group(g + 1));
        }
        return params;
    }

    /** {@link #match} for a {@link #segmentsOnly} pattern: literal, segment, literal, ... */
    private Map<String, String> matchSegments(String p) {
        String lit = parts.getFirst();
        if (!p.startsWith(lit)) {
            return null;
        }
        int pos = lit.length();
        String single = null; // the usual one parameter needs no array
        String[] kv = names.size() == 1 ? null : new String[names.size() * 2];
        for (int k = 1; k < parts.size(); k += 2) {
            int end = p.indexOf('/', pos);
            if (end < 0) {
                end = p.length();
            }
            if (end == pos) {
                return null; // [^{}/]+ wants at least one character
            }
            for (int c = pos; c < end; c++) {
                char ch = p.charAt(c);
                if (ch == '{' || ch == '}') {
                    return null;
                }
            }
            String value = p.substring(pos, end);
            if (kv == null) {
                single = value;
            } else {
                kv[k - 1] = parts.get(k);
                kv[k] = value;
            }
            lit = parts.get(k + 1);
            if (!p.startsWith(lit, end)) {
                return null;
            }
            pos = end + lit.length();
        }
        if (pos != p.length()) {
            return null;
        }
        return kv == null ? Map.of(names.getFirst(), single) : params(kv);
    }

    private static Map<String, String> params(String[] kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** The path with {@code params} filled in (percent-encoded), as {@code url_for}. */
    String format(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            if (i % 2 == 0) {
                sb.append(parts.get(i));
            } else {
                String v = params.get(parts.get(i));
                if (v == null) {
                    throw new IllegalArgumentException("url_for " + path + ": missing parameter " + parts.get(i));
                }
                sb.append(UrlCodec.encodeSegment(v));
            }
        }
        return sb.toString();
    }
}
