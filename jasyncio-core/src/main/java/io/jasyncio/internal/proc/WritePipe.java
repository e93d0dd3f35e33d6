package io.jasyncio.internal.proc;

import io.jasyncio.internal.WaterMarks;

import io.jasyncio.EventLoop;
import io.jasyncio.internal.LoopHooks;
import io.jasyncio.subprocess.BrokenPipeError;
import io.jasyncio.transports.Transport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * A child's stdin as a write-only {@link Transport}: asyncio's {@code _UnixWritePipeTransport},
 * drained by a platform thread because a JDK process pipe is a blocking stream.
 *
 * <p>{@link #write} queues a copy and never blocks; the pump thread writes the queue to the pipe
 * (blocking when the child does not read). When more than the high-water mark waits, the protocol
 * gets {@code pauseWriting} ({@code StreamWriter.drain()} then suspends); when the pump has
 * written it down to the low-water mark, {@code resumeWriting}. A write error (the child exited or
 * closed its stdin) drops the queue and reports {@link BrokenPipeError} through
 * {@code pipeConnectionLost}, which {@code drain()} raises.
 *
 * <p>Loop-confined, except the fields guarded by {@code this} (shared with the pump thread).
 */
final class WritePipe implements WriteOnlyPipe {
    private static final int DEFAULT_HIGH = 64 * 1024;

    private final ProcessTransport owner;
    private final EventLoop loop;
    private final OutputStream out;
    private final Thread pump;
    /** Guarded by this. */
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    /** Guarded by this: bytes queued or being written. */
    private int buffered;
    /** Guarded by this: no more writes; the pump closes the pipe after the queue. */
    private boolean eof;
    /** Guarded by this: drop the queue, close at once. */
    private boolean aborted;
    /** Guarded by this: the pump posted a resume check that has not run yet. */
    private boolean resumePosted;
    private volatile boolean paused;
    private int high = DEFAULT_HIGH;
    private int low = DEFAULT_HIGH / 4;
    private boolean closing;
    private boolean lost;

    WritePipe(ProcessTransport owner, EventLoop loop, OutputStream out) {
        this.owner = owner;
        this.loop = loop;
        this.out = out;
        this.pump = Thread.ofPlatform().daemon().name("jasyncio-pipe-" + owner.getPid() + "-fd0")
                .unstarted(this::pump);
    }

    @Override
    public void start() {
        pump.start();
    }

    /** The pump thread's body: write what is queued until EOF, abort or a write error. */
    private void pump() {
        Throwable failure = null;
        try {
            byte[] chunk;
            while ((chunk = take()) != null) {
                out.write(chunk);
                out.flush();
                written(chunk.length);
            }
        } catch (IOException e) {
            failure = e;
        } finally {
            ReadPipe.closeQuietly(out);
        }
        Throwable exc = failure == null || isAborted() ? null
                : new BrokenPipeError("Broken pipe: cannot write to the stdin of process " + owner.getPid()
                        + " (it exited or closed its stdin)", failure);
        post(() -> lost(exc));
    }

    private synchronized byte[] take() {
        while (queue.isEmpty() && !eof && !aborted) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return aborted ? null : queue.poll();
    }

    private synchronized boolean isAborted() {
        return aborted;
    }

    private void written(int n) {
        boolean post;
        synchronized (this) {
            buffered -= n;
            post = paused && buffered <= low && !resumePosted;
            if (post) {
                resumePosted = true;
            }
        }
        if (post) {
            post(this::maybeResume);
        }
    }

    private void post(Runnable r) {
        try {
            loop.callSoonThreadsafe(r);
        } catch (IllegalStateException loopClosed) {
            abortQueue(); // nobody will hear of it: stop writing
        }
    }

    /** On the loop: the pump got the buffer down to the low-water mark. */
    private void maybeResume() {
        boolean resume;
        synchronized (this) {
            resumePosted = false;
            resume = paused && buffered <= low && !lost;
        }
        if (resume) {
            paused = false;
            owner.protocolResumeWriting();
        }
    }

    /** On the loop: the pump ended. */
    private void lost(Throwable exc) {
        if (lost) {
            return;
        }
        lost = true;
        closing = true;
        synchronized (this) {
            queue.clear();
            buffered = 0;
        }
        owner.pipeConnectionLost(0, exc);
    }

    /**
     * On the loop: the child exited. Nothing more can be written: fail now (asyncio's write pipe
     * sees the pipe's EOF and closes with {@code BrokenPipeError} when data was pending), so that a
     * later write and {@code drain()} raise instead of waiting for a pump that cannot write.
     */
    @Override
    public void childExited() {
        if (lost) {
            return;
        }
        boolean cleanEof;
        synchronized (this) {
            cleanEof = eof && buffered == 0;
        }
        abortQueue();
        lost(cleanEof ? null : new BrokenPipeError("Broken pipe: process " + owner.getPid() + " has exited", null));
    }

    private synchronized void abortQueue() {
        aborted = true;
        queue.clear();
        notifyAll();
    }

    @Override
    public boolean disconnected() {
        return lost;
    }

    @Override
    public Thread pumpThread() {
        return pump;
    }

    @Override
    public void write(ByteBuffer data) {
        if (closing && !lost) {
            throw new IllegalStateException("the stdin pipe of process " + owner.getPid() + " is closed");
        }
        int n = data.remaining();
        if (lost || n == 0) {
            data.position(data.limit());
            return; // as asyncio: writes after the pipe broke are dropped; drain() reports it
        }
        byte[] copy = new byte[n];
        data.get(copy);
        int now;
        synchronized (this) {
            queue.add(copy);
            buffered += n;
            now = buffered;
            notifyAll();
        }
        if (!paused && now > high) {
            paused = true;
            owner.protocolPauseWriting();
        }
    }

    @Override
    public void writeEof() {
        if (closing) {
            return;
        }
        closing = true;
        synchronized (this) {
            eof = true;
            notifyAll();
        }
    }

    /** Closes stdin once the queue is written (the child then reads EOF). */
    @Override
    public void close() {
        writeEof();
    }

    /** Closes stdin at once, dropping what is queued. */
    @Override
    public void abort() {
        closing = true;
        abortQueue();
        if (LoopHooks.closing(loop)) {
            lost(null);
        }
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        // asyncio's rule, as the socket transport: high defaults to 4 × a given low.
        WaterMarks marks = WaterMarks.resolve(high, low, DEFAULT_HIGH);
        this.high = marks.high();
        this.low = marks.low();
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
    public synchronized int getWriteBufferSize() {
        return buffered;
    }

    @Override
    public Object getExtraInfo(String name) {
        return "pipe".equals(name) ? out : null;
    }

    @Override
    public long pid() {
        return owner.getPid();
    }

    @Override
    public String toString() {
        return "<WritePipe pid=" + owner.getPid() + " fd=0" + (lost ? " closed" : "") + ">";
    }
}
