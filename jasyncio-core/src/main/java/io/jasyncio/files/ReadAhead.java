package io.jasyncio.files;

import java.util.Arrays;

/**
 * The bytes an {@link AsyncFile} has read ahead: {@code buf[start, end)} are the bytes at the file
 * object's position onwards, and up to {@link #DEPTH} fetches of the bytes after them are on
 * their way (in flight on workers, or landed) while the loop consumes these. Loop-confined, except
 * that the array of a fetch in flight belongs to its worker until the fetch lands.
 *
 * <p>A fetch fills {@code into[slack, slack + len)}. Fetches may land in any order (two workers
 * read at once); each waits in its slot until the current bytes run short, then
 * {@link #promote()} takes the next one in file order, copies what is left of the current bytes
 * (a partial line, usually a few bytes) into the slack in front of it and swaps arrays: consumers
 * always see one contiguous run, and a byte read in bulk is copied on the loop only into the
 * caller's array. Fetch sizes start at the buffer size and double while the file is read on, up
 * to {@link #MAX_FETCH}: fewer thread hops for bulk reads, and a small file allocates one buffer.
 * Fetching ahead of the reader keeps a worker busy instead of paying a thread wake-up per fetch.
 */
final class ReadAhead {
    /** The largest fetch: at 1 MiB a thread hop costs well under 1% of the copy. */
    static final int MAX_FETCH = 1 << 20;
    /** Fetches on their way at most: one being read while another waits for the reader. */
    static final int DEPTH = 2;
    private static final byte[] EMPTY = new byte[0];

    /** A fetch handed to a worker: it reads {@code len} bytes into {@code into} from {@code off}. */
    record Fetch(byte[] into, int off, int len, int epoch, int seq) {}

    private final int slack;
    private final int minFetch;
    private final int maxFetch;
    byte[] buf = EMPTY;
    int start;
    int end;
    /** The end of the file follows {@code buf[end]}. */
    boolean eof;
    private final java.util.ArrayDeque<byte[]> spares = new java.util.ArrayDeque<>(DEPTH + 1);
    private final Fetch[] landed = new Fetch[DEPTH];
    private final int[] landedLen = new int[DEPTH];
    /** The sequence number of the next fetch to begin, and of the next to promote. */
    private int nextSeq;
    private int promoteSeq;
    /** A fetch of this epoch came back short: fetching further ahead is pointless. */
    private boolean endSeen;
    /** The bytes asked for by the fetches on their way: the next one starts after them. */
    private long aheadBytes;
    private int fetchSize;
    private int epoch;

    ReadAhead(int bufferSize) {
        this.slack = Math.min(bufferSize, 64 * 1024);
        this.minFetch = bufferSize;
        this.maxFetch = Math.max(bufferSize, MAX_FETCH);
        this.fetchSize = bufferSize;
    }

    int available() {
        return end - start;
    }

    /** The next fetch in file order has landed and waits for {@link #promote()}. */
    boolean hasLanded() {
        return landed[promoteSeq % DEPTH] != null;
    }

    /** Fetches begun in this epoch and not yet promoted (in flight or landed). */
    int outstanding() {
        return nextSeq - promoteSeq;
    }

    long bytesOnTheirWay() {
        return aheadBytes;
    }

    /** The sequence number of the next fetch to promote (whose landing a reader waits for). */
    int promoteSeq() {
        return promoteSeq;
    }

    /** Whether the next fetch should begin: fewer than DEPTH on their way and the end not seen. */
    boolean wantsFetch() {
        return !eof && !endSeen && outstanding() < DEPTH;
    }

    /**
     * Forgets everything read ahead (after a seek or a write). Fetches still in flight land
     * nowhere: their epoch is stale.
     */
    void clear() {
        start = 0;
        end = 0;
        eof = false;
        dropAhead();
    }

