package io.jasyncio.files;

import io.jasyncio.Future;
import io.jasyncio.internal.LoopHooks;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The writing side of an {@link AsyncFile}: writes are buffered and handed to a worker without
 * waiting when the buffer fills, on {@code flush()} and on {@code close()}. Up to
 * {@link #WRITE_DEPTH} buffers may be in transit while the next fills; a worker writes them in
 * order without a thread hop between them ({@link BlockingFile#drain}). Loop-confined.
 *
 * <p>A write is acknowledged when {@link #put} returns: from then on it reaches the file even if
 * a later call is cancelled or the loop closes first. A buffer that fails to be written fails
 * the file object's next call, as Python's {@code BufferedWriter} raises a failed flush from its
 * next write, flush or close.
 */
final class WriteBehind {
    /** Buffers in transit at most while the next one fills: a worker writes one, the next waits. */
    private static final int WRITE_DEPTH = 2;

    private final OpenFile f;
    private final int maxWrite;
    private byte[] out;
    private int outLen;
    /** The writes in transit, oldest first: when each is written, and its buffer (free again then). */
    private final ArrayDeque<Future<Long>> writes = new ArrayDeque<>(WRITE_DEPTH);
    private final ArrayDeque<byte[]> writeBuffers = new ArrayDeque<>(WRITE_DEPTH);
    private byte[] outSpare;

    WriteBehind(OpenFile f, int chunk) {
        this.f = f;
        this.maxWrite = Math.max(chunk, ReadAhead.MAX_FETCH);
        this.out = new byte[f.mode.writable() ? chunk : 0];
    }

    /** Bytes accepted and not yet handed to a worker. */
    int buffered() {
        return outLen;
    }

    /**
     * Accepts {@code b[off, off + len)} at the position. Suspends only when the buffer is full and
     * {@link #WRITE_DEPTH} buffers are still in transit; a cancel there accepts none of it.
     */
    void put(byte[] b, int off, int len) throws IOException {
        if (len <= out.length - outLen) {
            System.arraycopy(b, off, out, outLen, len);
            outLen += len;
            f.pos += len;
            return;
        }
        awaitPreviousWrite(); // the only suspension: a cancel here accepts none of this write
        long at = f.pos - outLen;
        int first = out.length - outLen;
        System.arraycopy(b, off, out, outLen, first);
        byte[] full = out;
        out = freeBuffer((int) Math.min(maxWrite, 2L * out.length)); // grows while the file is written on
        outLen = 0;
        int rest = len - first;
        if (rest <= out.length) {
            handOver(full, full.length, at, null);
            System.arraycopy(b, off + first, out, 0, rest);
            outLen = rest;
        } else {
            handOver(full, full.length, at, Arrays.copyOfRange(b, off + first, off + len)); // the caller may reuse its array at once
        }
        f.pos += len;
    }

    /** Hands the buffer to a worker; suspends only while the previous writes are in transit. */
    void flushBuffer() throws IOException {
        if (outLen == 0) {
            return;
        }
        awaitPreviousWrite(); // before the buffer is swapped: a cancel here leaves it in place
        byte[] data = out;
        int len = outLen;
        out = freeBuffer(out.length);
        outLen = 0;
        handOver(data, len, f.pos - len, null);
    }

    /**
     * At {@code close()}: queues the buffer for the close to write (it is written even if the loop
     * closes first), without a landing of its own. Does not suspend.
     */
    void handOverForClose() {
        if (outLen > 0) {
            f.file.handOver(out, outLen, f.pos - outLen, null);
            outLen = 0;
        }
    }

    /** At loop close, on the closing thread: writes everything accepted, then closes the file. */
    void closeWithLoop() throws IOException {
        int len = outLen;
        outLen = 0;
        f.file.closeWriting(out, len, f.pos - len);
    }

    /**
     * A buffer of at least {@code size} bytes for the next writes: the one of the write that last
     * completed when it is large enough (called after {@link #awaitPreviousWrite}).
     */
    private byte[] freeBuffer(int size) {
        byte[] b = outSpare;
        if (b != null && b.length >= size) {
            outSpare = null;
            return b;
        }
        return new byte[size];
    }

    /**
     * Waits until fewer than {@link #WRITE_DEPTH} buffers are in transit, so one is written while
     * another waits and the caller fills the next. Written buffers are free again; a failure is
     * raised here, as a buffered writer's is by its next call.
     */
    private void awaitPreviousWrite() {
        reapWrites();
        while (writes.size() >= WRITE_DEPTH) {
            FileWorker.settle(writes.peekFirst()); // in order: the oldest lands first
            reapWrites();
        }
        if (f.inFlight != null && !f.inFlight.done() && f.inFlight != writes.peekLast()) {
            f.settleInFlight(); // some other operation first
        }
        f.checkOpen(); // raises the failure of a previous write, if any
    }

    private void reapWrites() {
        while (!writes.isEmpty() && writes.peekFirst().done()) {
            writes.poll();
            byte[] b = writeBuffers.poll();
            if (b != null && b.length <= maxWrite && (outSpare == null || b.length > outSpare.length)) {
                outSpare = b;
            }
        }
    }

    /**
     * Called after {@link #awaitPreviousWrite}; does not suspend. Queues {@code data[0, len)} at
     * {@code at}, then {@code tail} (a copy of an oversized write, or null) right after it; a
     * worker drains the queue in order.
     */
    private void handOver(byte[] data, int len, long at, byte[] tail) {
        queueWrite(data, len, at, true);
        if (tail != null) {
            queueWrite(tail, tail.length, at + len, false);
        }
    }

    private void queueWrite(byte[] data, int len, long at, boolean reusable) {
        Future<Long> landed = f.loop.createFuture();
        LoopHooks.holdVirtualClock(f.loop); // another thread calls back: a virtual clock must wait for it
        writes.add(landed);
        writeBuffers.add(reusable ? data : new byte[0]);
        f.inFlight = landed;
        if (f.file.handOver(data, len, at, outcome -> landFromWorker(landed, outcome))) {
            FileWorker.execute(f.file::drain);
        }
    }

    /** One buffer was written (or failed): {@code landed} completes on the loop, from the worker that wrote it. */
    private void landFromWorker(Future<Long> landed, Object outcome) {
        try {
            f.loop.callSoonThreadsafe(() -> {
                LoopHooks.releaseVirtualClock(f.loop);
                if (outcome instanceof Throwable t) {
                    f.deferred = t; // the next call raises it
                    if (f.writeFailure == null) {
                        f.writeFailure = t;
                    }
                    landed.setException(t);
                    landed.exception(); // retrieved: deferred reports it
                } else {
                    if (f.mode.append()) {
                        f.pos = (Long) outcome + outLen; // appends land at the end, wherever that is now
                    }
                    landed.setResult((Long) outcome);
                }
            });
        } catch (IllegalStateException closed) {
            // The loop closed meanwhile; its close() wrote and closed the file.
        }
    }
}
