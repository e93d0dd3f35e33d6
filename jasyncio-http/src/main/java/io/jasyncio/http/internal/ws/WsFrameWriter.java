package io.jasyncio.http.internal.ws;

import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * Builds WebSocket frames (RFC 6455 §5.2), masked on the client side, with permessage-deflate
 * (RFC 7692, no context takeover) when negotiated: aiohttp's {@code WebSocketWriter}. A window
 * under 15 bits asked by the peer is kept by compressing a message longer than the window
 * Huffman-only ({@link PermessageDeflate} says why).
 *
 * <p>Loop-confined.
 */
public final class WsFrameWriter {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final boolean mask;
    private final boolean deflate;
    private final int window;
    private Deflater deflater;
    private Deflater huffmanOnly;

    /** A writer; {@code mask}: true on the client side; {@code deflate}: permessage-deflate negotiated (15-bit window). */
    public WsFrameWriter(boolean mask, boolean deflate) {
        this(mask, deflate ? 15 : 0);
    }

    /**
     * A writer; {@code mask}: true on the client side; {@code windowBits}: 0 without
     * permessage-deflate, else the window (8..15) the peer lets us use.
     */
    public WsFrameWriter(boolean mask, int windowBits) {
        if (windowBits != 0 && (windowBits < 8 || windowBits > 15)) {
            throw new IllegalArgumentException("windowBits must be 0 or 8..15: " + windowBits);
        }
        this.mask = mask;
        this.deflate = windowBits != 0;
        this.window = windowBits == 15 ? Integer.MAX_VALUE : 1 << windowBits; // the JDK's own window is 15 bits
    }

    /** One final frame carrying {@code payload} with {@code opcode} (data frames compressed if negotiated). */
    public byte[] frame(int opcode, byte[] payload) {
        boolean compress = deflate && opcode < 8 && payload.length > 0;
        byte[] data = compress ? compress(payload) : payload;
        int len = data.length;
        int headerLen = 2 + (len < 126 ? 0 : len < 65536 ? 2 : 8) + (mask ? 4 : 0);
        byte[] out = new byte[headerLen + len];
        out[0] = (byte) (0x80 | (compress ? 0x40 : 0) | opcode);
        int p;
        if (len < 126) {
            out[1] = (byte) len;
            p = 2;
        } else if (len < 65536) {
            out[1] = 126;
            out[2] = (byte) (len >>> 8);
            out[3] = (byte) len;
            p = 4;
        } else {
            out[1] = 127;
            for (int i = 0; i < 8; i++) {
                out[2 + i] = (byte) ((long) len >>> (56 - 8 * i));
            }
            p = 10;
        }
        if (mask) {
            out[1] |= (byte) 0x80;
            byte[] key = new byte[4];
            RANDOM.nextBytes(key);
            System.arraycopy(key, 0, out, p, 4);
            p += 4;
            for (int i = 0; i < len; i++) {
                out[p + i] = (byte) (data[i] ^ key[i & 3]);
            }
        } else {
            System.arraycopy(data, 0, out, p, len);
        }
        return out;
    }

    /** A close frame with a code and a reason (UTF-8, cut to fit 125 bytes). */
    public byte[] close(int code, byte[] reason) {
        byte[] r = reason.length > 123 ? Arrays.copyOf(reason, 123) : reason;
        byte[] payload = new byte[2 + r.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(r, 0, payload, 2, r.length);
        return frame(8, payload);
    }

    private byte[] compress(byte[] payload) {
        Deflater deflater = payload.length <= window ? matching() : huffmanOnly();
        deflater.reset(); // no context takeover: each message on its own
        deflater.setInput(payload);
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length / 2 + 16);
        byte[] buf = new byte[8192];
        int n;
        do {
            n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            out.write(buf, 0, n);
        } while (n == buf.length || !deflater.needsInput()); // a first call after setStrategy only applies it
        byte[] all = out.toByteArray();
        // RFC 7692 §7.2.1: drop the 0x00 0x00 0xff 0xff the sync flush ends with
        return Arrays.copyOf(all, all.length - 4);
    }

    private Deflater matching() {
        if (deflater == null) {
            deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        }
        return deflater;
    }

    /** For a message longer than the window: no back-reference can reach further than the peer keeps. */
    private Deflater huffmanOnly() {
        if (huffmanOnly == null) {
            huffmanOnly = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            huffmanOnly.setStrategy(Deflater.HUFFMAN_ONLY);
        }
        return huffmanOnly;
    }
}
