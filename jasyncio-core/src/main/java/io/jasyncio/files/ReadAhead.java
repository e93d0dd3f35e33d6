package io.jasyncio.files;

/**
 * The bytes an {@link AsyncFile} has read ahead: {@code buf[start, end)} are the bytes at the file
 * object's position onwards. Loop-confined. Chunks fetched by a worker are appended; consumed
 * bytes are dropped by moving {@code start}, and the array is compacted only when a chunk does
 * not fit, so a line loop copies each byte about once.
 */
final class ReadAhead {
    byte[] buf = new byte[0];
    int start;
    int end;
    /** The last fetch found the end of the file. */
    boolean eof;

    int available() {
        return end - start;
    }

    void clear() {
        start = 0;
        end = 0;
        eof = false;
    }

    void append(byte[] chunk) {
        if (chunk.length == 0) {
            eof = true;
            return;
        }
        int have = available();
        if (have == 0) {
            buf = chunk; // adopted, not copied: a chunk-sized reader then gets it back as it is
            start = 0;
            end = chunk.length;
            return;
        }
        if (buf.length - end < chunk.length) {
            byte[] target = buf.length - have >= chunk.length ? buf : new byte[Math.max(have + chunk.length, buf.length * 2)];
            System.arraycopy(buf, start, target, 0, have);
            buf = target;
            start = 0;
            end = have;
        }
        System.arraycopy(chunk, 0, buf, end, chunk.length);
        end += chunk.length;
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
        if (start == 0 && n == end && n == buf.length) {
            byte[] whole = buf; // the whole adopted chunk: hand it over without a copy
            buf = new byte[0];
            start = 0;
            end = 0;
            return whole;
        }
        byte[] out = java.util.Arrays.copyOfRange(buf, start, start + n);
        skip(n);
        return out;
    }

    void skip(int n) {
        start += n;
        if (start == end) {
            start = 0;
            end = 0;
        }
    }
}
