package io.jasyncio.files;

import java.nio.ByteBuffer;

/**
 * The bytes an {@link AsyncFile} has read ahead: {@code buf[start, end)} are the bytes at the file
 * object's position onwards (for a binary file in a direct buffer from {@link DirectBufferPool},
 * so a worker's {@code pread} lands in it without the JDK's copy through a temporary direct
 * buffer; for a text file in a heap array, see the constructor), and up to {@link #DEPTH}
 * fetches of the bytes after them are on their way (in flight on workers, or landed) while the
 * loop consumes these. Loop-confined, except
 * that the buffer of a fetch in flight belongs to its worker until the fetch lands.
 *
 * <p>A fetch fills {@code into[slack, slack + len)}. Fetches may land in any order (two workers
 * read at once); each waits in its slot until the current bytes run short, then
 * {@link #promote()} takes the next one in file order, copies what is left of the current bytes
 * (a partial line, usually a few bytes) into the slack in front of it and swaps buffers: consumers
 * always see one contiguous run, and a byte read in bulk is copied once, on the loop, into the
 * caller's array. Fetch sizes start at the buffer size and double while the file is read on, up
 * to {@link #MAX_FETCH}: fewer thread hops for bulk reads, and a small file allocates one buffer.
 * Fetching ahead of the reader keeps a worker busy instead of paying a thread wake-up per fetch.
 */
final class ReadAhead {
    /** The largest fetch: at 1 MiB a thread hop costs well under 1% of the copy. */
    static final int MAX_FETCH = 1 << 20;
    /** Fetches on their way at most: one being read while another waits for the reader. */
    static final int DEPTH = 2;
    private static final ByteBuffer EMPTY = ByteBuffer.allocateDirect(0);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /** A fetch handed to a worker: it reads {@code len} bytes into {@code into} from {@code off}. */
    record Fetch(ByteBuffer into, int off, int len, int epoch, int seq) {}

    /** Direct buffers from the pool (binary files), or heap arrays kept in {@link #spares} (text files). */
    private final boolean direct;
    private final java.util.ArrayDeque<ByteBuffer> spares = new java.util.ArrayDeque<>(DEPTH + 1);
    private final int slack;
    private final int minFetch;
    private final int maxFetch;
    /** Little-endian (as {@link #allocate} makes them): {@link #indexOfNewline} reads it eight bytes at a time. */
    ByteBuffer buf = EMPTY;
    int start;
    int end;
    /** The end of the file follows {@code buf[end]}. */
    boolean eof;
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

    /**
     * A read-ahead for a binary file ({@code direct}: the loop copies each byte once, into the
     * caller's array, and the worker none) or a text file (heap: the worker's JDK copy from its
     * temporary direct buffer runs beside the loop, and the loop decodes each line straight from
     * the array; a direct buffer would put a copy per line on the loop, the busier thread).
     */
    ReadAhead(int bufferSize, boolean direct) {
        this.direct = direct;
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
        ByteBuffer into = allocate(slack + len);
        aheadBytes += len;
        return new Fetch(into, slack, len, epoch, nextSeq++); // the buffer is the worker's until the fetch lands
    }

    private ByteBuffer allocate(int capacity) {
        if (direct) {
            return DirectBufferPool.acquire(capacity);
        }
        ByteBuffer b = spares.poll();
        while (b != null && b.capacity() != capacity) {
            b = spares.poll(); // another size (fetches grew): dropped
        }
        return b != null ? b.clear() : ByteBuffer.allocate(capacity).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    private void recycle(ByteBuffer b) {
        if (b.capacity() == 0) {
            return;
        }
        if (b.isDirect()) {
            DirectBufferPool.release(b);
        } else if (spares.size() <= DEPTH) {
            spares.add(b);
        }
    }

    /** At close: gives the buffers back to the pool (those of fetches in flight go back when they land). */
    void release() {
        clear();
        recycle(buf);
        buf = EMPTY;
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
            f.into.put(f.off - rem, buf, start, rem);
            recycle(buf);
            buf = f.into;
            start = f.off - rem;
            end = f.off + n;
        } else {
            // More left than the slack holds (a line longer than the slack): append, amortised.
            if (buf.capacity() - end < n) {
                if (buf.capacity() - rem >= n) {
                    buf.limit(end).position(start);
                    buf.compact(); // to the front; the limit is the capacity again
                } else {
                    ByteBuffer target = allocate(Math.max(rem + n, buf.capacity() * 2));
                    target.put(0, buf, start, rem);
                    recycle(buf);
                    buf = target;
                }
                start = 0;
                end = rem;
            }
            buf.put(end, f.into, f.off, n);
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
        if (buf.capacity() < n) {
            recycle(buf);
            buf = allocate(n);
        }
        buf.put(0, src, off, n);
        start = 0;
        end = n;
    }

    /**
     * The offset from {@code start} of the first {@code '\n'} at or after offset {@code from}, or
     * -1. Eight bytes at a time: a byte of {@code v = word ^ 0x0A..} is zero where the word has a
     * newline, and {@code (v - 0x01..) & ~v & 0x80..} flags the lowest zero byte exactly (a borrow
     * can only flag bytes above it), the first in a little-endian word.
     */
    int indexOfNewline(int from) {
        ByteBuffer b = buf;
        int i = start + from;
        int e = end;
        for (; i + Long.BYTES <= e; i += Long.BYTES) {
            long v = b.getLong(i) ^ NEWLINES;
            long found = (v - ONES) & ~v & HIGHS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3) - start;
            }
        }
        for (; i < e; i++) {
            if (b.get(i) == '\n') {
                return i - start;
            }
        }
        return -1;
    }

    /** Copies the first {@code n} bytes to {@code dst[off, off + n)}, leaving them in place. */
    void copyOut(byte[] dst, int off, int n) {
        buf.get(start, dst, off, n);
    }

    /** Takes the first {@code n} bytes out. */
    byte[] take(int n) {
        byte[] out = new byte[n];
        buf.get(start, out, 0, n);
        skip(n);
        return out;
    }

    void skip(int n) {
        start += n;
    }
}
