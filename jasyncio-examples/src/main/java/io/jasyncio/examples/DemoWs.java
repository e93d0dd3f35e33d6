package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.streams.StreamPair;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The examples' tiny WebSocket client on {@code openConnection} (text frames only, no extensions):
 * enough to drive the chat example. (The real client is the next issue's.)
 */
final class DemoWs {
    private final StreamPair conn;

    private DemoWs(StreamPair conn) {
        this.conn = conn;
    }

    static DemoWs connect(int port, String path) throws IOException {
        StreamPair conn = Asyncio.openConnection("127.0.0.1", port);
        conn.writer().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        String head = new String(Asyncio.timeout(30, () -> conn.reader().readuntil("\r\n\r\n".getBytes(StandardCharsets.US_ASCII))),
                StandardCharsets.US_ASCII);
        if (!head.startsWith("HTTP/1.1 101 ")) {
            throw new IOException("no WebSocket: " + head.lines().findFirst().orElse(""));
        }
        return new DemoWs(conn);
    }

    /** Sends one masked text frame (clients must mask, RFC 6455 §5.3). */
    void send(String text) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        if (data.length > 125) {
            throw new IllegalArgumentException("the demo client sends short messages only");
        }
        byte[] frame = new byte[6 + data.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | data.length);
        byte[] key = new byte[4];
        ThreadLocalRandom.current().nextBytes(key);
        System.arraycopy(key, 0, frame, 2, 4);
        for (int i = 0; i < data.length; i++) {
            frame[6 + i] = (byte) (data[i] ^ key[i & 3]);
        }
        conn.writer().write(frame);
        conn.writer().drain();
    }

    /** The next text message from the server. */
    String receive() throws IOException {
        return Asyncio.timeout(30, () -> {
            byte[] h = conn.reader().readexactly(2);
            int len = h[1] & 0x7f;
            if (len == 126) {
                byte[] ext = conn.reader().readexactly(2);
                len = ((ext[0] & 0xff) << 8) | (ext[1] & 0xff);
            }
            return new String(conn.reader().readexactly(len), StandardCharsets.UTF_8);
        });
    }

    void close() {
        conn.writer().write(new byte[] {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xe8});
        conn.writer().close();
    }
}
