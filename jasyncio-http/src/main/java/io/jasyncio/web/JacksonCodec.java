package io.jasyncio.web;

import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The default {@link JsonCodec}: Jackson 3's {@code JsonMapper} (immutable, thread-safe), its
 * buffers recycled by {@link JacksonBuffers} rather than Jackson's default pool.
 */
final class JacksonCodec implements JsonCodec {
    static final JacksonCodec INSTANCE = new JacksonCodec();

    private final JsonMapper mapper =
            JsonMapper.builder(JsonFactory.builder().recyclerPool(new JacksonBuffers()).build()).build();

    @Override
    public byte[] dumps(Object value) {
        return mapper.writeValueAsBytes(value);
    }

    @Override
    public <T> T loads(byte[] json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("invalid JSON for " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
