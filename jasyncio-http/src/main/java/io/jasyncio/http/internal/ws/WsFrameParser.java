package io.jasyncio.http.internal.ws;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
    private ByteArrayOutputStream frame = new ByteArrayOutputStream();
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
     * @throws WsProtocolError on a violation; the parser must not be fed again
     */
    public void feed(ByteBuffer in) throws WsProtocolError {
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
            byte[] chunk = new byte[n];
            in.get(chunk);
            if (masked) {
                for (int i = 0; i < n; i++) {
                    chunk[i] ^= mask[(int) (maskPos++ & 3)];
                }
            }
            frame.writeBytes(chunk);
            remaining -= n;
            if (remaining == 0) {
                endFrame();
            }
        }
    }

    private void startHeader() throws WsProtocolError {
        int b0 = header[0] & 0xff;
        int b1 = header[1] & 0xff;
        fin = (b0 & 0x80) != 0;
        rsv1 = (b0 & 0x40) != 0;
        if ((b0 & 0x30) != 0 || (rsv1 && !deflate)) {
            throw new WsProtocolError(1002, "reserved bits set");
        }
        opcode = b0 & 0x0f;
        if (opcode > 2 && opcode < 8 || opcode > 10) {
            throw new WsProtocolError(1002, "reserved opcode " + opcode);
        }
        masked = (b1 & 0x80) != 0;
        if (masked != expectMasked) {
            throw new WsProtocolError(1002, expectMasked ? "a client frame must be masked" : "a server frame must not be masked");
        }
        int len = b1 & 0x7f;
        if (opcode >= 8 && (len > 125 || !fin)) {
            throw new WsProtocolError(1002, "a control frame must be final and at most 125 bytes");
        }
        if (opcode >= 8 && rsv1) {
            throw new WsProtocolError(1002, "a control frame cannot be compressed");
        }
        needHeader = 2 + (len == 126 ? 2 : len == 127 ? 8 : 0) + (masked ? 4 : 0);
    }

    private void finishHeader() throws WsProtocolError {
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
                throw new WsProtocolError(1002, "frame length overflows");
            }
            p = 10;
        }
        if (masked) {
            System.arraycopy(header, p, mask, 0, 4);
        }
        long sofar = message == null ? 0 : message.size();
        if (maxMsgSize > 0 && sofar + length > maxMsgSize) {
            throw new WsProtocolError(1009, "message over maxMsgSize " + maxMsgSize);
        }
        headerLen = 0;
        needHeader = 2;
        maskPos = 0;
        remaining = length;
        frame = new ByteArrayOutputStream((int) Math.min(length, 65536));
        if (length == 0) {
            endFrame();
        } else {
            inPayload = true;
        }
    }

    private void endFrame() throws WsProtocolError {
        inPayload = false;
        byte[] payload = frame.toByteArray();
        if (opcode >= 8) {
            if (opcode == 8) {
                checkClose(payload);
            }
            listener.onControl(opcode, payload);
            return;
        }
        if (opcode == 0) {
            if (message == null) {
                throw new WsProtocolError(1002, "a continuation frame without a message to continue");
            }
        } else {
            if (message != null) {
                throw new WsProtocolError(1002, "a new message inside a fragmented one");
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
        if (messageCompressed) {
            whole = inflate(whole);
        }
        if (messageOpcode == 1) {
            checkUtf8(whole, 1007);
        }
        listener.onMessage(messageOpcode, whole);
    }

    private byte[] inflate(byte[] data) throws WsProtocolError {
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
                    throw new WsProtocolError(1007, "deflate stream needs a dictionary");
                }
                out.write(buf, 0, n);
                if (maxMsgSize > 0 && out.size() > maxMsgSize) {
                    throw new WsProtocolError(1009, "decompressed message over maxMsgSize " + maxMsgSize);
                }
            }
        } catch (DataFormatException e) {
            throw new WsProtocolError(1007, "bad deflate data: " + e.getMessage());
        }
        return out.toByteArray();
    }

    private static void checkClose(byte[] payload) throws WsProtocolError {
        if (payload.length == 1) {
            throw new WsProtocolError(1002, "a close frame with a 1-byte payload");
        }
        if (payload.length >= 2) {
            int code = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
            boolean valid = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
            if (!valid) {
                throw new WsProtocolError(1002, "invalid close code " + code);
            }
            byte[] reason = new byte[payload.length - 2];
            System.arraycopy(payload, 2, reason, 0, reason.length);
            checkUtf8(reason, 1007);
        }
    }

    static void checkUtf8(byte[] bytes, int code) throws WsProtocolError {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new WsProtocolError(code, "text that is not UTF-8");
        }
    }
}
