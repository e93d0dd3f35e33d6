package io.jasyncio.http.internal.ws;

import io.jasyncio.web.WebSocketError;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * An incremental WebSocket frame parser (RFC 6455 §5) that assembles fragmented messages and
 * undoes permessage-deflate (RFC 7692, with or without the peer's context takeover): aiohttp's
 * {@code WebSocketReader}. Shared by the server
 * (frames from clients must be masked) and the client (frames from servers must not be).
 *
 * <p>Loop-confined. Refuses, with the close code to send: a wrong mask bit, reserved opcodes or
 * RSV bits, control frames over 125 bytes or fragmented, a continuation without a start, a new
 * message inside a fragmented one, a message over {@code maxMsgSize} (1009), text that is not
 * UTF-8 (1007), a close frame with a 1-byte payload or an invalid code.
 */
public final class WsFrameParser {
    /** Receives whole messages and control frames, in order. */
    public interface Listener {
        /** A whole message: opcode 1 (text) or 2 (binary). */
        void onMessage(int opcode, byte[] payload);

        /** A control frame: 8 close, 9 ping, 10 pong. */
        void onControl(int opcode, byte[] payload);
    }

    private final boolean expectMasked;
    private final int maxMsgSize;
    private final Listener listener;
    private final boolean deflate;
    private Inflater inflater;
    private final byte[] header = new byte[14];
    private int headerLen;
    private int needHeader = 2;
    private boolean inPayload;
    private long remaining;
    private int opcode;
    private boolean fin;
    private boolean rsv1;
    private final byte[] mask = new byte[4];
    private boolean masked;
    private long maskPos;
    private static final int SMALL_FRAME = 65536;
    private byte[] payload;
    private int filled;
    private ByteArrayOutputStream frame;
    private ByteArrayOutputStream message;
    private int messageOpcode;
    private boolean messageCompressed;

    /**
     * A parser; {@code expectMasked}: true on the server side. {@code maxMsgSize} 0 means no limit.
     * {@code deflate}: permessage-deflate was negotiated (the peer with or without context takeover).
     */
    public WsFrameParser(boolean expectMasked, int maxMsgSize, boolean deflate, Listener listener) {
        this.expectMasked = expectMasked;
        this.maxMsgSize = maxMsgSize;
        this.deflate = deflate;
        this.listener = listener;
    }

    /**
     * Parses the buffer's bytes (all consumed).
     *
     * @throws WebSocketError on a violation; the parser must not be fed again
     */
    public void feed(ByteBuffer in) throws WebSocketError {
        while (in.hasRemaining()) {
            if (!inPayload) {
                header[headerLen++] = in.get();
                if (headerLen == 2) {
                    startHeader();
                }
                if (headerLen == needHeader) {
                    finishHeader();
                }
                continue;
            }
            int n = (int) Math.min(remaining, in.remaining());
            if (payload != null) {
                in.get(payload, filled, n);
                unmask(payload, filled, n);
                filled += n;
            } else {
                byte[] chunk = new byte[n];
                in.get(chunk);
                unmask(chunk, 0, n);
                frame.writeBytes(chunk);
            }
            remaining -= n;
            if (remaining == 0) {
                endFrame();
            }
        }
    }

    private void unmask(byte[] b, int from, int n) {
        if (masked) {
            for (int i = from, end = from + n; i < end; i++) {
                b[i] ^= mask[(int) (maskPos++ & 3)];
            }
        }
    }

    private void startHeader() throws WebSocketError {
        int b0 = header[0] & 0xff;
        int b1 = header[1] & 0xff;
        fin = (b0 & 0x80) != 0;
        rsv1 = (b0 & 0x40) != 0;
        if ((b0 & 0x30) != 0 || (rsv1 && !deflate)) {
            throw new WebSocketError(1002, "reserved bits set");
        }
        opcode = b0 & 0x0f;
        if (opcode > 2 && opcode < 8 || opcode > 10) {
            throw new WebSocketError(1002, "reserved opcode " + opcode);
        }
        masked = (b1 & 0x80) != 0;
        if (masked != expectMasked) {
            throw new WebSocketError(1002, expectMasked ? "a client frame must be masked" : "a server frame must not be masked");
        }
        int len = b1 & 0x7f;
        if (opcode >= 8 && (len > 125 || !fin)) {
            throw new WebSocketError(1002, "a control frame must be final and at most 125 bytes");
        }
        if (opcode >= 8 && rsv1) {
            throw new WebSocketError(1002, "a control frame cannot be compressed");
        }
        needHeader = 2 + (len == 126 ? 2 : len == 127 ? 8 : 0) + (masked ? 4 : 0);
    }

    private void finishHeader() throws WebSocketError {
        int len = header[1] & 0x7f;
        int p = 2;
        long length = len;
        if (len == 126) {
            length = ((header[2] & 0xff) << 8) | (header[3] & 0xff);
            p = 4;
        } else if (len == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | (header[2 + i] & 0xff);
            }
            if (length < 0) {
                throw new WebSocketError(1002, "frame length overflows");
            }
            p = 10;
        }
        if (masked) {
            System.arraycopy(header, p, mask, 0, 4);
        }
        long sofar = message == null ? 0 : message.size();
        if (maxMsgSize > 0 && sofar + length > maxMsgSize) {
            throw new WebSocketError(1009, "message over maxMsgSize " + maxMsgSize);
        }
        headerLen = 0;
        needHeader = 2;
        maskPos = 0;
        remaining = length;
        // A frame up to 64 KiB is read straight into its own array (one copy, the unmasking in
        // place); a larger one grows as its bytes come, so a header alone cannot make us allocate
        // maxMsgSize.
        if (length <= SMALL_FRAME) {
            payload = new byte[(int) length];
            filled = 0;
        } else {
            frame = new ByteArrayOutputStream(SMALL_FRAME);
        }
        if (length == 0) {
            endFrame();
        } else {
            inPayload = true;
        }
    }

    private void endFrame() throws WebSocketError {
        inPayload = false;
        byte[] data = this.payload != null ? this.payload : frame.toByteArray();
        this.payload = null;
        frame = null;
        deliverFrame(data);
    }

    private void deliverFrame(byte[] payload) throws WebSocketError {
        if (opcode >= 8) {
            if (opcode == 8) {
                checkClose(payload);
            }
            listener.onControl(opcode, payload);
            return;
        }
        if (opcode == 0) {
            if (message == null) {
                throw new WebSocketError(1002, "a continuation frame without a message to continue");
            }
        } else {
            if (message != null) {
                throw new WebSocketError(1002, "a new message inside a fragmented one");
            }
            if (fin) { // the usual message: one frame, no assembly
                messageOpcode = opcode;
                messageCompressed = rsv1;
                endMessage(payload);
                return;
            }
            message = new ByteArrayOutputStream();
            messageOpcode = opcode;
            messageCompressed = rsv1;
        }
        message.writeBytes(payload);
        if (!fin) {
            return;
        }
        byte[] whole = message.toByteArray();
        message = null;
        endMessage(whole);
    }

    private void endMessage(byte[] whole) throws WebSocketError {
        if (messageCompressed) {
            whole = inflate(whole);
        }
        if (messageOpcode == 1) {
            checkUtf8(whole, 1007);
        }
        listener.onMessage(messageOpcode, whole);
    }

    private byte[] inflate(byte[] data) throws WebSocketError {
        if (inflater == null) {
            inflater = new Inflater(true);
        }
        if (inflater.finished()) {
            inflater.reset(); // the last message ended its stream (BFINAL): the next starts afresh
        }
        // Otherwise the context is kept: that decodes a peer with context takeover, and one
        // without (a message deflated alone follows the previous one's sync flush as a new block).
        byte[] in = new byte[data.length + 4];
        System.arraycopy(data, 0, in, 0, data.length);
        in[data.length + 2] = (byte) 0xff;
        in[data.length + 3] = (byte) 0xff;
        inflater.setInput(in);
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length * 2);
        byte[] buf = new byte[8192];
        try {
            while (!inflater.needsInput() && !inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && inflater.needsDictionary()) {
                    throw new WebSocketError(1007, "deflate stream needs a dictionary");
                }
                out.write(buf, 0, n);
                if (maxMsgSize > 0 && out.size() > maxMsgSize) {
                    throw new WebSocketError(1009, "decompressed message over maxMsgSize " + maxMsgSize);
                }
            }
        } catch (DataFormatException e) {
            throw new WebSocketError(1007, "bad deflate data: " + e.getMessage());
        }
        return out.toByteArray();
    }

    private static void checkClose(byte[] payload) throws WebSocketError {
        if (payload.length == 1) {
            throw new WebSocketError(1002, "a close frame with a 1-byte payload");
        }
        if (payload.length >= 2) {
            int code = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
            boolean valid = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
            if (!valid) {
                throw new WebSocketError(1002, "invalid close code " + code);
            }
            byte[] reason = new byte[payload.length - 2];
            System.arraycopy(payload, 2, reason, 0, reason.length);
            checkUtf8(reason, 1007);
        }
    }

    static void checkUtf8(byte[] bytes, int code) throws WebSocketError {
        if (!isUtf8(bytes)) {
            throw new WebSocketError(code, "text that is not UTF-8");
        }
    }

    /**
     * Whether {@code b} is well-formed UTF-8 (Unicode table 3-7: no overlong forms, no surrogates,
     * nothing past U+10FFFF). Checked in place, without decoding: the user may never ask for the
     * text, and a decoder per message was most of the cost of a small text message.
     */
    static boolean isUtf8(byte[] b) {
        int i = 0;
        int n = b.length;
        while (i < n) {
            int c = b[i];
            if (c >= 0) {
                i++;
                continue;
            }
            c &= 0xff;
            int more;
            int lo = 0x80;
            int hi = 0xbf;
            if (c >= 0xc2 && c <= 0xdf) {
                more = 1;
            } else if (c >= 0xe0 && c <= 0xef) {
                more = 2;
                if (c == 0xe0) {
                    lo = 0xa0; // overlong below U+0800
                } else if (c == 0xed) {
                    hi = 0x9f; // U+D800..U+DFFF are surrogates
                }
            } else if (c >= 0xf0 && c <= 0xf4) {
                more = 3;
                if (c == 0xf0) {
                    lo = 0x90; // overlong below U+10000
                } else if (c == 0xf4) {
                    hi = 0x8f; // past U+10FFFF
                }
            } else {
                return false;
            }
            if (i + more >= n) { // cut short
                return false;
            }
            int second = b[i + 1] & 0xff;
            if (second < lo || second > hi) {
                return false;
            }
            for (int k = 2; k <= more; k++) {
                if ((b[i + k] & 0xc0) != 0x80) {
                    return false;
                }
            }
            i += more + 1;
        }
        return true;
    }
}
