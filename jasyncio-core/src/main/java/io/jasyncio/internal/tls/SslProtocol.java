package io.jasyncio.internal.tls;

import io.jasyncio.internal.WaterMarks;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.TimerHandle;
import io.jasyncio.tls.TlsOptions;
import io.jasyncio.transports.BufferedProtocol;
import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.Transport;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The TLS layer: asyncio's {@code sslproto.SSLProtocol}. It is the socket transport's protocol;
 * it drives an {@link SSLEngine} and gives the application protocol an {@link SslTransport}, so
 * the application sees plaintext and the socket sees records.
 *
 * <p>Loop-confined. States, as asyncio's: UNWRAPPED (no TLS yet, or over), DO_HANDSHAKE,
 * WRAPPED (application data flows), FLUSHING (closing: the plaintext backlog is still being
 * encrypted), SHUTDOWN (our close_notify is sent; waiting for the peer's, at most the shutdown
 * timeout). One pump ({@link #process}) does whatever the engine's handshake status asks, then
 * encrypts the backlog and decrypts what arrived; every event (bytes in, a write, a resumed
 * reader, a delegated task done) runs it.
 *
 * <p>Back-pressure, with asyncio's limits: the application's writes pause when the backlog plus
 * the socket transport's buffer pass 512 KiB (resume at a quarter); records that arrive while the
 * application has paused reading stay encrypted here, and the socket stops reading when they pass
 * 256 KiB (resumes at a quarter).
 */
public final class SslProtocol implements Protocol {
    enum State { UNWRAPPED, DO_HANDSHAKE, WRAPPED, FLUSHING, SHUTDOWN }

    private static final int READ_HIGH = 256 * 1024;
    private static final int WRITE_HIGH = 512 * 1024;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final EventLoop loop;
    private final SSLEngine engine;
    private final TlsOptions options;
    private final boolean serverSide;
    private final boolean callConnectionMade;
    private final Future<Void> waiter;
    private Protocol app;
    private Transport transport;
    private SslTransport appTransport;
    private State state = State.UNWRAPPED;

    /** Encrypted bytes not yet unwrapped, in read mode (position: first unread, limit: end). */
    private ByteBuffer netIn;
    /** Where {@link #process} reads records from: netIn, or the socket's buffer during dataReceived. */
    private ByteBuffer src;
    private ByteBuffer appIn;
    private ByteBuffer netOut;
    private final ArrayDeque<ByteBuffer> backlog = new ArrayDeque<>();
    private long backlogBytes;

    private int writeHigh = WRITE_HIGH;
    private int writeLow = WRITE_HIGH / 4;
    private boolean appWritingPaused;
    private boolean appReadingPaused;
    private boolean sslReadingPaused;
    private boolean appConnected;
    private boolean appLost;
    private boolean taskRunning;
    private boolean pumping;
    private boolean again;
    /** The peer's close_notify arrived (some engines, BoringSSL's, report isInboundDone() only after closeInbound()). */
    private boolean inboundClosed;
    /** Our close_notify was wrapped (BoringSSL's engine does not ask for that wrap with NEED_WRAP). */
    private boolean closeNotifyWrapped;
    private Throwable closeError;
    private TimerHandle handshakeTimer;
    private TimerHandle shutdownTimer;

    /**
     * A layer for one connection. {@code waiter} (may be null) completes when the handshake is
     * done and the application's connectionMade has run (or fails with the handshake's error);
     * {@code initial} (may be null) holds encrypted bytes already read from the socket (a
     * StreamReader's buffer when a stream is upgraded, CPython gh-142352).
     */
    public SslProtocol(EventLoop loop, Protocol app, TlsOptions options, boolean serverSide, String host, int port,
            Future<Void> waiter, boolean callConnectionMade, ByteBuffer initial) {
        this.loop = loop;
        this.app = app;
        this.options = options;
        this.serverSide = serverSide;
        this.engine = Engines.create(options, serverSide, host, port);
        this.waiter = waiter;
        this.callConnectionMade = callConnectionMade;
        int packet = engine.getSession().getPacketBufferSize();
        int plain = engine.getSession().getApplicationBufferSize();
        this.netIn = ByteBuffer.allocate(Math.max(packet, initial == null ? 0 : initial.remaining())).flip();
        this.src = netIn;
        this.appIn = ByteBuffer.allocate(4 * plain);
        this.netOut = ByteBuffer.allocate(4 * packet);
        if (initial != null) {
            append(initial);
        }
    }

    /** The application's transport, once the handshake is done (null before). */
    public SslTransport appTransport() {
        return appTransport;
    }

    // ----- the socket transport's side -----

    @Override
    public void connectionMade(Transport transport) {
        this.transport = transport;
        state = State.DO_HANDSHAKE;
        double timeout = options.sslHandshakeTimeout();
        handshakeTimer = loop.callLater(timeout, () -> handshakeFailed(new SSLHandshakeException(
                "TLS handshake is taking longer than " + timeout + " seconds: aborting the connection"), true));
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            handshakeFailed(named(e), false);
            return;
        }
        process();
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        if (state == State.UNWRAPPED) {
            return;
        }
        if (netIn.hasRemaining() || taskRunning || pumping) {
            append(data);
            process();
        } else {
            // Unwrap straight from the socket's buffer; only a partial record left over is copied.
            src = data;
            try {
                process();
            } finally {
                src = netIn;
                if (data.hasRemaining() && state != State.UNWRAPPED) {
                    append(data);
                }
            }
        }
        controlSslReading();
    }

    @Override
    public boolean eofReceived() {
        switch (state) {
            case DO_HANDSHAKE -> handshakeFailed(new SSLHandshakeException(
                    "the peer closed the connection during the TLS handshake"), false);
            case WRAPPED -> {
                process(); // records that arrived complete are still delivered
                if (state == State.WRAPPED) {
                    // No close_notify: someone may have cut the stream (a truncation attack), as the
                    // JDK's closeInbound() says; the application must not take it for a clean end.
                    closeError = new SSLException("the peer closed the connection without a TLS close_notify"
                            + " (truncated stream)");
                    state = State.SHUTDOWN;
                }
            }
            default -> { }
        }
        return false; // the socket transport closes itself: TLS has no half-close
    }

    @Override
    public void connectionLost(Throwable exc) {
        State was = state;
        state = State.UNWRAPPED;
        backlog.clear();
        backlogBytes = 0;
        cancelTimers();
        if (appTransport != null) {
            appTransport.markClosed();
        }
        Throwable err = exc != null ? exc : closeError;
        if (was == State.DO_HANDSHAKE) {
            failWaiter(err != null ? err : new SSLHandshakeException("the connection was lost during the TLS handshake"));
        }
        if (appConnected && !appLost) {
            appLost = true;
            try {
                app.connectionLost(err);
            } catch (Throwable t) {
                report("protocol.connectionLost() failed", t);
            }
        }
    }

    @Override
    public void pauseWriting() {
        // The socket's buffer is over its mark: the application is paused by controlAppWriting
        // once the whole (plaintext backlog + socket buffer) passes the TLS layer's own mark.
    }

    @Override
    public void resumeWriting() {
        controlAppWriting();
    }

    // ----- the pump -----

    /** Runs the engine as far as it can go now; re-entrant calls (from the application) rerun it. */
    void process() {
        if (pumping) {
            again = true;
            return;
        }
        pumping = true;
        try {
            do {
                again = false;
                pump();
            } while (again && state != State.UNWRAPPED);
            flushOut();
        } catch (SSLException e) {
            if (state == State.DO_HANDSHAKE) {
                handshakeFailed(named(e), false);
            } else {
                fatal(e, "Fatal error on SSL protocol");
            }
        } catch (RuntimeException e) {
            fatal(e, "Fatal error on SSL protocol");
        } finally {
            pumping = false;
        }
        if (state == State.SHUTDOWN && (engine.isOutboundDone() || closeNotifyWrapped)
                && (inboundClosed || closeError != null)) {
            shutdownComplete();
        }
        controlAppWriting();
    }

    private void pump() throws SSLException {
        for (;;) {
            if (taskRunning || state == State.UNWRAPPED) {
                return;
            }
            HandshakeStatus hs = engine.getHandshakeStatus();
            switch (hs) {
                case NEED_TASK -> {
                    runDelegatedTasks();
                    return;
                }
                case NEED_WRAP -> {
                    SSLEngineResult r = wrap(EMPTY);
                    if (r.bytesProduced() == 0 && (r.getStatus() == Status.CLOSED
                            || engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP)) {
                        return; // outbound done (or an engine stuck): wrapping again would produce nothing, forever
                    }
                    continue;
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    if (!unwrapOnce()) {
                        return;
                    }
                    continue;
                }
                default -> { }
            }
            if (state == State.DO_HANDSHAKE) {
                handshakeComplete();
                continue;
            }
            if ((state == State.WRAPPED || state == State.FLUSHING) && !backlog.isEmpty()) {
                if (!wrapBacklog()) {
                    continue; // the engine wants a handshake step (TLS 1.2 renegotiation)
                }
            }
            if (state == State.FLUSHING && backlog.isEmpty()) {
                state = State.SHUTDOWN;
                // NEED_WRAP next: our close_notify. TLS 1.3 closes only the peer's direction on its
                // close_notify: without closing ours the engine stays half-open, and a loop that
                // wraps until isOutboundDone() never ends.
                engine.closeOutbound();
                continue;
            }
            if (state == State.SHUTDOWN && !closeNotifyWrapped && !engine.isOutboundDone()) {
                wrap(EMPTY);
                closeNotifyWrapped = true;
                continue;
            }
            if (appReadingPaused && state == State.WRAPPED) {
                return;
            }
            if (!unwrapOnce()) {
                return;
            }
        }
    }

    /** One unwrap; false when no complete record is waiting or the inbound side is done. */
    private boolean unwrapOnce() throws SSLException {
        if (!src.hasRemaining() || inboundClosed) {
            deliver();
            return false;
        }
        SSLEngineResult r = engine.unwrap(src, appIn);
        switch (r.getStatus()) {
            case BUFFER_UNDERFLOW -> {
                deliver(); // a partial record: append() grows netIn to hold the rest when it comes
                return false;
            }
            case BUFFER_OVERFLOW -> {
                if (appIn.position() > 0) {
                    deliver();
                } else {
                    appIn = ByteBuffer.allocate(Math.max(2 * appIn.capacity(),
                            engine.getSession().getApplicationBufferSize()));
                }
                return true;
            }
            case CLOSED -> {
                deliver();
                inboundClosed = true;
                peerClosed();
                return false;
            }
            default -> {
                if (appIn.remaining() < engine.getSession().getApplicationBufferSize()) {
                    deliver();
                }
                return r.bytesConsumed() > 0 || r.bytesProduced() > 0;
            }
        }
    }

    /** Hands the decrypted bytes to the application (dropped once it closed its transport). */
    private void deliver() {
        if (appIn.position() == 0) {
            return;
        }
        appIn.flip();
        try {
            if (state == State.WRAPPED && appConnected && !appLost) {
                feedApp(appIn);
            }
        } finally {
            appIn.clear();
        }
    }

    private void feedApp(ByteBuffer data) {
        try {
            if (app instanceof BufferedProtocol bp) {
                while (data.hasRemaining()) {
                    ByteBuffer b = bp.getBuffer(data.remaining());
                    if (b == null || !b.hasRemaining()) {
                        throw new IllegalStateException("getBuffer() returned an empty buffer");
                    }
                    int n = Math.min(b.remaining(), data.remaining());
                    b.put(data.slice(data.position(), n));
                    data.position(data.position() + n);
                    bp.bufferUpdated(n);
                }
            } else {
                app.dataReceived(data);
            }
        } catch (Throwable t) {
            fatal(t, "Fatal error: protocol.dataReceived() call failed.");
        }
    }

    /** The peer's close_notify arrived: tell the application (EOF), then close both directions. */
    private void peerClosed() throws SSLException {
        if (state == State.DO_HANDSHAKE) {
            throw new SSLHandshakeException("the peer sent close_notify during the TLS handshake");
        }
        if (state == State.WRAPPED) {
            try {
                if (appConnected && app.eofReceived()) {
                    report("returning true from eofReceived() has no effect when using TLS", null);
                }
            } catch (Throwable t) {
                fatal(t, "Fatal error: protocol.eofReceived() call failed.");
                return;
            }
            startShutdown(); // the backlog is flushed, then our close_notify goes (FLUSHING -> SHUTDOWN)
        }
    }

    private SSLEngineResult wrap(ByteBuffer plain) throws SSLException {
        for (;;) {
            SSLEngineResult r = engine.wrap(plain, netOut);
            if (r.getStatus() != Status.BUFFER_OVERFLOW) {
                return r;
            }
            if (netOut.position() > 0) {
                flushOut();
            } else {
                netOut = ByteBuffer.allocate(2 * netOut.capacity());
            }
        }
    }

    /** Encrypts the whole of {@code data}; false if the engine must first do a handshake step. */
    private boolean wrapAll(ByteBuffer data) throws SSLException {
        // A record carries at most 16 KiB and may carry less: loop until the buffer is drained.
        while (data.hasRemaining()) {
            SSLEngineResult r = wrap(data);
            if (r.getStatus() == Status.CLOSED) {
                throw new SSLException("cannot write: the TLS connection is closed");
            }
            if (r.bytesConsumed() == 0) {
                return false;
            }
            if (netOut.remaining() < engine.getSession().getPacketBufferSize()) {
                flushOut();
            }
        }
        return true;
    }

    private boolean wrapBacklog() throws SSLException {
        while (!backlog.isEmpty()) {
            ByteBuffer b = backlog.peekFirst();
            int before = b.remaining();
            boolean done = wrapAll(b);
            backlogBytes -= before - b.remaining();
            if (!done) {
                return false;
            }
            backlog.pollFirst();
        }
        return true;
    }

    private void flushOut() {
        if (netOut.position() == 0 || state == State.UNWRAPPED) {
            netOut.clear();
            return;
        }
        netOut.flip();
        transport.write(netOut); // copies only what the socket does not take now
        netOut.clear();
    }

    private void runDelegatedTasks() {
        List<Runnable> tasks = new ArrayList<>();
        for (Runnable t = engine.getDelegatedTask(); t != null; t = engine.getDelegatedTask()) {
            tasks.add(t);
        }
        taskRunning = true;
        // Certificate checks and key exchange are slow: run them off the loop thread, as the
        // SSLEngine contract suggests, so other connections go on meanwhile.
        Future<Object> done = loop.runInExecutor(null, () -> {
            tasks.forEach(Runnable::run);
            return null;
        });
        done.addDoneCallback(f -> {
            taskRunning = false;
            if (state == State.UNWRAPPED) {
                return;
            }
            if (!f.cancelled() && f.exception() != null) {
                fatal(f.exception(), "Fatal error in an SSLEngine delegated task");
                return;
            }
            process();
        });
    }

    // ----- handshake -----

    private void handshakeComplete() {
        cancelTimers();
        state = State.WRAPPED;
        appTransport = new SslTransport(this);
        if (callConnectionMade) {
            try {
                app.connectionMade(appTransport);
            } catch (Throwable t) {
                appConnected = true;
                fatal(t, "Fatal error: protocol.connectionMade() call failed.");
                failWaiter(t);
                return;
            }
        }
        appConnected = true;
        if (waiter != null && !waiter.done()) {
            waiter.setResult(null);
        }
    }

    private void handshakeFailed(SSLException exc, boolean timedOut) {
        if (state != State.DO_HANDSHAKE) {
            return;
        }
        if (!timedOut) {
            try {
                // The engine holds the alert that tells the peer why: send it before closing.
                while (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                    if (wrap(EMPTY).bytesProduced() == 0) {
                        break;
                    }
                }
            } catch (SSLException ignored) {
                // the engine is already failed; the alert is a courtesy
            }
            flushOut();
        }
        state = State.UNWRAPPED;
        cancelTimers();
        if (loop.getDebug()) { // a peer's failure is network life: asyncio logs it in debug mode only
            report("SSL handshake failed", exc);
        }
        failWaiter(exc);
        if (timedOut) {
            transport.abort();
        } else {
            transport.close();
        }
    }

    private SSLException named(SSLException e) {
        String peer = String.valueOf(transport.getExtraInfo("peername"));
        SSLHandshakeException n = new SSLHandshakeException("TLS handshake with " + peer + " failed: " + e.getMessage());
        n.initCause(e);
        return n;
    }

    private void failWaiter(Throwable exc) {
        if (waiter != null && !waiter.done()) {
            waiter.setException(exc);
        }
    }

    // ----- closing -----

    /** The application closed its transport (or the peer sent close_notify): flush, then shut down. */
    void startShutdown() {
        if (appTransport != null) {
            appTransport.markClosed();
        }
        switch (state) {
            case DO_HANDSHAKE -> abort();
            case WRAPPED -> {
                state = State.FLUSHING;
                double timeout = options.sslShutdownTimeout();
                shutdownTimer = loop.callLater(timeout, () -> {
                    closeError = new io.jasyncio.TimeoutError("TLS shutdown timed out after " + timeout
                            + " seconds: the peer sent no close_notify");
                    transport.abort();
                });
                process();
            }
            default -> { }
        }
    }

    private void shutdownComplete() {
        cancelTimers();
        if (!transport.isClosing()) {
            transport.close(); // flushes our close_notify first
        }
    }

    void abort() {
        if (appTransport != null) {
            appTransport.markClosed();
        }
        if (transport != null) {
            transport.abort();
        }
    }

    private void cancelTimers() {
        if (handshakeTimer != null) {
            handshakeTimer.cancel();
            handshakeTimer = null;
        }
        if (shutdownTimer != null) {
            shutdownTimer.cancel();
            shutdownTimer = null;
        }
    }

    private void fatal(Throwable t, String message) {
        if (!(t instanceof java.io.IOException) || loop.getDebug()) {
            report(message, t);
        }
        if (closeError == null) {
            closeError = t;
        }
        if (state == State.DO_HANDSHAKE) {
            failWaiter(t);
        }
        abort();
    }

    private void report(String message, Throwable t) {
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("message", message);
        if (t != null) {
            ctx.put("exception", t);
        }
        ctx.put("protocol", this);
        if (transport != null) {
            ctx.put("transport", transport);
        }
        loop.callExceptionHandler(ctx);
    }

    // ----- the application transport's side (SslTransport calls these) -----

    void appWrite(ByteBuffer data) {
        if (!data.hasRemaining() || state != State.WRAPPED) {
            return; // FLUSHING/SHUTDOWN after the peer's close: dropped, as asyncio drops them
        }
        if (!backlog.isEmpty() || taskRunning
                || engine.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING) {
            ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data).flip();
            backlog.add(copy);
            backlogBytes += copy.remaining();
            process();
            return;
        }
        try {
            if (!wrapAll(data)) {
                ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data).flip();
                backlog.add(copy);
                backlogBytes += copy.remaining();
                process();
                return;
            }
            flushOut();
        } catch (SSLException e) {
            fatal(e, "Fatal error on SSL protocol");
            return;
        }
        controlAppWriting();
    }

    void appPauseReading() {
        appReadingPaused = true;
    }

    void appResumeReading() {
        if (!appReadingPaused) {
            return;
        }
        appReadingPaused = false;
        loop.callSoon(() -> {
            if (state != State.UNWRAPPED) {
                process();
                controlSslReading();
            }
        });
    }

    boolean appReading() {
        return !appReadingPaused;
    }

    void setWriteBufferLimits(int high, int low) {
        WaterMarks marks = WaterMarks.resolve(high, low, WRITE_HIGH);
        writeHigh = marks.high();
        writeLow = marks.low();
        controlAppWriting();
    }

    int writeHigh() {
        return writeHigh;
    }

    int writeLow() {
        return writeLow;
    }

    int writeBufferSize() {
        long n = backlogBytes + (transport == null ? 0 : transport.getWriteBufferSize());
        return (int) Math.min(Integer.MAX_VALUE, n);
    }

    private void controlAppWriting() {
        if (!appConnected || appLost) {
            return;
        }
        int size = writeBufferSize();
        try {
            if (!appWritingPaused && size >= writeHigh) {
                appWritingPaused = true;
                app.pauseWriting();
            } else if (appWritingPaused && size <= writeLow) {
                appWritingPaused = false;
                app.resumeWriting();
            }
        } catch (Throwable t) {
            report("protocol.pauseWriting() or resumeWriting() failed", t);
        }
    }

    private void controlSslReading() {
        if (state == State.UNWRAPPED) {
            return;
        }
        int pending = netIn.remaining();
        if (!sslReadingPaused && pending > READ_HIGH) {
            sslReadingPaused = true;
            transport.pauseReading();
        } else if (sslReadingPaused && pending <= READ_HIGH / 4) {
            sslReadingPaused = false;
            transport.resumeReading();
        }
    }

    Protocol app() {
        return app;
    }

    void setApp(Protocol app) {
        this.app = app;
    }

    Transport socketTransport() {
        return transport;
    }

    SSLEngine engine() {
        return engine;
    }

    TlsOptions options() {
        return options;
    }

    /** Appends encrypted bytes to netIn (read mode), compacting or growing it. */
    private void append(ByteBuffer data) {
        boolean reading = src == netIn;
        int n = data.remaining();
        if (netIn.capacity() - netIn.limit() < n) {
            netIn.compact();
            if (netIn.remaining() < n) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(2 * netIn.capacity(), netIn.position() + n));
                netIn = bigger.put(netIn.flip());
            }
            netIn.flip();
        }
        int pos = netIn.position();
        int end = netIn.limit();
        netIn.limit(end + n).position(end);
        netIn.put(data);
        netIn.position(pos);
        if (reading) {
            src = netIn;
        }
    }

    @Override
    public String toString() {
        return "<SslProtocol " + state + (serverSide ? " server" : " client") + ">";
    }
}
