package io.jasyncio.client;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Undoes a response's gzip or deflate Content-Encoding piece by piece, as the body is read
 * (aiohttp's {@code ZLibDecompressor} inside its payload parser), so a streamed body is never
 * held whole. "deflate" may be zlib-wrapped (the RFC) or raw (some servers): both are accepted,
 * as aiohttp does. Loop-confined; one per response.
 */
final class BodyDecoder {
    private final String coding;
    private final boolean gzip;
    private Inflater inflater;
    private final CRC32 crc = new CRC32();
    private final ByteArrayOutputStream header = new ByteArrayOutputStream();
    private final ByteArrayOutputStream trailer = new ByteArrayOutputStream();
    private long inflatedSize;
    private byte[] input;
    private int inputEnd;
    private final byte[] out = new byte[32 * 1024];

    private BodyDecoder(String coding) {
        this.coding = coding;
        this.gzip = !coding.equals("deflate");
    }

    /** A decoder for this Content-Encoding, or null when the bytes pass as they are. */
    static BodyDecoder forEncoding(String contentEncoding) {
        if (contentEncoding == null) {
            return null;
        }
        String c = contentEncoding.trim().toLowerCase(Locale.ROOT);
        return switch (c) {
            case "gzip", "x-gzip", "deflate" -> new BodyDecoder(c);
            default -> null; // identity, or an encoding we do not know: the bytes as sent, as aiohttp does
        };
    }

    /** Takes the next compressed bytes; {@link #inflateSome} decodes them. */
    void feed(ByteBuffer data) throws ClientPayloadError {
        byte[] in = new byte[data.remaining()];
        data.get(in);
        int off = 0;
        if (inflater == null) {
            header.writeBytes(in);
            byte[] h = header.toByteArray();
            int start = gzip ? gzipHeaderLength(h) : deflateStart(h);
            if (start < 0) {
                return; // the header is not complete yet
            }
            in = h;
            off = start;
        }
        if (inflater.finished()) {
            trailer.write(in, off, in.length - off);
            return;
        }
        int left = inflater.getRemaining();
        if (left > 0) { // input not inflated yet stays first
            byte[] joined = new byte[left + in.length - off];
            System.arraycopy(input, inputEnd - left, joined, 0, left);
            System.arraycopy(in, off, joined, left, in.length - off);
            in = joined;
            off = 0;
        }
        input = in;
        inputEnd = in.length;
        inflater.setInput(in, off, in.length - off);
    }

    /** Whether compressed bytes are waiting to be inflated. */
    boolean hasPending() {
        return inflater != null && !inflater.finished() && inflater.getRemaining() > 0;
    }

    /**
     * Inflates what is waiting, at most about {@code max} bytes of output: a small compressed
     * read that inflates to a huge body (a "zip bomb") is handed out piece by piece.
     */
    byte[] inflateSome(int max) throws ClientPayloadError {
        if (inflater == null || inflater.finished()) {
            return new byte[0];
        }
        ByteArrayOutputStream result = new ByteArrayOutputStream();
        try {
            while (result.size() < max && !inflater.finished() && !inflater.needsInput()) {
                int n = inflater.inflate(out);
                if (n == 0 && inflater.needsDictionary()) {
                    throw new DataFormatException("a preset dictionary is needed");
                }
                crc.update(out, 0, n);
                inflatedSize += n;
                result.write(out, 0, n);
            }
        } catch (DataFormatException e) {
            throw new ClientPayloadError("Can not decode content-encoding: " + coding, e);
        }
        if (inflater.finished()) {
            int rest = inflater.getRemaining();
            trailer.write(input, inputEnd - rest, rest);
        }
        return result.toByteArray();
    }

    /** The body ended: checks the stream was complete (and the gzip trailer's CRC and size). */
    void finish() throws ClientPayloadError {
        try {
            check();
        } finally {
            close();
        }
    }

    private void check() throws ClientPayloadError {
        if (inflater == null && header.size() == 0) {
            return; // an empty body is empty, whatever its Content-Encoding says
        }
        if (inflater == null || !inflater.finished()) {
            throw new ClientPayloadError("Can not decode content-encoding: " + coding + " (the compressed stream is cut short)");
        }
        if (gzip) {
            byte[] t = trailer.toByteArray();
            if (t.length < 8) {
                throw new ClientPayloadError("Can not decode content-encoding: gzip (no trailer)");
            }
            long crcSent = le32(t, 0);
            long sizeSent = le32(t, 4);
            if (crcSent != crc.getValue() || sizeSent != (inflatedSize & 0xffffffffL)) {
                throw new ClientPayloadError("Can not decode content-encoding: gzip (CRC or size mismatch)");
            }
        }
    }

    /** Frees the native inflater (idempotent). */
    void close() {
        if (inflater != null) {
            inflater.end();
        }
    }

    /** The gzip header's length (RFC 1952 §2.3), -1 while incomplete; creates the raw inflater. */
    private int gzipHeaderLength(byte[] h) throws ClientPayloadError {
        if (h.length < 10) {
            return -1;
        }
        if ((h[0] & 0xff) != 0x1f || (h[1] & 0xff) != 0x8b || h[2] != 8) {
            throw new ClientPayloadError("Can not decode content-encoding: gzip (not a gzip stream)");
        }
        int flags = h[3] & 0xff;
        int p = 10;
        if ((flags & 4) != 0) { // FEXTRA
            if (h.length < p + 2) {
                return -1;
            }
            p += 2 + ((h[p] & 0xff) | (h[p + 1] & 0xff) << 8);
        }
        for (int bit : new int[] {8, 16}) { // FNAME, FCOMMENT: zero-terminated
            if ((flags & bit) != 0) {
                while (p < h.length && h[p] != 0) {
                    p++;
                }
                if (p >= h.length) {
                    return -1;
                }
                p++;
            }
        }
        if ((flags & 2) != 0) { // FHCRC
            p += 2;
        }
        if (p > h.length) {
            return -1;
        }
        inflater = new Inflater(true);
        return p;
    }

    /** zlib-wrapped (RFC 1950: CM 8 and a header checksum) or raw deflate; -1 until two bytes came. */
    private int deflateStart(byte[] h) {
        if (h.length < 2) {
            return -1;
        }
        int cmf = h[0] & 0xff;
        boolean zlib = (cmf & 0x0f) == 8 && ((cmf << 8) | (h[1] & 0xff)) % 31 == 0;
        inflater = new Inflater(!zlib);
        return 0;
    }

    private static long le32(byte[] b, int off) {
        return (b[off] & 0xffL) | (b[off + 1] & 0xffL) << 8 | (b[off + 2] & 0xffL) << 16 | (b[off + 3] & 0xffL) << 24;
    }
}
