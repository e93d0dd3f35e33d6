package io.jasyncio.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;

/**
 * The text reads of an {@link AsyncFile}: bytes from its {@link ReadAheadReader}, decoded with
 * Python's {@code errors='strict'}. Lines end at the byte {@code '\n'} (the encodings allowed
 * write it as the single byte 0x0A, see {@link TextCodec#check}), so lines are found in the
 * bytes and each is decoded once. Loop-confined.
 */
final class TextReader {
    private final ReadAheadReader bytes;
    private final TextCodec codec;
    /** A line's bytes copied out of a direct read-ahead (the JDK's fast decoders take an array); text files read ahead into heap arrays. */
    private byte[] line = new byte[256];

    TextReader(ReadAheadReader bytes, TextCodec codec) {
        this.bytes = bytes;
        this.codec = codec;
    }

    /** The rest of the file. Suspends. */
    String readAll() throws IOException {
        return codec.decodeStrict(bytes.readAll());
    }

    /** Up to {@code n} chars; fewer only at end of file. Suspends. */
    String read(int n) throws IOException {
        ReadAhead in = bytes.in;
        codec.reset();
        CharBuffer chars = CharBuffer.allocate(Math.max(n, 2));
        chars.limit(n);
        while (chars.hasRemaining()) {
            ByteBuffer window = in.buf.slice(in.start, in.available());
            CoderResult r = codec.decodeSome(window, chars, in.eof);
            bytes.consumed(window.position());
            if (r.isError()) {
                r.throwException();
            }
            if (r.isOverflow() && chars.position() == 0) {
                chars.limit(2); // a surrogate pair does not fit in one char: return it whole
            } else if (in.eof && r.isUnderflow()) {
                break;
            } else if (r.isUnderflow()) {
                bytes.fill(in.available() + 1);
            }
        }
        return chars.flip().toString();
    }

    /** One line with its {@code '\n'}; "" at end of file. Suspends. */
    String readline() throws IOException {
        int n = bytes.lineLength();
        ReadAhead in = bytes.in;
        String s;
        if (in.buf.hasArray()) {
            s = codec.decode(in.buf.array(), in.buf.arrayOffset() + in.start, n);
        } else {
            if (line.length < n) {
                line = new byte[Math.max(n, line.length * 2)];
            }
            in.copyOut(line, 0, n);
            s = codec.decode(line, 0, n);
        }
        bytes.consumed(n);
        return s;
    }
}
