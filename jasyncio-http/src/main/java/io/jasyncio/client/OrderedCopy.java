package io.jasyncio.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A read-only copy of a map that keeps its order. {@code Map.copyOf} does not: its iteration order
 * changes from one JVM start to the next, so query parameters and headers were sent in a
 * different order each run (aiohttp sends them in the order given).
 */
final class OrderedCopy {
    private OrderedCopy() {}

    /** The copy; a null map, key or value is a NullPointerException naming {@code what}. */
    static Map<String, String> of(Map<String, String> map, String what) {
        Objects.requireNonNull(map, what);
        LinkedHashMap<String, String> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(Objects.requireNonNull(k, () -> what + ": a null name"),
                Objects.requireNonNull(v, () -> what + ": a null value for " + k)));
        return Collections.unmodifiableMap(copy);
    }
}
