package io.jasyncio.internal.tls;

import io.jasyncio.internal.Args;
import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.Transport;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.nio.ByteBuffer;
import java.security.cert.Certificate;

/**
 * The application's side of a TLS connection: asyncio's {@code sslproto._SSLProtocolTransport}.
 * Writes are encrypted at once (kept as plaintext only while the engine is mid-handshake);
 * {@link #close()} sends close_notify after what was written.
 *
 * <p>Loop-confined. Differences from a plain socket transport, as in asyncio: no half-close
 * ({@link #writeEof()} throws, {@link #canWriteEof()} is false), and the write buffer counts the
 * plaintext backlog plus the socket transport's encrypted buffer, with TLS limits (512 KiB high,
 * a quarter low).
 */
public final class SslTransport implements Transport {
    private final SslProtocol ssl;
    private boolean closed;

    SslTransport(SslProtocol ssl) {
        this.ssl = ssl;
    }

    void markClosed() {
        closed = true;
    }

    @Override
    public void write(byte[] data) {
        Args.notNull(data, "data");
        write(ByteBuffer.wrap(data));
    }

    @Override
    public void write(ByteBuffer data) {
        Args.notNull(data, "data");
        if (closed) {
            throw new IllegalStateException("Cannot call write() on a closed TLS transport");
        }
        ssl.appWrite(data);
    }

    @Override
    public void writelines(Iterable<byte[]> data) {
        Args.notNull(data, "data");
        for (byte[] b : data) {
            write(b);
        }
    }

    /** Refused, as asyncio refuses it: TLS 1.3 has no half-close (close_notify ends both ways). */
    @Override
    public void writeEof() {
        throw new UnsupportedOperationException("TLS does not support half-closes: writeEof() is not available");
    }

    @Override
    public boolean canWriteEof() {
        return false;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            ssl.startShutdown();
        }
    }

    @Override
    public void abort() {
        closed = true;
        ssl.abort();
    }

    @Override
    public boolean isClosing() {
        return closed;
    }

    /**
     * Adds TLS information to the socket's: {@code "peercert"} (the peer's X509Certificate, null if
     * it sent none), {@code "cipher"} (the cipher suite's name), {@code "sslSession"},
     * {@code "sslEngine"} (asyncio's {@code ssl_object}), {@code "sslContext"} (null with an engine
     * factory), {@code "alpnProtocol"} (null if none was agreed), {@code "tlsVersion"}.
     */
    @Override
    public Object getExtraInfo(String name) {
        Args.notNull(name, "name");
        SSLSession session = ssl.engine().getSession();
        return switch (name) {
            case "peercert" -> peerCertificate(session);
            case "cipher" -> session.getCipherSuite();
            case "tlsVersion" -> session.getProtocol();
            case "sslSession" -> session;
            case "sslEngine" -> ssl.engine();
            case "sslContext" -> ssl.options().engineFactory() == null ? ssl.options().context() : null;
            case "alpnProtocol" -> {
                String p = ssl.engine().getApplicationProtocol();
                yield p == null || p.isEmpty() ? null : p;
            }
            default -> ssl.socketTransport().getExtraInfo(name);
        };
    }

    private static Certificate peerCertificate(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length == 0 ? null : chain[0];
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    @Override
    public void pauseReading() {
        ssl.appPauseReading();
    }

    @Override
    public void resumeReading() {
        ssl.appResumeReading();
    }

    @Override
    public boolean isReading() {
        return ssl.appReading() && !closed;
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        ssl.setWriteBufferLimits(high, low);
    }

    @Override
    public int getWriteBufferHighWaterMark() {
        return ssl.writeHigh();
    }

    @Override
    public int getWriteBufferLowWaterMark() {
        return ssl.writeLow();
    }

    @Override
    public int getWriteBufferSize() {
        return ssl.writeBufferSize();
    }

    @Override
    public Protocol getProtocol() {
        return ssl.app();
    }

    @Override
    public void setProtocol(Protocol protocol) {
        Args.notNull(protocol, "protocol");
        ssl.setApp(protocol);
    }

    @Override
    public String toString() {
        return "<SslTransport " + ssl.socketTransport() + (closed ? " closed" : "") + ">";
    }
}
