package io.jasyncio.internal.proc;

import io.jasyncio.EventLoop;
import io.jasyncio.internal.LoopHooks;
import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.Transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A child's stdout or stderr as a read-only {@link Transport}: asyncio's
 * {@code _UnixReadPipeTransport}, pumped by a platform thread because a JDK process pipe is a
 * blocking stream the selector cannot watch.
 *
 * <p>The pump reads a chunk, hands a copy to the loop with {@code callSoonThreadsafe} and counts
 * it "in flight" until the loop has given it to the protocol. It reads no more while
 * {@value #MAX_IN_FLIGHT} bytes are in flight or reading is paused (a {@code StreamReader} over
 * its limit pauses it): then the pipe fills and the child blocks in its own write, as it would
 * under asyncio. Memory per pipe is bounded by that, plus the reader's own buffer.
 *
 * <p>Loop-confined, except the fields guarded by {@code this} (shared with the pump thread).
 */
final class ReadPipe implements Transport {
    static final int CHUNK = 64 * 1024;
    static final int MAX_IN_FLIGHT = 4 * CHUNK;

    private final ProcessTransport owner;
    private final EventLoop loop;
    private final int fd;
    private final InputStream in;
    private final Thread pump;
    /** Guarded by this: bytes handed to the loop and not yet given to the protocol. */
    private int inFlight;
    /** Guarded by this. */
    private boolean paused;
    /** Guarded by this: the transport is closed; the pump delivers nothing more. */
    private boolean closed;
    private boolean lost;

    ReadPipe(ProcessTransport owner, EventLoop loop, int fd, InputStream in) {
        this.owner = owner;
        this.loop = loop;
        this.fd = fd;
        this.in = in;
        this.pump = Thread.ofPlatform().daemon().name("jasyncio-pipe-" + owner.getPid() + "-fd" + fd)
                .unstarted(this::pump);
    }

    void start() {
        pump.start();
    }

    /** The pump thread's body: read until EOF or error, never faster than the loop consumes. */
    private void pump() {
        byte[] buf = new byte[CHUNK];
        try {
            while (awaitCredit()) {
                int n = in.read(buf);
                if (n < 0) {
                    post(() -> lost(null));
                    return;
                }
                if (n > 0) {
                    byte[] chunk = Arrays.copyOf(buf, n);
                    synchronized (this) {
                        inFlight += n;
                    }
                    post(() -> deliver(chunk));
                }
            }
        } catch (IOException e) {
            post(() -> lost(isClosedByUs() ? null : e));
        } finally {
            closeQuietly(in);
        }
    }

    private synchronized boolean awaitCredit() {
        while (!closed && (paused || inFlight >= MAX_IN_FLIGHT)) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !closed;
    }

    private synchronized boolean isClosedByUs() {
        return closed;
    }

    private void post(Runnable r) {
        try {
            loop.callSoonThreadsafe(r);
        } catch (IllegalStateException loopClosed) {
            synchronized (this) {
                closed = true; // the loop closed under us: stop pumping
            }
        }
    }

    /** On the loop: give one chunk to the protocol, then return its credit to the pump. */
    private void deliver(byte[] chunk) {
        try {
            if (!lost && !isClosedByUs()) {
                owner.pipeDataReceived(fd, ByteBuffer.wrap(chunk));
            }
        } finally {
            synchronized (this) {
                inFlight -= chunk.length;
                notifyAll();
            }
        }
    }

    /** On the loop: EOF, an error, or the pump ended after close. */
    private void lost(Throwable exc) {
        if (!lost) {
            lost = true;
            owner.pipeConnectionLost(fd, exc);
        }
    }

    /** Whether the pipe reached EOF or was closed and reported lost. */
    boolean disconnected() {
        return lost;
    }

    /** The pump thread (tests join it to prove nothing is left running). */
    Thread pumpThread() {
        return pump;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            notifyAll();
        }
        // A pump blocked in read() stays there until the child writes or exits (closing a pipe
        // does not wake a blocked read on Linux); the process transport kills a running child.
        if (LoopHooks.closing(loop)) {
            lost(null);
        } else {
            loop.callSoon(() -> lost(null));
        }
    }

    @Override
    public void abort() {
        close();
    }

    @Override
    public synchronized boolean isClosing() {
        return closed;
    }

    @Override
    public synchronized void pauseReading() {
        paused = true;
    }

    @Override
    public synchronized void resumeReading() {
        paused = false;
        notifyAll();
    }

    @Override
    public synchronized boolean isReading() {
        return !paused && !closed;
    }

    @Override
    public Object getExtraInfo(String name) {
        return "pipe".equals(name) ? in : null;
    }

    @Override
    public void write(byte[] data) {
        throw readOnly();
    }

    @Override
    public void write(ByteBuffer data) {
        throw readOnly();
    }

    @Override
    public void writelines(Iterable<byte[]> data) {
        throw readOnly();
    }

    @Override
    public void writeEof() {
        throw readOnly();
    }

    @Override
    public boolean canWriteEof() {
        return false;
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        throw readOnly();
    }

    @Override
    public int getWriteBufferHighWaterMark() {
        return 0;
    }

    @Override
    public int getWriteBufferLowWaterMark() {
        return 0;
    }

    @Override
    public int getWriteBufferSize() {
        return 0;
    }

    @Override
    public Protocol getProtocol() {
        return null;
    }

    @Override
    public void setProtocol(Protocol protocol) {
        throw new UnsupportedOperationException("a pipe transport calls its SubprocessProtocol");
    }

    private UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("fd " + fd + " of process " + owner.getPid() + " is a read pipe");
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // releasing anyway: nothing more to do with it
        }
    }

    @Override
    public String toString() {
        return "<ReadPipe pid=" + owner.getPid() + " fd=" + fd + (lost ? " closed" : "") + ">";
    }
}
