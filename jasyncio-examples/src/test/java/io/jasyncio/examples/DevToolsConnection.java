package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.streams.StreamPair;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Test fixture: a Chrome DevTools Protocol connection over a WebSocket opened with jasyncio's
 * {@code openConnection} (RFC 6455 client framing: masked text frames, 16- and 64-bit lengths,
 * fragments reassembled). {@link #call} sends one command and suspends until its answer,
 * skipping the events in between; with a {@code sessionId} it talks to one page (flat sessions).
 * Loop-confined; one call at a time.
 */
final class DevToolsConnection implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final StreamPair conn;
    private int nextId = 1;

    private DevToolsConnection(StreamPair conn) {
        this.conn = conn;
    }

    /** Opens {@code ws://127.0.0.1:PORT/devtools/...} as Chromium printed it. Suspends. */
    static DevToolsConnection open(String wsUrl) throws IOException {
        URI uri = URI.create(wsUrl);
        StreamPair conn = Asyncio.openConnection(uri.getHost(), uri.getPort());
        conn.writer().write(("GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        String head = new String(conn.reader().readuntil("\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
                StandardCharsets.US_ASCII);
        if (!head.startsWith("HTTP/1.1 101")) {
            conn.writer().close();
            throw new IOException("DevTools refused the WebSocket: " + head.lines().findFirst().orElse(""));
        }
        return new DevToolsConnection(conn);
    }

    /** A JSON object for a command's params. */
    static ObjectNode params() {
        return JSON.createObjectNode();
    }

    /**
     * Sends {@code method} (to the page of {@code sessionId}, or the browser if null) and returns
     * its {@code result}. Suspends.
     *
     * @throws IOException carrying DevTools' error message if the command failed
     */
    JsonNode call(String method, ObjectNode params, String sessionId) throws IOException {
        int id = nextId++;
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
        msg.set("params", params == null ? params() : params);
        if (sessionId != null) {
            msg.put("sessionId", sessionId);
        }
        sendText(JSON.writeValueAsString(msg));
        while (true) {
            JsonNode answer = JSON.readTree(receiveText());
            if (answer.path("id").asInt(-1) != id) {
                continue; // an event, or the page's own traffic: not ours
            }
            if (answer.has("error")) {
                throw new IOException(method + " failed: " + answer.get("error"));
            }
            return answer.path("result");
        }
    }

    private void sendText(String text) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream(data.length + 14);
        frame.write(0x81);
        if (data.length < 126) {
            frame.write(0x80 | data.length);
        } else if (data.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(data.length >>> 8);
            frame.write(data.length & 0xff);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) data.length >>> shift) & 0xff);
            }
        }
        byte[] key = new byte[4];
        ThreadLocalRandom.current().nextBytes(key);
        frame.write(key);
        for (int i = 0; i < data.length; i++) {
            frame.write(data[i] ^ key[i & 3]); // clients mask every frame (RFC 6455 §5.3)
        }
        conn.writer().write(frame.toByteArray());
        conn.writer().drain();
    }

    /** The next whole text message; pings are answered, fragments joined. */
    private String receiveText() throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        while (true) {
            byte[] h = conn.reader().readexactly(2);
            int opcode = h[0] & 0x0f;
            boolean fin = (h[0] & 0x80) != 0;
            long len = h[1] & 0x7f;
            if (len == 126) {
                byte[] ext = conn.reader().readexactly(2);
                len = ((ext[0] & 0xff) << 8) | (ext[1] & 0xff);
            } else if (len == 127) {
                byte[] ext = conn.reader().readexactly(8);
                len = 0;
                for (byte b : ext) {
                    len = (len << 8) | (b & 0xff);
                }
            }
            byte[] payload = conn.reader().readexactly((int) len);
            switch (opcode) {
                case 0x8 -> throw new IOException("DevTools closed the WebSocket");
                case 0x9 -> sendPong(payload);
                case 0xA -> { } // an unsolicited pong: nothing to do
                default -> {
                    message.write(payload);
                    if (fin) {
                        return message.toString(StandardCharsets.UTF_8);
                    }
                }
            }
        }
    }

    private void sendPong(byte[] payload) {
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) 0x8A;
        frame[1] = (byte) (0x80 | payload.length);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = payload[i]; // a zero mask key leaves the payload as it is
        }
        conn.writer().write(frame);
    }

    @Override
    public void close() {
        conn.writer().write(new byte[] {(byte) 0x88, (byte) 0x80, 0, 0, 0, 0});
        conn.writer().close();
    }
}
