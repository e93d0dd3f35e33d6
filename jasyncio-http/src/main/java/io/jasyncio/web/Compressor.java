package io.jasyncio.web;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip or deflate (zlib) compression of a response body, streaming: each write is flushed
 * (SYNC_FLUSH) so a streamed response reaches the client piece by piece, as aiohttp's
 * {@code ZLibCompressor} does.
 */
final class Compressor {
    private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final boolean gzip;
    private final Deflater deflater;
    private final CRC32 crc = new CRC32();
    private boolean started;
    private final byte[] scratch = new byte[8192];

    Compressor(String coding) {
        this.gzip = coding.equals("gzip");
        this.deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, gzip);
    }

    /** The coding to use for an {@code Accept-Encoding} value (gzip first, then deflate), or null. */
    static String choose(String acceptEncoding) {
        if (acceptEncoding == null) {
            return null;
        }
        String a = acceptEncoding.toLowerCase(java.util.Locale.ROOT);
        if (accepts(a, "gzip")) {
            return "gzip";
        }
        return accepts(a, "deflate") ? "deflate" : null;
    }

    private static boolean accepts(String header, String coding) {
        for (String part : header.split(",")) {
            String[] kv = part.trim().split(";");
            if (kv[0].trim().equals(coding)) {
                for (int i = 1; i < kv.length; i++) {
                    String p = kv[i].trim();
                    if (p.startsWith("q=") && Double.parseDouble(p.substring(2).trim()) == 0) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    /** Compresses {@code data}; with {@code last} the stream is finished (trailer included). */
    byte[] compress(byte[] data, boolean last) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
        if (!started) {
            started = true;
            if (gzip) {
                out.writeBytes(GZIP_HEADER);
            }
        }
        if (gzip) {
            crc.update(data);
        }
        deflater.setInput(data);
        if (last) {
            deflater.finish();
            while (!deflater.finished()) {
                out.write(scratch, 0, deflater.deflate(scratch));
            }
            if (gzip) {
                writeIntLe(out, (int) crc.getValue());
                writeIntLe(out, (int) deflater.getBytesRead());
            }
            deflater.end();
        } else {
            int n;
            do {
                n = deflater.deflate(scratch, 0, scratch.length, Deflater.SYNC_FLUSH);
                out.write(scratch, 0, n);
            } while (n == scratch.length);
        }
        return out.toByteArray();
    }

    private static void writeIntLe(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }
}
