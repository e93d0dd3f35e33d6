package io.jasyncio.http.internal.ws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jasyncio.web.WebSocketError;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The WebSocket frame codec: round trips (masked, deflated, every length form, split anywhere) and what it refuses. */
class WsFrameCodecTest {
    private final List<String> seen = new ArrayList<>();

    private WsFrameParser parser(boolean server, int max, boolean deflate) {
        return new WsFrameParser(server, max, deflate, new WsFrameParser.Listener() {
            @Override
            public void onMessage(int opcode, byte[] payload) {
                seen.add(opcode + ":" + (opcode == 1 ? new String(payload, StandardCharsets.UTF_8) : payload.length + "b"));
            }

            @Override
            public void onControl(int opcode, byte[] payload) {
                seen.add("ctl" + opcode + ":" + payload.length);
            }
        });
    }

    @Test
    void roundTripsSplitAtEveryByte() throws Exception {
        for (boolean deflate : new boolean[] {false, true}) {
            WsFrameWriter client = new WsFrameWriter(true, deflate);
            byte[] stream = concat(client.frame(1, "hello".getBytes(StandardCharsets.UTF_8)), client.frame(2, new byte[300]),
                    client.frame(2, new byte[70_000]), client.frame(9, new byte[3]), client.close(1000, new byte[0]));
            for (int step : new int[] {1, 7, stream.length}) {
                seen.clear();
                WsFrameParser p = parser(true, 0, deflate);
                for (int i = 0; i < stream.length; i += step) {
                    p.feed(ByteBuffer.wrap(stream, i, Math.min(step, stream.length - i)));
                }
                assertEquals(List.of("1:hello", "2:300b", "2:70000b", "ctl9:3", "ctl8:2"), seen, "deflate " + deflate + " step " + step);
            }
        }
    }

    @Test
    void maskedPayloadsArriveByteExactSplitAnywhere() throws Exception {
        byte[] smallFrame = new byte[65_535]; // the largest with a 16-bit length
        byte[] largeFrame = new byte[65_536]; // the smallest with a 64-bit length
        for (int i = 0; i < largeFrame.length; i++) {
            largeFrame[i] = (byte) (i * 31 + 7);
            if (i < smallFrame.length) {
                smallFrame[i] = (byte) (i * 17 + 3);
            }
        }
        byte[] text = "déjà vu".getBytes(StandardCharsets.UTF_8);
        WsFrameWriter client = new WsFrameWriter(true, false);
        byte[] stream = concat(client.frame(2, smallFrame), client.frame(2, largeFrame), client.frame(1, text));
        for (int step : new int[] {1, 5, 4096, stream.length}) {
            List<byte[]> got = new ArrayList<>();
            WsFrameParser p = new WsFrameParser(true, 0, false, new WsFrameParser.Listener() {
                @Override
                public void onMessage(int opcode, byte[] payload) {
                    got.add(payload);
                }

                @Override
                public void onControl(int opcode, byte[] payload) {}
            });
            for (int i = 0; i < stream.length; i += step) {
                p.feed(ByteBuffer.wrap(stream, i, Math.min(step, stream.length - i)));
            }
            assertEquals(3, got.size(), "step " + step);
            assertArrayEquals(smallFrame, got.get(0), "step " + step);
            assertArrayEquals(largeFrame, got.get(1), "step " + step);
            assertArrayEquals(text, got.get(2), "step " + step);
        }
    }

    @Test
    void fragmentsAreAssembled() throws Exception {
        byte[] first = {0x01, 0x03, 'a', 'b', 'c'};
        byte[] ping = {(byte) 0x89, 0x00};
        byte[] last = {(byte) 0x80, 0x02, 'd', 'e'};
        WsFrameParser p = parser(false, 0, false);
        p.feed(ByteBuffer.wrap(concat(first, ping, last)));
        assertEquals(List.of("ctl9:0", "1:abcde"), seen);
    }

    private static int refusal(boolean server, int max, byte[] bytes) {
        WsFrameParser p = new WsFrameParser(server, max, false, new WsFrameParser.Listener() {
            @Override
            public void onMessage(int opcode, byte[] payload) {}

            @Override
            public void onControl(int opcode, byte[] payload) {}
        });
        return assertThrows(WebSocketError.class, () -> p.feed(ByteBuffer.wrap(bytes))).code();
    }

