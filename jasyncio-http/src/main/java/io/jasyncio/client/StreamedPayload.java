package io.jasyncio.client;

/** A body of unknown length that can be written once (an iterator, a stream): sent chunked. */
abstract class StreamedPayload implements Payload {
    @Override
    public long size() {
        return -1;
    }

    @Override
    public String contentType() {
        return "application/octet-stream";
    }

    @Override
    public boolean reusable() {
        return false;
    }
}
