package io.jasyncio.web;

/**
 * How JSON bodies are written and read: aiohttp's {@code dumps=}/{@code loads=} arguments made
 * one interface. The default, {@link #jackson()}, uses Jackson 3; plug in another with
 * {@link Application#setJsonCodec}.
 *
 * <p>Implementations must be thread-safe (one codec may serve several loops).
 */
public interface JsonCodec {
    /** Serialises {@code value} to UTF-8 JSON. */
    byte[] dumps(Object value);

    /**
     * Parses UTF-8 JSON into a {@code type}.
     *
     * @throws IllegalArgumentException if the bytes are not JSON of that shape
     */
    <T> T loads(byte[] json, Class<T> type);

    /** The default codec: one shared Jackson 3 {@code JsonMapper}. */
    static JsonCodec jackson() {
        return JacksonCodec.INSTANCE;
    }
}
