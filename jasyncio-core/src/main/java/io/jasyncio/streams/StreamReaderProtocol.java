package io.jasyncio.streams;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.internal.Sneaky;
import io.jasyncio.transports.BufferedProtocol;
import io.jasyncio.transports.Transport;

import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The protocol between a transport and a {@link StreamReader}/{@link StreamWriter} pair: asyncio's
 * {@code StreamReaderProtocol} with its {@code FlowControlMixin}. It feeds received bytes to the
 * reader and keeps the write flow-control state that {@link StreamWriter#drain()} waits on.
 *
 * <p>Loop-confined. For a server it runs the connection handler as a task once connected.
 * Difference from asyncio: any number of tasks may wait in {@code drain()} at once (asyncio's
 * single waiter breaks with two, CPython gh-74116); and when the handler task ends the connection
 * is closed if the handler left it open (asyncio closes it when the writer is garbage-collected).
 *
 * <p>Difference from asyncio: it is a {@link BufferedProtocol}, so a socket or TLS transport reads
 * straight into the buffer of a waiting {@link StreamReader#readinto(ByteBuffer)} (asyncio's
 * {@code StreamReaderProtocol} is a plain {@code Protocol}, and its reader copies every chunk).
 * Otherwise the transport reads into a scratch buffer of the loop thread, which
 * {@link #bufferUpdated} feeds to the reader; transports that do not lend buffers (pipes, the
 * test kit's in-memory transport) call {@link #dataReceived} instead, which does the same.
 *
 * <p>As asyncio's, it may have no reader ({@code stream_reader=None}): then it is only the
 * write side's flow control, as for a child's stdin ({@code SubprocessStreamProtocol} relays the
 * pipe's pause, resume and loss to it).
 */
public final class StreamReaderProtocol implements BufferedProtocol {
    private final EventLoop loop;
    private final StreamReader reader;
    private final ClientConnected handler;
    private final Future<Void> closed;
    private final List<Future<Void>> drainWaiters = new ArrayList<>();
    private Transport transport;
    private boolean overTls;
    private boolean paused;
    private boolean lost;
    private Throwable lostError;
    /** What {@link #getBuffer} returned last, and whether it is the reader's (else the scratch buffer). */
    private ByteBuffer lent;
    private boolean lentByReader;

    /**
     * A protocol feeding {@code reader} (for a connection made by {@code openConnection}); with a
     * null reader, only the write side's flow control.
     */
    public StreamReaderProtocol(EventLoop loop, StreamReader reader) {
        this(loop, reader, null);
    }

    /** A protocol feeding {@code reader} that runs {@code handler} as a task once connected. */
    public StreamReaderProtocol(EventLoop loop, StreamReader reader, ClientConnected handler) {
        if (handler != null && reader == null) {
            throw new NullPointerException("reader must not be null when a handler is given");
        }
        this.loop = loop;
        this.reader = reader;
        this.handler = handler;
        this.closed = loop.createFuture();
    }

    @Override
    public void connectionMade(Transport transport) {
        this.transport = transport;
        this.overTls = transport.getExtraInfo("sslEngine") != null;
        if (reader != null) {
            reader.setTransport(transport);
        }
        if (handler == null) {
            return;
        }
        StreamWriter writer = new StreamWriter(transport, this, reader, loop);
        Task<Void> task = loop.createTask(() -> handler.handle(reader, writer));
        task.addDoneCallback(t -> {
            if (!t.cancelled() && t.exception() != null) {
                Map<String, Object> ctx = new LinkedHashMap<>();
                ctx.put("message", "Unhandled exception in client_connected_cb");
                ctx.put("exception", t.exception());
                ctx.put("transport", this.transport);
                loop.callExceptionHandler(ctx);
            }
            this.transport.close(); // the TLS transport after startTls: close_notify, not a bare FIN
        });
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        if (reader != null) {
            reader.feedData(data);
        }
    }

    /**
     * The buffer to read into: one of the reader's (a waiting {@code readinto}'s buffer, or room
     * for {@code sizeHint} bytes), else the loop thread's scratch buffer.
     */
    @Override
    public ByteBuffer getBuffer(int sizeHint) {
        ByteBuffer own = reader == null ? null : reader.receiveBuffer(sizeHint);
        lentByReader = own != null;
        lent = lentByReader ? own : ReceiveBuffer.get();
        return lent;
    }

    /** Hands the bytes just read to the reader: they are in its buffer already, or fed from scratch. */
    @Override
    public void bufferUpdated(int nbytes) {
        ByteBuffer b = lent;
        lent = null;
        if (reader == null || b == null) {
            return;
        }
        if (lentByReader) {
            reader.received(nbytes);
        } else if (nbytes > 0) {
            reader.feedData(b.flip());
        }
    }

    @Override
    public boolean eofReceived() {
        if (reader != null) {
            reader.feedEof();
        }
        return !overTls; // keep the write side open (half-close), as asyncio does without TLS
    }

    /** Whether this protocol serves a server's connection (its side in a TLS upgrade). */
    boolean serverSide() {
        return handler != null;
    }

    /** Before {@code startTls}: the reader's unread bytes, which the TLS layer takes over. */
    java.nio.ByteBuffer takeBuffered() {
        return reader == null ? ByteBuffer.allocate(0) : reader.takeBuffered();
    }

    /** After {@code startTls}: the reader and this protocol use the TLS transport. */
    void replaceTransport(Transport tls) {
        transport = tls;
        overTls = true;
        if (reader != null) {
            reader.replaceTransport(tls);
        }
    }

    @Override
    public void connectionLost(Throwable exc) {
        lost = true;
        lostError = exc;
        if (reader != null && exc == null) {
            reader.feedEof();
        } else if (reader != null) {
            reader.setException(exc);
        }
        if (!closed.done()) {
            if (exc == null) {
                closed.setResult(null);
            } else {
                closed.setException(exc);
                closed.exception(); // nobody may wait for it: no "never retrieved" report
            }
        }
        wakeDrainers();
    }

    @Override
    public void pauseWriting() {
        paused = true;
    }

    @Override
    public void resumeWriting() {
        paused = false;
        wakeDrainers();
    }

    private void wakeDrainers() {
        for (Future<Void> f : drainWaiters) {
            if (!f.done()) {
                f.setResult(null);
            }
        }
        drainWaiters.clear();
    }

    /**
     * Suspends while writing is paused; throws the connection's error once it is lost.
     */
    void drainHelper() throws SocketException {
        throwIfLost();
        if (!paused) {
            return;
        }
        Future<Void> w = loop.createFuture();
        drainWaiters.add(w);
        try {
            w.await();
        } finally {
            drainWaiters.remove(w);
        }
        throwIfLost();
    }

    private void throwIfLost() throws SocketException {
        if (lost) {
            if (lostError != null) {
                throw Sneaky.raise(lostError);
            }
            throw new SocketException("Connection lost");
        }
    }

    /** Suspends until the connection is closed; throws the error it was lost with, if any. */
    void waitClosed() {
        closed.await();
    }
}
