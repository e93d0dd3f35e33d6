package io.jasyncio.testutils;

import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.Transport;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * The transport a mocked request reports ({@code request.transport()}): aiohttp's
 * {@code _create_transport()} mock, with the extra info the test gave. It is connected to
 * nothing: a write is an {@link IllegalStateException} saying so, while reading, closing and the
 * write-buffer settings behave as on a socket's transport so handler code that touches them runs.
 *
 * <p>Loop-confined, as the request.
 */
final class MockedTransport implements Transport {
    private final Map<String, Object> extraInfo;
    private Protocol protocol;
    private boolean closing;
    private boolean reading = true;
    private int high = 64 * 1024;
    private int low = 16 * 1024;

    MockedTransport(Map<String, Object> extraInfo) {
        this.extraInfo = extraInfo;
    }

    private static IllegalStateException notConnected() {
        return new IllegalStateException("the transport of a mocked request (makeMockedRequest) is connected to nothing:"
                + " test a handler that writes to its transport through a TestClient");
    }

    @Override
    public void write(byte[] data) {
        throw notConnected();
    }

    @Override
    public void write(ByteBuffer data) {
        throw notConnected();
    }

    @Override
    public void writelines(Iterable<byte[]> data) {
        throw notConnected();
    }

    @Override
    public void writeEof() {
        throw notConnected();
    }

    @Override
    public boolean canWriteEof() {
        return false;
    }

    @Override
    public void close() {
        closing = true;
    }

    @Override
    public void abort() {
        closing = true;
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public Object getExtraInfo(String name) {
        return extraInfo.get(name);
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
        return reading && !closing;
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        int h = high < 0 ? 64 * 1024 : high;
        int l = low < 0 ? h / 4 : low;
        if (l > h) {
            throw new IllegalArgumentException("low (" + l + ") must be <= high (" + h + ")");
        }
        this.high = h;
        this.low = l;
    }

    @Override
    public int getWriteBufferHighWaterMark() {
        return high;
    }

    @Override
    public int getWriteBufferLowWaterMark() {
        return low;
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
