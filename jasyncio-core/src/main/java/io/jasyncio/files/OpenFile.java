package io.jasyncio.files;

import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.internal.LoopHooks;
import io.jasyncio.internal.Sneaky;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * What the reading and the writing side of one {@link AsyncFile} share: the loop, the blocking
 * file, the mode, the position the file object reports, the last operation handed to a worker,
 * a failure waiting to be raised, and whether the file is closed. Loop-confined.
 *
 * <p>Operations on one file run one after the other, as a buffered Python file's do: each side
 * waits for {@link #inFlight} (the latest operation of either side) before starting one that
 * must not overlap it. A failure whose caller was cancelled (or a write-behind that failed after
 * its {@code write} returned) is {@link #deferred} and raised by the next call, as Python's
 * {@code BufferedWriter} raises a failed flush at the next write, flush or close.
 */
final class OpenFile {
    final EventLoop loop;
    final BlockingFile file;
    final OpenMode mode;
    /** The position the file object reports: every byte before it was read or written by the caller. */
    long pos;
    /** The latest operation handed to a worker (a fetch, a write, a truncate...), or null. */
    Future<?> inFlight;
    /** A failure the next call raises. */
    Throwable deferred;
    /**
     * The first failure of a buffer handed to a worker: bytes the caller was told were accepted
     * never reached the file, so {@code close()} raises it even if an earlier call already did,
     * as Python's {@code close()} raises again for a buffer its failed {@code flush()} kept.
     */
    Throwable writeFailure;
    boolean closed;

    OpenFile(EventLoop loop, BlockingFile file, OpenMode mode, long position) {
        this.loop = loop;
        this.file = file;
        this.mode = mode;
        this.pos = position;
    }

    /** Refuses a call from another loop or on a closed file; raises a deferred failure. */
    void checkOpen() {
        checkUsable();
        raiseDeferred();
    }

    /**
     * Refuses a call from another loop or on a closed file, leaving a deferred failure for the
     * next I/O call: a query such as {@code tell()} does no I/O and raises none, as Python's does not.
     */
    void checkUsable() {
        if (!LoopHooks.inLoop(loop)) {
            throw new IllegalStateException(this + " belongs to another event loop (or none is running)");
        }
        if (closed) {
            throw new IllegalStateException("I/O operation on closed file " + file.path());
        }
    }

    /** Raises the failure a previous operation left for the next call, if any. */
    void raiseDeferred() {
        Throwable d = deferred;
        if (d != null) {
            deferred = null;
            throw Sneaky.raise(d);
        }
    }

    void requireReadable() {
        if (!mode.readable()) {
            throw new IllegalStateException("File not open for reading: mode '" + mode.text() + "'");
        }
    }

    void requireWritable() {
        if (!mode.writable()) {
            throw new IllegalStateException("File not open for writing: mode '" + mode.text() + "'");
        }
    }

    /** Suspends until the latest operation is done, ignoring its failure (its caller saw it). */
    void settleInFlight() {
        FileWorker.settle(inFlight);
    }

    /**
     * Runs {@code io} on a worker as the file's next operation and suspends for its result;
     * {@code apply} updates the state on the loop even if the caller was cancelled meanwhile,
     * and a failure nobody awaited any more is raised by the next call.
     *
     * @throws CancelledError if the calling task is cancelled
     */
    <T> T run(Callable<T> io, Consumer<T> apply) throws IOException {
        Future<T> op = FileWorker.submit(loop, io, apply);
        inFlight = op;
        try {
            return FileWorker.await(op);
        } catch (CancelledError e) {
            op.addDoneCallback(f -> {
                if (f.exception() != null) {
                    deferred = f.exception();
                }
            });
            throw e;
        }
    }

    @Override
    public String toString() {
        return "<AsyncFile name='" + file.path() + "' mode='" + mode.text() + "'" + (closed ? " closed" : "") + ">";
    }
}
