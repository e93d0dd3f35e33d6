package io.jasyncio.streams;

import io.jasyncio.internal.Args;
import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.internal.Sneaky;
import io.jasyncio.transports.Transport;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The writing half of a stream connection: asyncio's {@code StreamWriter}. Writes go to the
 * transport at once (buffered if the socket is busy); {@link #drain()} is the back-pressure point.
 *
 * <p>Loop-confined. Usable in try-with-resources: {@link #close()} closes the transport (which
 * still flushes what was written). Any number of tasks may {@link #drain()} at once.
 */
public final class StreamWriter implements AutoCloseable {
    private Transport transport;
    private final StreamReaderProtocol protocol;
    private final StreamReader reader;
    private final EventLoop loop;

    /** A writer on {@code transport}, whose flow control {@code protocol} tracks. */
    public StreamWriter(Transport transport, StreamReaderProtocol protocol, StreamReader reader, EventLoop loop) {
        Args.notNull(protocol, "protocol");
        this.transport = transport;
        this.protocol = protocol;
        this.reader = reader;
        this.loop = loop;
    }

    /** The underlying transport. */
    public Transport transport() {
        return transport;
    }

    /** The loop this writer belongs to. */
    public EventLoop getLoop() {
        return loop;
    }

    /**
     * Writes {@code data} without waiting; follow with {@link #drain()} to respect back-pressure.
     *
     * @throws IllegalStateException if the writer was closed
     */
    public void write(byte[] data) {
        Args.notNull(data, "data");
        transport.write(data);
    }

    /** Writes the buffer's remaining bytes (consumed; copied only if the socket cannot take them). */
    public void write(ByteBuffer data) {
        Args.notNull(data, "data");
        transport.write(data);
    }

    /** Writes each array in turn. */
    public void writelines(Iterable<byte[]> data) {
        Args.notNull(data, "data");
        transport.writelines(data);
    }

    /** Closes the write side after the buffered data (half-close). */
    public void writeEof() {
        transport.writeEof();
    }

    /** Whether {@link #writeEof()} is supported. */
    public boolean canWriteEof() {
        return transport.canWriteEof();
    }

    /**
     * Suspends while the transport's write buffer is above its high-water mark.
     *
     * @throws IOException the connection's error (a reset peer), or "Connection lost" once closed
     * @throws io.jasyncio.CancelledError if the task is cancelled
     */
    public void drain() throws IOException {
        Throwable failed = reader == null ? null : reader.exception();
        if (failed != null) {
            throw Sneaky.raise(failed);
        }
        if (transport.isClosing()) {
            // Let connectionLost run first, so drain reports the loss (asyncio does the same yield).
            Asyncio.sleep(0);
        }
        protocol.drainHelper();
    }

    /**
     * Upgrades the connection to TLS: asyncio's {@code StreamWriter.start_tls} (STARTTLS). A
     * server's writer (from {@code startServer}) takes the server side. Suspends: drains, then
     * does the handshake. Bytes the reader had buffered but not read are the start of the TLS
     * stream and go to the TLS layer (CPython gh-142352); the reader and this writer then use the
     * TLS transport.
     *
     * @throws javax.net.ssl.SSLException (an IOException) if the handshake fails or times out
     * @throws IOException if the connection was lost
     * @throws io.jasyncio.CancelledError if the task is cancelled (the connection is then closed)
     */
    public void startTls(io.jasyncio.tls.TlsOptions ssl) throws IOException {
        Args.notNull(ssl, "ssl");
        drain();
        Transport plain = transport;
        // Take the reader's unread bytes and stop it pausing the socket before the protocol swap:
        // the TLS layer owns both from here on.
        ByteBuffer early = protocol.takeBuffered();
        Transport tls = io.jasyncio.internal.tls.Tls.startTls(loop, plain, protocol, ssl, protocol.serverSide(), early);
        protocol.replaceTransport(tls);
        transport = tls;
    }

    /** Closes the transport: buffered data is flushed first. Idempotent; never suspends. */
    @Override
    public void close() {
        transport.close();
    }

    /** Whether the writer is closing or closed. */
    public boolean isClosing() {
        return transport.isClosing();
    }

    /**
     * Suspends until the connection is closed.
     *
     * @throws io.jasyncio.CancelledError if the task is cancelled
     */
    public void waitClosed() {
        protocol.waitClosed();
    }

    /** See {@link Transport#getExtraInfo(String)}. */
    public Object getExtraInfo(String name) {
        Args.notNull(name, "name");
        return transport.getExtraInfo(name);
    }

    /** See {@link Transport#getExtraInfo(String, Object)}. */
    public Object getExtraInfo(String name, Object defaultValue) {
        return transport.getExtraInfo(name, defaultValue);
    }

    @Override
    public String toString() {
        return "<StreamWriter transport=" + transport + (reader != null ? " reader=" + reader : "") + ">";
    }
}
