package io.jasyncio.http.internal.ws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.web.WebSocketError;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** permessage-deflate's negotiation (RFC 7692 §7.1) on both sides, the window kept, and a peer's context takeover decoded. */
class PermessageDeflateTest {
    private static final String NO_TAKEOVER = "permessage-deflate; server_no_context_takeover";

    private static PermessageDeflate offer(String... headers) {
        return PermessageDeflate.acceptOffer(List.of(headers));
    }

    @Test
    void theServerAcceptsTheFirstOfferItCanKeepAndAnswersWhatItWillDo() {
        assertEquals(new PermessageDeflate(15, NO_TAKEOVER), offer("permessage-deflate"));
        assertEquals(new PermessageDeflate(15, NO_TAKEOVER), offer("permessage-deflate; client_max_window_bits"),
                "websockets' default offer: the hint is taken, no limit asked");
        assertEquals(new PermessageDeflate(15, NO_TAKEOVER + "; client_no_context_takeover"),
                offer("permessage-deflate; client_no_context_takeover; server_no_context_takeover"));
        assertEquals(new PermessageDeflate(10, NO_TAKEOVER + "; server_max_window_bits=10"),
                offer("permessage-deflate; server_max_window_bits=10"), "aiohttp's compress=10");
        assertEquals(10, offer("Permessage-Deflate; Server_Max_Window_Bits=\"10\"").sendWindowBits(), "a quoted value, any case");
        assertEquals(new PermessageDeflate(15, NO_TAKEOVER), offer("x-webkit-deflate-frame", "permessage-deflate; server_max_window_bits=8, permessage-deflate"),
                "8 bits is declined (zlib has none, as aiohttp), the next offer taken");
    }

    @Test
    void anOfferWithAnUnknownRepeatedOrBadParameterIsDeclined() {
        for (String bad : List.of("permessage-deflate; foo", "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
                "permessage-deflate; server_max_window_bits", "permessage-deflate; server_max_window_bits=16",
                "permessage-deflate; server_max_window_bits=x", "permessage-deflate; client_max_window_bits=7",
                "permessage-deflate; server_no_context_takeover=1", "deflate-frame")) {
            assertNull(offer(bad), bad);
        }
    }

    @Test
    void ourClientsOfferIsAcceptedByOurServerAndItsAnswerUnderstood() {
        PermessageDeflate server = offer(PermessageDeflate.CLIENT_OFFER);
        assertEquals(NO_TAKEOVER + "; client_no_context_takeover", server.response());
        assertEquals(15, PermessageDeflate.parseResponse(server.response()).sendWindowBits());
    }

    @Test
    void theClientReadsTheServersAnswerAndRefusesWhatItDidNotOffer() {
        assertNull(PermessageDeflate.parseResponse(null));
        assertNull(PermessageDeflate.parseResponse(" "));
        assertEquals(15, PermessageDeflate.parseResponse("permessage-deflate").sendWindowBits());
        assertEquals(15, PermessageDeflate.parseResponse("permessage-deflate; server_max_window_bits=9").sendWindowBits(),
                "the server's own window: we inflate any");
        assertEquals(10, PermessageDeflate.parseResponse("permessage-deflate; client_max_window_bits=10; server_no_context_takeover")
                .sendWindowBits(), "the window the server keeps for our messages");
        for (String[] bad : new String[][] {
                {"permessage-deflate; client_max_window_bits=7", "Invalid window size"},
                {"permessage-deflate; client_max_window_bits", "Invalid window size"},
                {"x-webkit-deflate-frame", "not offered"},
                {"permessage-deflate, permessage-deflate", "more than one"},
                {"permessage-deflate; foo=1", "unknown"},
                {"permessage-deflate; client_no_context_takeover; client_no_context_takeover", "repeated"},
                {"permessage-deflate; server_no_context_takeover=1", "takes no value"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PermessageDeflate.parseResponse(bad[0]));
            assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
        }
    }

    private static List<byte[]> messages(byte[] frames, boolean masked) throws WebSocketError {
        List<byte[]> got = new ArrayList<>();
        new WsFrameParser(masked, 0, true, new WsFrameParser.Listener() {
            @Override
            public void onMessage(int opcode, byte[] payload) {
                got.add(payload);
            }

            @Override
            public void onControl(int opcode, byte[] payload) {
            }
        }).feed(ByteBuffer.wrap(frames));
        return got;
    }

    @Test
    void aSmallWindowIsKeptByCompressingLongMessagesHuffmanOnly() throws Exception {
        byte[] longer = "abcdefgh".repeat(500).getBytes(StandardCharsets.US_ASCII); // 4000 bytes > 2^9
        byte[] shorter = Arrays.copyOf(longer, 512);
        WsFrameWriter full = new WsFrameWriter(false, 15);
        WsFrameWriter small = new WsFrameWriter(false, 9);
        byte[] fullLong = full.frame(2, longer);
        byte[] smallLong = small.frame(2, longer);
        assertTrue(fullLong.length < 100, "back-references: " + fullLong.length);
        assertTrue(smallLong.length > 1000, "none reach back, so none reach beyond 512 bytes: " + smallLong.length);
        assertEquals(full.frame(2, shorter).length, small.frame(2, shorter).length, "a message within the window compresses as usual");
        List<byte[]> got = messages(WsFrameCodecTest.concat(smallLong, small.frame(2, shorter), fullLong), false);
        assertArrayEquals(longer, got.get(0));
        assertArrayEquals(shorter, got.get(1));
        assertArrayEquals(longer, got.get(2));
        assertThrows(IllegalArgumentException.class, () -> new WsFrameWriter(false, 7));
    }

    @Test
    void aPeerThatKeepsItsContextAcrossMessagesIsInflated() throws Exception {
        // A server without server_no_context_takeover (RFC 7692 §7.1.1.1 lets it keep the window):
        // the second message is mostly a back-reference into the first.
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        byte[] text = "the same words, again and again".getBytes(StandardCharsets.UTF_8);
        byte[] first = compressedFrame(d, text);
        byte[] second = compressedFrame(d, text);
        assertTrue(second.length < first.length, "the second leans on the first");
        List<byte[]> got = messages(WsFrameCodecTest.concat(first, second, first), false);
        assertEquals(3, got.size());
        for (byte[] m : got) {
            assertArrayEquals(text, m);
        }
    }

    /** An unmasked compressed text frame, deflated with the context {@code d} kept (sync flush, tail dropped). */
    private static byte[] compressedFrame(Deflater d, byte[] payload) {
        d.setInput(payload);
        byte[] buf = new byte[1024];
        int n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
        byte[] data = Arrays.copyOf(buf, n - 4);
        byte[] frame = new byte[2 + data.length];
        frame[0] = (byte) 0xC1; // FIN, RSV1 (compressed), text
        frame[1] = (byte) data.length;
        System.arraycopy(data, 0, frame, 2, data.length);
        return frame;
    }
}
