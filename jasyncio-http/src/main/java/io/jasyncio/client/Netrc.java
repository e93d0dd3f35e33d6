package io.jasyncio.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed {@code .netrc} file, as Python's {@code netrc} module reads it for aiohttp's
 * {@code trust_env}: {@code machine NAME} entries and one {@code default} with {@code login},
 * {@code account} and {@code password}; {@code macdef} bodies skipped up to an empty line;
 * {@code #} comments; tokens may be double-quoted with backslash escapes. A later entry for the
 * same machine replaces an earlier one, as Python's dict does. Immutable.
 */
final class Netrc {
    record Entry(String login, String account, String password) {
        /** aiohttp's {@code basicauth_from_netrc}: the login, else the account; no password is an empty one. */
        BasicAuth basicAuth() {
            String user = login != null && !login.isEmpty() ? login : account != null ? account : "";
            return new BasicAuth(user, password == null ? "" : password);
        }
    }

    private final Map<String, Entry> machines;
    private final Entry fallback;

    private Netrc(Map<String, Entry> machines, Entry fallback) {
        this.machines = machines;
        this.fallback = fallback;
    }

    /** The entry for {@code host}, else the {@code default} one, else null (Python's {@code authenticators}). */
    Entry lookup(String host) {
        Entry e = machines.get(host);
        return e != null ? e : fallback;
    }

    /**
     * Parses the text of a netrc file.
     *
     * @throws IllegalArgumentException naming the token that is wrong (Python's {@code NetrcParseError})
     */
    static Netrc parse(String text) {
        List<String> tokens = tokens(text);
        Map<String, Entry> machines = new HashMap<>();
        Entry fallback = null;
        int i = 0;
        while (i < tokens.size()) {
            String t = tokens.get(i++);
            String name;
            if (t.equals("machine")) {
                if (i >= tokens.size()) {
                    throw new IllegalArgumentException("netrc: 'machine' without a name");
                }
                name = tokens.get(i++);
            } else if (t.equals("default")) {
                name = null;
            } else if (t.startsWith("\u0000macdef")) {
                continue; // a macro body, already skipped by the tokenizer
            } else {
                throw new IllegalArgumentException("netrc: bad toplevel token '" + t + "'");
            }
            String login = "";
            String account = "";
            String password = "";
            while (i < tokens.size()) {
                String key = tokens.get(i);
                if (key.equals("machine") || key.equals("default") || key.startsWith("\u0000macdef")) {
                    break;
                }
                if (i + 1 >= tokens.size()) {
                    throw new IllegalArgumentException("netrc: '" + key + "' without a value");
                }
                String value = tokens.get(i + 1);
                switch (key) {
                    case "login", "user" -> login = value;
                    case "account" -> account = value;
                    case "password" -> password = value;
                    default -> throw new IllegalArgumentException("netrc: bad follower token '" + key + "'");
                }
                i += 2;
            }
            Entry e = new Entry(login, account, password);
            if (name == null) {
                fallback = e;
            } else {
                machines.put(name, e);
            }
        }
        return new Netrc(Map.copyOf(machines), fallback);
    }

    /** The tokens; a {@code macdef NAME} and its body become one marker token. */
    private static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#') {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
            } else {
                StringBuilder sb = new StringBuilder();
                if (c == '"') {
                    i++;
                    while (i < n && text.charAt(i) != '"') {
                        if (text.charAt(i) == '\\' && i + 1 < n) {
                            i++;
                        }
                        sb.append(text.charAt(i++));
                    }
                    i++; // the closing quote
                } else {
                    while (i < n && !Character.isWhitespace(text.charAt(i))) {
                        if (text.charAt(i) == '\\' && i + 1 < n) {
                            i++;
                        }
                        sb.append(text.charAt(i++));
                    }
                }
                String token = sb.toString();
                if (token.equals("macdef") && c != '"') {
                    int end = text.indexOf("\n\n", i); // the body runs to the first empty line
                    i = end < 0 ? n : end + 2;
                    out.add("\u0000macdef");
                } else {
                    out.add(token);
                }
            }
        }
        return out;
    }
}
