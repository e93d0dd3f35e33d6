package io.jasyncio.web;

/**
 * A typed key for application state: aiohttp's {@code web.AppKey}, so {@code app.get(KEY)}
 * returns a {@code T} without a cast.
 *
 * <p>Immutable and thread-safe; keys compare by identity, as aiohttp's do.
 *
 * @param <T> the type of the value stored under this key
 */
public final class AppKey<T> {
    private final String name;
    private final Class<T> type;

    private AppKey(String name, Class<T> type) {
        this.name = name;
        this.type = type;
    }

    /** A new key named {@code name} (for messages) holding values of {@code type}. */
    public static <T> AppKey<T> of(String name, Class<T> type) {
        if (name == null || type == null) {
            throw new IllegalArgumentException("name and type must not be null");
        }
        return new AppKey<>(name, type);
    }

    /** The key's name. */
    public String name() {
        return name;
    }

    /** The type of its values. */
    public Class<T> type() {
        return type;
    }

    @Override
    public String toString() {
        return "AppKey(" + name + ", " + type.getSimpleName() + ")";
    }
}