    @Test
    void violationsAreRefusedWithTheirCloseCodes() {
        assertEquals(1002, refusal(true, 0, new byte[] {(byte) 0x81, 0x01, 'a'}), "unmasked client frame");
        assertEquals(1002, refusal(false, 0, new WsFrameWriter(true, false).frame(1, new byte[] {'a'})), "masked server frame");
        assertEquals(1002, refusal(false, 0, new byte[] {(byte) 0xc1, 0x00}), "RSV1 without deflate");
        assertEquals(1002, refusal(false, 0, new byte[] {(byte) 0x83, 0x00}), "reserved opcode");
        assertEquals(1002, refusal(false, 0, new byte[] {(byte) 0x89, 126, 0, (byte) 200}), "control frame over 125");
        assertEquals(1002, refusal(false, 0, new byte[] {0x09, 0x00}), "fragmented control frame");
        assertEquals(1002, refusal(false, 0, new byte[] {(byte) 0x80, 0x00}), "continuation without start");
        assertEquals(1002, refusal(false, 0, new byte[] {0x01, 0x00, 0x01, 0x00}), "new message inside a fragmented one");
        assertEquals(1009, refusal(false, 10, new byte[] {(byte) 0x82, 11}), "over maxMsgSize, refused at the header");
        assertEquals(1007, refusal(false, 0, new byte[] {(byte) 0x81, 0x02, (byte) 0xc3, 0x28}), "text that is not UTF-8");
        assertEquals(1007, refusal(false, 0, new byte[] {(byte) 0x81, 0x03, 'o', 'k', (byte) 0xff}),
                "ASCII, then a byte that is not UTF-8");
        assertEquals(1007, refusal(false, 0, new byte[] {0x01, 0x01, (byte) 0xc3, (byte) 0x80, 0x01, 0x28}),
                "a message cut inside a character by its fragments, then not UTF-8");
        assertEquals(1002, refusal(false, 0, new byte[] {(byte) 0x88, 0x01, 0x03}), "1-byte close payload");
        assertEquals(1002, refusal(false, 0, new byte[] {(byte) 0x88, 0x02, 0x03, (byte) 0xed}), "close code 1005 on the wire");
    }

    @Test
    void closeFramesCarryCodeAndReason() {
        byte[] f = new WsFrameWriter(false, false).close(4000, "bye".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(new byte[] {(byte) 0x88, 5, 0x0f, (byte) 0xa0, 'b', 'y', 'e'}, f);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** The strict JDK decoder's verdict, the reference for {@link WsFrameParser#isUtf8}. */
    private static boolean jdkSaysUtf8(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void theUtf8CheckAgreesWithTheJdksStrictDecoder() {
        // every 1- and 2-byte sequence, 3-byte ones around the continuation range, then random 4- to 9-byte ones biased to the bytes that matter
        for (int a = 0; a < 256; a++) {
            check(new byte[] {(byte) a});
            for (int b = 0; b < 256; b++) {
                check(new byte[] {(byte) a, (byte) b});
                if (a >= 0xc0 && b >= 0x70 && b < 0xd0) {
                    for (int c = 0x70; c < 0xd0; c++) {
                        check(new byte[] {(byte) a, (byte) b, (byte) c});
                    }
                }
            }
        }
        java.util.Random random = new java.util.Random(11);
        int[] interesting = {0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec,
                0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff};
        for (int round = 0; round < 100_000; round++) {
            byte[] b = new byte[4 + random.nextInt(6)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (random.nextInt(3) == 0 ? random.nextInt(256) : interesting[random.nextInt(interesting.length)]);
            }
            check(b);
        }
        check("déjà vu, 日本, 🎉".getBytes(StandardCharsets.UTF_8));
    }

    private static void check(byte[] b) {
        if (WsFrameParser.isUtf8(b) != jdkSaysUtf8(b)) {
            throw new AssertionError("isUtf8 disagrees with the JDK on " + java.util.HexFormat.of().formatHex(b));
        }
    }
}
