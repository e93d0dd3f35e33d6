package io.jasyncio.http;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A multi-map keeping insertion order, case-sensitive: multidict's {@code MultiDict} (a URL query,
 * a form). Values are {@code V} (strings for a query; strings or file fields for a form).
 *
 * <p>Loop-confined (not thread-safe); {@link #readOnly()} gives an unmodifiable view
 * ({@code MultiDictProxy}).
 */
public final class MultiDict<V> implements Iterable<Map.Entry<String, V>> {
    private final List<Map.Entry<String, V>> entries;
    private final boolean readOnly;

    /** An empty, mutable multi-map. */
    public MultiDict() {
        this(new ArrayList<>(), false);
    }

    private MultiDict(List<Map.Entry<String, V>> entries, boolean readOnly) {
        this.entries = entries;
        this.readOnly = readOnly;
    }

    /** An unmodifiable view of this multi-map. */
    public MultiDict<V> readOnly() {
        return new MultiDict<>(entries, true);
    }

    /**
     * Adds a value under {@code key} (keys may repeat).
     *
     * @throws UnsupportedOperationException on a read-only view
     */
    public MultiDict<V> add(String key, V value) {
        if (readOnly) {
            throw new UnsupportedOperationException("read-only multi-map");
        }
        if (key == null || value == null) {
            throw new IllegalArgumentException("key and value must not be null");
        }
        entries.add(new AbstractMap.SimpleImmutableEntry<>(key, value));
        return this;
    }

    /** The first value of {@code key}, or null. */
    public V get(String key) {
        for (Map.Entry<String, V> e : entries) {
            if (e.getKey().equals(key)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** The first value of {@code key}, or {@code fallback}. */
    public V getOrDefault(String key, V fallback) {
        V v = get(key);
        return v == null ? fallback : v;
    }

    /** Every value of {@code key} in order (empty if none). */
    public List<V> getAll(String key) {
        List<V> out = new ArrayList<>(2);
        for (Map.Entry<String, V> e : entries) {
            if (e.getKey().equals(key)) {
                out.add(e.getValue());
            }
        }
        return out;
    }

    /** Whether {@code key} is present. */
    public boolean contains(String key) {
        return get(key) != null;
    }

    /** How many entries (a repeated key counts each time). */
    public int size() {
        return entries.size();
    }

    /** Whether there are no entries. */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public Iterator<Map.Entry<String, V>> iterator() {
        return Collections.unmodifiableList(entries).iterator();
    }

    @Override
    public String toString() {
        return "MultiDict" + entries;
    }
}
