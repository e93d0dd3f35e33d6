package io.jasyncio.web;

import io.jasyncio.EventLoop;
import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.Transport;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Test transport: records what is written; {@link #close} calls the protocol's
 * {@code connectionLost} on the loop's next turn, as a socket transport does. Loop-confined.
 */
final class RecordingTransport implements Transport {
    private final EventLoop loop;
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private Protocol protocol;
    private boolean closing;
    private boolean reading = true;

    RecordingTransport(EventLoop loop) {
        this.loop = loop;
    }

    /** Everything written so far, as Latin-1 text. */
    String written() {
        return written.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void write(byte[] data) {
        written.writeBytes(data);
    }

    @Override
    public void write(ByteBuffer data) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        written.writeBytes(b);
    }

    @Override
    public void writelines(Iterable<byte[]> data) {
        data.forEach(written::writeBytes);
    }

    @Override
    public void writeEof() {
        throw new UnsupportedOperationException("writeEof");
    }

    @Override
    public boolean canWriteEof() {
        return false;
    }

    @Override
    public void close() {
        if (!closing) {
            closing = true;
            loop.callSoon(() -> protocol.connectionLost(null));
        }
    }

    @Override
    public void abort() {
        close();
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public Object getExtraInfo(String name) {
        return null;
    }

    @Override
    public void pauseReading() {
        reading = false;
    }

    @Override
    public void resumeReading() {
        reading = true;
    }

    @Override
    public boolean isReading() {
        return reading;
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {}

    @Override
    public int getWriteBufferHighWaterMark() {
        return 65536;
    }

    @Override
    public int getWriteBufferLowWaterMark() {
        return 16384;
    }

    @Override
    public int getWriteBufferSize() {
        return 0;
    }

    @Override
    public Protocol getProtocol() {
        return protocol;
    }

    @Override
    public void setProtocol(Protocol protocol) {
        this.protocol = protocol;
    }
}
