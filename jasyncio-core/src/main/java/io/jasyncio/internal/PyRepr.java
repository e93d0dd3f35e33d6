package io.jasyncio.internal;

/**
 * Python's {@code repr()} for the values a future's {@code toString()} shows, so that it reads as
 * asyncio's does ({@code <Future finished result='xxx'>}): strings quoted (and shortened to 30
 * characters, as {@code reprlib.repr} does), {@code null} as {@code None}, booleans as
 * {@code True}/{@code False}, exceptions as {@code Name('message')}.
 */
public final class PyRepr {
    /** reprlib's {@code maxstring}. */
    private static final int MAX_STRING = 30;

    private PyRepr() {}

    /** The value as {@code reprlib.repr} would show it. */
    public static String of(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof CharSequence || value instanceof Character) {
            return shortString(value.toString());
        }
        if (value instanceof Throwable t) {
            String m = t.getMessage();
            return t.getClass().getSimpleName() + "(" + (m == null ? "" : quote(m)) + ")";
        }
        return String.valueOf(value);
    }

    private static String shortString(String x) {
        String s = quote(x.length() > MAX_STRING ? x.substring(0, MAX_STRING) : x);
        if (s.length() > MAX_STRING) {
            int i = Math.max(0, (MAX_STRING - 3) / 2);
            int j = Math.max(0, MAX_STRING - 3 - i);
            s = quote(x.substring(0, i) + x.substring(x.length() - j));
            s = s.substring(0, i) + "..." + s.substring(s.length() - j);
        }
        return s;
    }

    /** Python's str repr: single quotes unless the text has a single quote and no double one. */
    static String quote(String s) {
        char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder(s.length() + 2).append(q);
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c == q) {
                        sb.append('\\');
                    }
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append(q).toString();
    }
}
