package io.jasyncio.http;

import io.jasyncio.http.internal.HeadersAccess;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * HTTP header fields: a case-insensitive multi-map keeping insertion order, aiohttp's (multidict's)
 * {@code CIMultiDict}, and, when read-only, {@code CIMultiDictProxy}.
 *
 * <p>Loop-confined (not thread-safe). The headers of a parsed message are read-only and backed by
 * the bytes received: a value becomes a {@code String} only when asked for (ISO-8859-1, so every
 * byte round-trips). Mutable headers (a response's) refuse, at the call, a name that is not an
 * RFC 9110 token and a value holding CR, LF or NUL: header injection cannot reach the wire.
 */
public final class Headers implements Iterable<Map.Entry<String, String>> {
    private final boolean readOnly;
    private byte[] raw;
    private int[] offsets; // per field: name start, name end, value start, value end (in raw)
    private String[] names;
    private String[] values;
    private int size;
    /** Fields the server wrote into a response head and adds here at the next access (HeadersAccess). */
    private Consumer<Headers> deferred;

    static {
        HeadersAccess.register((headers, fill) -> {
            headers.settle();
            headers.deferred = fill;
        });
    }

    /** Empty mutable headers. */
    public Headers() {
        this.readOnly = false;
        this.names = new String[4];
        this.values = new String[4];
    }

    private Headers(byte[] raw, int[] offsets, int size) {
        this.readOnly = true;
        this.raw = raw;
        this.offsets = offsets;
        this.size = size;
    }

    /**
     * Read-only headers over received bytes: field {@code i} has its name at
     * {@code offsets[4i]..offsets[4i+1]} and its value at {@code offsets[4i+2]..offsets[4i+3]} in
     * {@code raw}. The arrays are owned by the result from then on.
     */
    public static Headers ofRaw(byte[] raw, int[] offsets, int size) {
        if (raw == null || offsets == null || size < 0 || offsets.length < 4 * size) {
            throw new IllegalArgumentException("raw headers: bad arrays or size " + size);
        }
        return new Headers(raw, offsets, size);
    }

    /** Mutable headers from alternating names and values: {@code of("Content-Type", "text/plain")}. */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("namesAndValues: an odd count " + namesAndValues.length);
        }
        Headers h = new Headers();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            h.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return h;
    }

    /** A mutable copy. */
    public Headers copy() {
        settle();
        Headers h = new Headers();
        for (int i = 0; i < size; i++) {
            h.add(name(i), value(i));
        }
        return h;
    }

    /** How many fields (a name given twice counts twice). */
    public int size() {
        settle();
        return size;
    }

    /** Whether there are no fields. */
    public boolean isEmpty() {
        settle();
        return size == 0;
    }

    /** Whether these headers refuse changes (those of a received message). */
    public boolean isReadOnly() {
        return readOnly;
    }

    /** The name of field {@code i}, as received or given. */
    public String name(int i) {
        settle();
        checkIndex(i);
        if (names != null) {
            return names[i];
        }
        return latin1(offsets[4 * i], offsets[4 * i + 1]);
    }

    /** The value of field {@code i}. */
    public String value(int i) {
        settle();
        checkIndex(i);
        if (values != null) {
            return values[i];
        }
        return latin1(offsets[4 * i + 2], offsets[4 * i + 3]);
    }

    /** Whether field {@code i} is named {@code name}, ignoring ASCII case, without making a String. */
    public boolean nameIs(int i, String name) {
        settle();
        checkIndex(i);
        if (names != null) {
            return names[i].equalsIgnoreCase(name);
        }
        int from = offsets[4 * i];
        int to = offsets[4 * i + 1];
        if (to - from != name.length()) {
            return false;
        }
        for (int k = 0; k < name.length(); k++) {
            int a = raw[from + k] & 0xff;
            int b = name.charAt(k);
            if (a != b && lower(a) != lower(b)) {
                return false;
            }
        }
        return true;
    }

    /** The first value of {@code name} (any case), or null. */
    public String get(String name) {
        settle();
        for (int i = 0; i < size; i++) {
            if (nameIs(i, name)) {
                return value(i);
            }
        }
        return null;
    }

    /** The first value of {@code name}, or {@code fallback}. */
    public String getOrDefault(String name, String fallback) {
        String v = get(name);
        return v == null ? fallback : v;
    }

    /** Every value of {@code name}, in order (empty if none). */
    public List<String> getAll(String name) {
        settle();
        List<String> out = new ArrayList<>(2);
        for (int i = 0; i < size; i++) {
            if (nameIs(i, name)) {
                out.add(value(i));
            }
        }
        return out;
    }

    /** Whether a field named {@code name} is present. */
    public boolean contains(String name) {
        settle();
        for (int i = 0; i < size; i++) {
            if (nameIs(i, name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Adds a field (a name may repeat).
     *
     * @throws IllegalArgumentException if the name is not a token or the value holds CR, LF or NUL
     * @throws UnsupportedOperationException if these headers are read-only
     */
    public Headers add(String name, String value) {
        settle();
        checkWritable();
        checkName(name);
        checkValue(name, value);
        append(name, value);
        return this;
    }

    private void append(String name, String value) {
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        names[size] = name;
        values[size] = value;
        size++;
    }

    /** Replaces every field named {@code name} with one, as {@code CIMultiDict.__setitem__}. */
    public Headers set(String name, String value) {
        settle();
        checkWritable();
        checkName(name);
        checkValue(name, value);
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                values[i] = value;
                removeFrom(name, i + 1);
                return this;
            }
        }
        append(name, value); // checked above
        return this;
    }

    /** Sets {@code name} only if absent, as {@code setdefault}; returns the value now present. */
    public String setDefault(String name, String value) {
        settle();
        String v = get(name);
        if (v != null) {
            return v;
        }
        add(name, value);
        return value;
    }

    /** Removes every field named {@code name}; returns how many were removed. */
    public int remove(String name) {
        settle();
        checkWritable();
        return removeFrom(name, 0);
    }

    private int removeFrom(String name, int from) {
        int w = from;
        for (int r = from; r < size; r++) {
            if (!names[r].equalsIgnoreCase(name)) {
                names[w] = names[r];
                values[w] = values[r];
                w++;
            }
        }
        int removed = size - w;
        for (int i = w; i < size; i++) {
            names[i] = null;
            values[i] = null;
        }
        size = w;
        return removed;
    }

    @Override
    public Iterator<Map.Entry<String, String>> iterator() {
        settle();
        return new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < size;
            }

            @Override
            public Map.Entry<String, String> next() {
                if (i >= size) {
                    throw new NoSuchElementException();
                }
                Map.Entry<String, String> e = new AbstractMap.SimpleImmutableEntry<>(name(i), value(i));
                i++;
                return e;
            }
        };
    }

    @Override
    public String toString() {
        settle();
        StringBuilder sb = new StringBuilder("Headers{");
        for (int i = 0; i < size; i++) {
            sb.append(i == 0 ? "" : ", ").append(name(i)).append(": ").append(value(i));
        }
        return sb.append('}').toString();
    }

    /** Throws unless {@code name} is a non-empty RFC 9110 token. */
    public static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("header name must be a non-empty token: " + name);
        }
        // runs for every header a response sets: a tight loop, the message built out of line
        for (int i = 0, n = name.length(); i < n; i++) {
            char c = name.charAt(i);
            if (c > 127 || !TOKEN[c]) {
                throw notAToken(name, c);
            }
        }
    }

    /** Throws if {@code value} is null or holds CR, LF or NUL (response splitting, CWE-113). */
    public static void checkValue(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException("header " + name + ": value is null");
        }
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            // one compare for the usual printable char; CR, LF and NUL are all below 14
            if ((c < 14 || c > 0xff) && (c == '\r' || c == '\n' || c == 0 || c > 0xff)) {
                throw forbiddenChar(name, c);
            }
        }
    }

    private static IllegalArgumentException notAToken(String name, char c) {
        return new IllegalArgumentException("header name is not a token (char " + (int) c + "): " + name);
    }

    private static IllegalArgumentException forbiddenChar(String name, char c) {
        return new IllegalArgumentException("header " + name + ": value holds a forbidden char "
                + (int) c + " (CR, LF and NUL would let it inject headers)");
    }

    private static final boolean[] TOKEN = new boolean[128];

    static {
        String extra = "!#$%&'*+-.^_`|~";
        for (int c = 0; c < 128; c++) {
            TOKEN[c] = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || extra.indexOf(c) >= 0;
        }
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    private String latin1(int from, int to) {
        return new String(raw, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** Runs the deferred fill, if any: every public method starts here. */
    private void settle() {
        Consumer<Headers> fill = deferred;
        if (fill != null) {
            deferred = null;
            fill.accept(this);
        }
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("field " + i + " of " + size);
        }
    }

    private void checkWritable() {
        if (readOnly) {
            throw new UnsupportedOperationException("these headers are read-only (a received message's)");
        }
    }
}