    /** Forgets the fetches on their way (one failed), keeping the current bytes. */
    void dropAhead() {
        for (int i = 0; i < DEPTH; i++) {
            if (landed[i] != null) {
                recycle(landed[i].into);
                landed[i] = null;
            }
        }
        epoch++;
        promoteSeq = nextSeq;
        aheadBytes = 0;
        endSeen = false;
        fetchSize = minFetch;
    }

    /** The reader found the end: the file may have grown since, so looking again is allowed. */
    void lookAgain() {
        eof = false;
        if (outstanding() == 0) {
            endSeen = false;
        }
    }

    /**
     * Prepares a fetch of at least {@code atLeast} bytes (more while the file is read on), for
     * the bytes after those of the fetches already on their way. Call only if {@link #outstanding()}
     * is below {@link #DEPTH}.
     */
    Fetch beginFetch(int atLeast) {
        int len = Math.max(fetchSize, atLeast);
        fetchSize = (int) Math.min(maxFetch, 2L * fetchSize);
        byte[] into = spares.poll();
        while (into != null && into.length < slack + len) {
            into = spares.poll(); // too small now that fetches grew: dropped
        }
        if (into == null) {
            into = new byte[slack + len];
        }
        aheadBytes += len;
        return new Fetch(into, slack, len, epoch, nextSeq++); // the array is the worker's until the fetch lands
    }

    private void recycle(byte[] b) {
        if (spares.size() <= DEPTH) {
            spares.add(b);
        }
    }

    /** A fetch's worker read {@code n} bytes (fewer than asked: end of file). On the loop. */
    void land(Fetch f, int n) {
        if (f.epoch != epoch) {
            recycle(f.into); // stale (cleared meanwhile): only the array is worth keeping
            return;
        }
        landed[f.seq % DEPTH] = f;
        landedLen[f.seq % DEPTH] = n;
        if (n < f.len) {
            endSeen = true;
        }
    }

    /** Appends the next landed fetch (in file order) to the current bytes. */
    void promote() {
        int slot = promoteSeq++ % DEPTH;
        Fetch f = landed[slot];
        int n = landedLen[slot];
        landed[slot] = null;
        aheadBytes -= f.len;
        boolean atEnd = n < f.len;
        int rem = available();
        if (n == 0) {
            recycle(f.into);
        } else if (rem <= f.off) {
            System.arraycopy(buf, start, f.into, f.off - rem, rem);
            if (buf.length > 0) {
                recycle(buf);
            }
            buf = f.into;
            start = f.off - rem;
            end = f.off + n;
        } else {
            // More left than the slack holds (a line longer than the slack): append, amortised.
            if (buf.length - end < n) {
                byte[] target = buf.length - rem >= n ? buf : new byte[Math.max(rem + n, buf.length * 2)];
                System.arraycopy(buf, start, target, 0, rem);
                buf = target;
                start = 0;
                end = rem;
            }
            System.arraycopy(f.into, f.off, buf, end, n);
            end += n;
            recycle(f.into);
        }
        eof = atEnd;
        if (atEnd) {
            dropAhead(); // fetches begun after a short one found nothing; after the end, look again afresh
        }
    }

    /**
     * Puts {@code n} bytes a cancelled call had consumed back in front, so the position it
     * reports never moves. Call only when nothing is available.
     */
    void unread(byte[] src, int off, int n) {
        if (buf.length < n) {
            buf = new byte[n];
        }
        System.arraycopy(src, off, buf, 0, n);
        start = 0;
        end = n;
    }

    /** The offset from {@code start} of the first {@code '\n'} at or after offset {@code from}, or -1. */
    int indexOfNewline(int from) {
        byte[] b = buf;
        for (int i = start + from, e = end; i < e; i++) {
            if (b[i] == '\n') {
                return i - start;
            }
        }
        return -1;
    }

    /** Takes the first {@code n} bytes out. */
    byte[] take(int n) {
        byte[] out = Arrays.copyOfRange(buf, start, start + n);
        skip(n);
        return out;
    }

    void skip(int n) {
        start += n;
    }
}
