package io.jasyncio.client;

import java.io.IOException;

/** A body held in memory: aiohttp's {@code BytesPayload}. Immutable. */
final class BytesPayload implements Payload {
    private final byte[] data;
    private final String contentType;

    BytesPayload(byte[] data, String contentType) {
        this.data = data;
        this.contentType = contentType;
    }

    byte[] bytes() {
        return data;
    }

    @Override
    public long size() {
        return data.length;
    }

    @Override
    public String contentType() {
        return contentType;
    }

    @Override
    public void writeTo(Sink sink) throws IOException {
        if (data.length > 0) {
            sink.write(data);
        }
    }
}
