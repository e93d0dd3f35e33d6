package io.jasyncio.internal.proc;

import io.jasyncio.EventLoop;
import io.jasyncio.internal.LoopHooks;
import io.jasyncio.transports.Transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A child's stdout or stderr as a read-only {@link Transport}: asyncio's
 * {@code _UnixReadPipeTransport}, pumped by a platform thread because a JDK process pipe is a
 * blocking stream the selector cannot watch.
 *
 * <p>The pump reads a chunk into a queue, counted "in flight" until the loop has given it to the
 * protocol, and posts one drain callback per batch ({@code callSoonThreadsafe} only when the queue
 * was idle: a fast child costs one loop wake-up per batch, not per chunk). It reads no more while
 * {@value #MAX_IN_FLIGHT} bytes are in flight or reading is paused (a {@code StreamReader} over
 * its limit pauses it): then the pipe fills and the child blocks in its own write, as it would
 * under asyncio. While paused the loop delivers nothing more either (asyncio's
 * {@code pause_reading}), so a reader gets at most one chunk past the point where it paused.
 * EOF and read errors travel through the same queue, after the data before them.
 *
 * <p>Loop-confined, except the fields guarded by {@code this} (shared with the pump thread).
 */
final class ReadPipe implements ReadOnlyPipe {
    static final int CHUNK = 64 * 1024;
    static final int MAX_IN_FLIGHT = 4 * CHUNK;

    private final ProcessTransport owner;
    private final EventLoop loop;
    private final int fd;
    private final InputStream in;
    private final Thread pump;
    /** Guarded by this: chunks read and not yet given to the protocol. */
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    /** Guarded by this: the bytes in {@link #queue} and the chunk being delivered. */
    private int inFlight;
    /** Guarded by this: a drain callback is posted or running. */
    private boolean drainPosted;
    /** Guarded by this: the pump saw EOF or an error; reported once the queue is empty. */
    private boolean ended;
    /** Guarded by this: the error the pump ended with, or null for EOF. */
    private Throwable endError;
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

    @Override
    public void start() {
        pump.start();
    }

    /** The pump thread's body: read until EOF or error, never faster than the loop consumes. */
    private void pump() {
        byte[] buf = new byte[CHUNK];
        Throwable error = null;
        try {
            while (awaitCredit()) {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                if (n > 0) {
                    enqueue(Arrays.copyOf(buf, n));
                }
            }
        } catch (IOException e) {
            error = e;
        } finally {
            closeQuietly(in);
        }
        end(error);
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

    private void enqueue(byte[] chunk) {
        boolean post;
        synchronized (this) {
            queue.add(chunk);
            inFlight += chunk.length;
            post = !drainPosted;
            drainPosted = true;
        }
        if (post) {
            post(this::drain);
        }
    }

    private void end(Throwable error) {
        boolean post;
        synchronized (this) {
            ended = true;
            endError = closed ? null : error; // a read failing because we closed is no error
            post = !drainPosted;
            drainPosted = true;
        }
        if (post) {
            post(this::drain);
        }
    }

    private void post(Runnable r) {
        try {
            loop.callSoonThreadsafe(r);
        } catch (IllegalStateException loopClosed) {
            synchronized (this) {
                closed = true; // the loop closed under us: stop pumping
                notifyAll();
            }
        }
    }

    /** On the loop: give the queued chunks to the protocol, in order, until empty or paused; then EOF. */
    private void drain() {
        while (true) {
            byte[] chunk;
            Throwable endWith = null;
            boolean end = false;
            synchronized (this) {
                chunk = paused || closed ? null : queue.poll();
                if (chunk == null) {
                    end = ended && queue.isEmpty() && !closed;
                    endWith = endError;
                    drainPosted = false; // resumeReading posts again if chunks wait
                }
            }
            if (chunk == null) {
                if (end) {
                    lost(endWith);
                }
                return;
            }
            try {
                if (!lost) {
                    owner.pipeDataReceived(fd, ByteBuffer.wrap(chunk));
                }
            } finally {
                synchronized (this) {
                    inFlight -= chunk.length;
                    notifyAll();
                }
            }
        }
    }

    /** On the loop: EOF, an error, or the pipe was closed. */
    private void lost(Throwable exc) {
        if (!lost) {
            lost = true;
            owner.pipeConnectionLost(fd, exc);
        }
    }

    /** Whether the pipe reached EOF or was closed and reported lost. */
    @Override
    public boolean disconnected() {
        return lost;
    }

    /** The pump thread (tests join it to prove nothing is left running). */
    @Override
    public Thread pumpThread() {
        return pump;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (byte[] c : queue) {
                inFlight -= c.length;
            }
            queue.clear(); // nothing more is delivered: free it now
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
    public void resumeReading() {
        boolean post;
        synchronized (this) {
            paused = false;
            notifyAll();
            post = !drainPosted && (!queue.isEmpty() || ended);
            if (post) {
                drainPosted = true;
            }
        }
        if (post) {
            loop.callSoon(this::drain);
        }
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
    public UnsupportedOperationException readOnly() {
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
