package io.jasyncio.tls;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * A JDK engine behind a wrapper that behaves as badly as the SSLEngine contract allows, plugged in
 * through {@link SslEngineFactory}: {@code wrap} takes at most {@code maxWrap} plaintext bytes per
 * call (a record may carry less than was offered), {@code unwrap} answers BUFFER_OVERFLOW whenever
 * the destination already holds bytes or is smaller than 100 000 bytes (both are legal), and every
 * delegated task records the thread that ran it.
 */
final class StingyEngine extends SSLEngine {
    private final SSLEngine d;
    private final int maxWrap;
    final List<String> taskThreads = new CopyOnWriteArrayList<>();
    int overflows;

    StingyEngine(SSLEngine delegate, int maxWrap) {
        this.d = delegate;
        this.maxWrap = maxWrap;
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
        if (length == 1 && srcs[offset].remaining() > maxWrap) {
            ByteBuffer src = srcs[offset];
            ByteBuffer part = src.slice(src.position(), maxWrap);
            SSLEngineResult r = d.wrap(part, dst);
            src.position(src.position() + r.bytesConsumed());
            return r;
        }
        return d.wrap(srcs, offset, length, dst);
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws SSLException {
        ByteBuffer dst = dsts[offset];
        if (src.hasRemaining() && d.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING
                && (dst.position() > 0 || dst.capacity() < 100_000)) {
            overflows++;
            return new SSLEngineResult(SSLEngineResult.Status.BUFFER_OVERFLOW, d.getHandshakeStatus(), 0, 0);
        }
        return d.unwrap(src, dsts, offset, length);
    }

    @Override
    public Runnable getDelegatedTask() {
        Runnable t = d.getDelegatedTask();
        return t == null ? null : () -> {
            taskThreads.add(Thread.currentThread().getName());
            t.run();
        };
    }

    @Override public void closeInbound() throws SSLException { d.closeInbound(); }
    @Override public boolean isInboundDone() { return d.isInboundDone(); }
    @Override public void closeOutbound() { d.closeOutbound(); }
    @Override public boolean isOutboundDone() { return d.isOutboundDone(); }
    @Override public String[] getSupportedCipherSuites() { return d.getSupportedCipherSuites(); }
    @Override public String[] getEnabledCipherSuites() { return d.getEnabledCipherSuites(); }
    @Override public void setEnabledCipherSuites(String[] suites) { d.setEnabledCipherSuites(suites); }
    @Override public String[] getSupportedProtocols() { return d.getSupportedProtocols(); }
    @Override public String[] getEnabledProtocols() { return d.getEnabledProtocols(); }
    @Override public void setEnabledProtocols(String[] protocols) { d.setEnabledProtocols(protocols); }
    @Override public SSLSession getSession() { return d.getSession(); }
    @Override public SSLSession getHandshakeSession() { return d.getHandshakeSession(); }
    @Override public void beginHandshake() throws SSLException { d.beginHandshake(); }
    @Override public SSLEngineResult.HandshakeStatus getHandshakeStatus() { return d.getHandshakeStatus(); }
    @Override public void setUseClientMode(boolean mode) { d.setUseClientMode(mode); }
    @Override public boolean getUseClientMode() { return d.getUseClientMode(); }
    @Override public void setNeedClientAuth(boolean need) { d.setNeedClientAuth(need); }
    @Override public boolean getNeedClientAuth() { return d.getNeedClientAuth(); }
    @Override public void setWantClientAuth(boolean want) { d.setWantClientAuth(want); }
    @Override public boolean getWantClientAuth() { return d.getWantClientAuth(); }
    @Override public void setEnableSessionCreation(boolean flag) { d.setEnableSessionCreation(flag); }
    @Override public boolean getEnableSessionCreation() { return d.getEnableSessionCreation(); }
    @Override public SSLParameters getSSLParameters() { return d.getSSLParameters(); }
    @Override public void setSSLParameters(SSLParameters params) { d.setSSLParameters(params); }
    @Override public String getApplicationProtocol() { return d.getApplicationProtocol(); }
    @Override public String getHandshakeApplicationProtocol() { return d.getHandshakeApplicationProtocol(); }
    @Override public String getPeerHost() { return d.getPeerHost(); }
    @Override public int getPeerPort() { return d.getPeerPort(); }
}
