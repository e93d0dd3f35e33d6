package io.jasyncio.files;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.Arrays;

/**
 * A text file's encoding with Python's {@code errors='strict'}: bad input raises
 * {@code MalformedInputException} / {@code UnmappableCharacterException}. Loop-confined (one
 * decoder per file).
 */
final class TextCodec {
    private final Charset charset;
    private final CharsetDecoder decoder;

    TextCodec(Charset charset) {
        this.charset = charset;
        this.decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** Refuses encodings in which '\n' is not the byte 0x0A: lines are split on bytes. */
    static void check(Charset cs) {
        if (cs != null && !Arrays.equals("\n".getBytes(cs), new byte[] {'\n'})) {
            throw new IllegalArgumentException("text mode needs an encoding that writes '\\n' as one byte 0x0A, not "
                    + cs + ": open the file in binary mode and decode it");
        }
    }

    String decode(byte[] b, int off, int len) throws CharacterCodingException {
        String s = new String(b, off, len, charset);
        // The fast decoder replaces bad input with U+FFFD; decode strictly only when one appears,
        // to tell a genuine U+FFFD from a malformed sequence.
        return s.indexOf('\uFFFD') < 0 ? s : decodeStrict(Arrays.copyOfRange(b, off, off + len));
    }

    String decodeStrict(byte[] b) throws CharacterCodingException {
        return decoder.reset().decode(ByteBuffer.wrap(b)).toString();
    }

    /** Starts an incremental decode ({@link #decodeSome}). */
    void reset() {
        decoder.reset();
    }

    CoderResult decodeSome(ByteBuffer in, CharBuffer out, boolean endOfInput) {
        return decoder.decode(in, out, endOfInput);
    }

    ByteBuffer encode(String text) throws CharacterCodingException {
        return charset.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(text));
    }
}
