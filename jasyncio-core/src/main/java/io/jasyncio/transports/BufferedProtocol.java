package io.jasyncio.transports;

import java.nio.ByteBuffer;

/**
 * A {@link Protocol} that lends the transport its own buffer to read into, so received bytes are
 * never copied: asyncio's {@code BufferedProtocol}.
 *
 * <p>Loop-confined, like {@link Protocol}. On each readable event the transport calls
 * {@link #getBuffer} and reads into the returned buffer from its position (a direct buffer saves
 * the JDK a copy), then calls {@link #bufferUpdated} with the count of bytes read.
 * {@link #dataReceived} is never called on a buffered protocol.
 */
public interface BufferedProtocol extends Protocol {
    /**
     * The buffer to read into, with room between its position and limit ({@code sizeHint}: a
     * suggested minimum room, or -1 for no suggestion). Must have room, or the connection fails.
     */
    ByteBuffer getBuffer(int sizeHint);

    /** {@code nbytes} bytes were read into the buffer last returned by {@link #getBuffer}. */
    void bufferUpdated(int nbytes);
}
