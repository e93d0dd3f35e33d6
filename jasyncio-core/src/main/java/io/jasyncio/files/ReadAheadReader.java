package io.jasyncio.files;

import io.jasyncio.CancelledError;
import io.jasyncio.Future;
import io.jasyncio.internal.Sneaky;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The reading side of an {@link AsyncFile}: it keeps its {@link ReadAhead} fed by workers and
 * hands bytes out of it, moving the file object's position. Loop-confined.
 *
 * <p>A read-only file keeps up to {@link ReadAhead#DEPTH} fetches on their way while the current
 * bytes are consumed, so a worker reads the next chunk while the loop hands out this one. A read
 * whose caller is cancelled gives back what it had consumed ({@link #unread}): the position never
 * moves for a cancelled read, and a fetch that lands after its caller was cancelled stays read
 * ahead for the next reader.
 */
final class ReadAheadReader {
    private final OpenFile f;
    private final int chunk;
    final ReadAhead in;
    /** The fetches on their way, by sequence number modulo {@link ReadAhead#DEPTH}. */
    private final Future<?>[] fetches = new Future<?>[ReadAhead.DEPTH];

    ReadAheadReader(OpenFile f, int chunk) {
        this.f = f;
        this.chunk = chunk;
        this.in = new ReadAhead(chunk, f.mode.binary());
    }

    /** Called by every read once the file is checked: the file may have grown since the end was seen. */
    void begin() {
        if (in.available() == 0) {
            in.lookAgain(); // as Python's reads do: reading at the end looks again
        }
    }

    /** Forgets what was read ahead: a seek or a write made it stale. */
    void clear() {
        in.clear();
    }

    /** At close: the read-ahead's buffers go back to the pool. */
    void release() {
        in.release();
    }

    /** Reads up to {@code n} bytes; fewer only at end of file. Suspends. */
    byte[] readBytes(int n) throws IOException {
        byte[] got = new byte[Math.min(n, Math.max(in.available(), chunk))];
        int done = 0;
        try {
            while (done < n) {
                if (in.available() == 0 && !fillSome()) {
                    break;
                }
                if (done == got.length) {
                    got = Arrays.copyOf(got, (int) Math.min(n, 2L * got.length));
                }
                int k = Math.min(got.length - done, in.available());
                in.copyOut(got, done, k);
                done += k;
                consumed(k);
            }
        } catch (CancelledError e) {
            unread(got, 0, done);
            throw e;
        }
        return done == got.length ? got : Arrays.copyOf(got, done);
    }

    /** Fills {@code b[off, off + len)} unless the file ends first; returns how many. Suspends. */
    int readInto(byte[] b, int off, int len) throws IOException {
        int done = 0;
        try {
            while (done < len) {
                if (in.available() == 0 && !fillSome()) {
                    break;
                }
                int k = Math.min(len - done, in.available());
                in.copyOut(b, off + done, k);
                done += k;
                consumed(k);
            }
        } catch (CancelledError e) {
            unread(b, off, done);
            throw e;
        }
        return done;
    }

    /** Fills {@code dst}'s remaining bytes unless the file ends first; returns how many. Suspends. */
    int readInto(ByteBuffer dst) throws IOException {
        int first = dst.position();
        try {
            while (dst.hasRemaining()) {
                if (in.available() == 0 && !fillSome()) {
                    break;
                }
                int k = Math.min(dst.remaining(), in.available());
                dst.put(dst.position(), in.buf, in.start, k); // one copy, direct to heap or direct to direct
                dst.position(dst.position() + k);
                consumed(k);
            }
        } catch (CancelledError e) {
            byte[] back = new byte[dst.position() - first];
            dst.get(first, back);
            dst.position(first);
            unread(back, 0, back.length);
            throw e;
        }
        return dst.position() - first;
    }

    /** The next line's bytes, with its {@code '\n'}; empty at end of file. Suspends. */
    byte[] readlineBytes() throws IOException {
        int n = lineLength();
        byte[] data = in.take(n);
        f.pos += n;
        prefetch();
        return data;
    }

    /** The byte length of the next line (with its newline), reading ahead until it is whole. Suspends. */
    int lineLength() throws IOException {
        int from = 0;
        while (true) {
            int nl = in.indexOfNewline(from);
            if (nl >= 0) {
                return nl + 1;
            }
            from = in.available();
            if (in.eof) {
                return from;
            }
            fill(from + 1);
        }
    }

    /** The rest of the file: what is read ahead plus one worker call for the remainder. Suspends. */
    byte[] readAll() throws IOException {
        f.settleInFlight();
        while (in.hasLanded() && !in.eof) {
            in.promote();
        }
        in.dropAhead(); // whatever is still on its way is read again below
        int have = in.available();
        long at = f.pos + have;
        byte[] rest = f.run(() -> f.file.readRest(at), r -> { });
        byte[] all = new byte[have + rest.length];
        in.copyOut(all, 0, have);
        System.arraycopy(rest, 0, all, have, rest.length);
        in.clear();
        in.eof = true;
        f.pos += all.length;
        return all;
    }

    /** Reads ahead until {@code want} contiguous bytes are buffered or the end of the file is reached. Suspends. */
    void fill(int want) throws IOException {
        while (in.available() < want && !in.eof) {
            if (in.hasLanded()) {
                in.promote();
                continue;
            }
            if (in.outstanding() > 0) {
                Future<?> next = fetches[in.promoteSeq() % ReadAhead.DEPTH];
                if (!next.done()) {
                    FileWorker.settle(next); // the next bytes are on their way
                    continue;
                }
                in.dropAhead(); // done without landing: it failed (the fetches after it are dropped too)
                throw Sneaky.raise(next.exception());
            }
            if (f.inFlight != null && !f.inFlight.done()) {
                f.settleInFlight(); // a write first
                continue;
            }
            fetch(want - in.available());
        }
        prefetch();
    }

    /** Makes at least one byte available unless the file has ended; false at its end. Suspends. */
    private boolean fillSome() throws IOException {
        fill(1);
        return in.available() > 0;
    }

    /** Moves past {@code n} bytes the caller has taken. */
    void consumed(int n) {
        in.skip(n);
        f.pos += n;
        prefetch();
    }

    private void prefetch() {
        while (f.mode.readOnly() && in.wantsFetch()) {
            fetch(0);
        }
    }

    /**
     * Starts a fetch of at least {@code atLeast} bytes after those already on their way; it lands
     * in the read-ahead on the loop even if the reader that wanted it was cancelled.
     */
    private void fetch(int atLeast) {
        long at = f.pos + in.available() + in.bytesOnTheirWay();
        ReadAhead.Fetch into = in.beginFetch(atLeast);
        Future<Integer> op = FileWorker.submit(f.loop, () -> f.file.readInto(into.into(), into.off(), into.len(), at),
                n -> in.land(into, n));
        op.addDoneCallback(x -> x.exception()); // a failure is raised to the reader that reaches this fetch
        fetches[into.seq() % ReadAhead.DEPTH] = op;
        f.inFlight = op;
    }

    /** Gives back the bytes a cancelled read had consumed: its caller never saw them. */
    private void unread(byte[] b, int off, int n) {
        if (n > 0) {
            in.unread(b, off, n);
            f.pos -= n;
        }
    }
}
