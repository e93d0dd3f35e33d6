package io.jasyncio.client;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.TimeoutError;
import io.jasyncio.http.internal.ws.PermessageDeflate;
import io.jasyncio.http.internal.ws.WsSession;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.transports.Transport;
import io.jasyncio.web.JsonCodec;
import io.jasyncio.web.WSMessage;
import io.jasyncio.web.WSMsgType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/**
 * The client side of a WebSocket (RFC 6455): aiohttp's {@code ClientWebSocketResponse}, from
 * {@link ClientSession#wsConnect}. Send with {@link #sendStr}, {@link #sendBytes},
 * {@link #sendJson}; receive with {@link #receive()} or {@code for (WSMessage msg : ws)};
 * {@link #close(int, String)} (try-with-resources closes with 1000).
 *
 * <pre>{@code
 * try (ClientWebSocketResponse ws = session.wsConnect("ws://127.0.0.1:8080/ws")) {
 *     ws.sendStr("hello");
 *     for (WSMessage msg : ws) { System.out.println(msg.text()); }
 * }
 * }</pre>
 *
 * <p>The connection's read callbacks take frames off the socket as they come, so pings are
 * answered ({@code autoping}) and the {@code heartbeat}'s pongs seen while the user task is busy;
 * reading pauses (back-pressure) while 64 messages wait unreceived. A message over {@code maxMsgSize}
 * closes with 1009, a protocol error with its code; both arrive as an ERROR message. The
 * connection holds a pool slot until the WebSocket closes.
 *
 * <p>Loop-confined: one task receives at a time. Sends suspend while the server is slow and
 * throw {@link ClientError} once the WebSocket is closed; every suspending method throws
 * {@link CancelledError} on cancel.
 */
public final class ClientWebSocketResponse implements Iterable<WSMessage>, AutoCloseable {
    /** aiohttp's {@code ws_close} timeout: how long {@link #close} waits for the server's close frame. */
    public static final double CLOSE_TIMEOUT = WsSession.CLOSE_TIMEOUT;

    private final JsonCodec json;
    private final String protocol;
    private final boolean compressed;
    private final WsSession session;

    ClientWebSocketResponse(Pool pool, Connection connection, WsConnectOptions opts, String protocol,
            PermessageDeflate deflate, JsonCodec json, byte[] firstBytes) throws IOException {
        this.json = json;
        this.protocol = protocol;
        this.compressed = deflate != null;
        Transport transport = connection.io.writer().transport();
        this.session = WsSession.client(transport, deflate == null ? 0 : deflate.sendWindowBits(), opts.maxMsgSize(), opts.autoping(), opts.autoclose(),
                opts.heartbeat(), () -> pool.release(connection, false)); // never reused for HTTP
        // The stream reader may hold bytes that followed the 101 head: they go first, then the
        // session takes the transport's callbacks (no reader task, no copy through the stream).
        StreamReader reader = connection.io.reader();
        boolean gone = reader.exception() != null;
        byte[] buffered = !gone && reader.buffered() > 0 ? reader.read(reader.buffered()) : new byte[0];
        gone |= reader.atEof();
        transport.setProtocol(session);
        session.start(concat(firstBytes, buffered), gone);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        if (b.length == 0) {
            return a;
        }
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The subprotocol the server chose from those offered, or null. */
    public String protocol() {
        return protocol;
    }

    /** Whether permessage-deflate was negotiated. */
    public boolean compressed() {
        return compressed;
    }

    /**
     * The next message: TEXT, BINARY, PING/PONG (autoping off), CLOSE (the server's close frame),
     * ERROR; after the WebSocket has closed, CLOSED again and again. A message already received is
     * returned without suspending; otherwise suspends.
     */
    public WSMessage receive() {
        return session.receive();
    }

    /**
     * {@link #receive()} within {@code timeout} seconds.
     *
     * @throws TimeoutError when no message comes in time
     */
    public WSMessage receive(double timeout) {
        return Asyncio.timeout(timeout, () -> session.receive());
    }

    /** The next message, which must be TEXT, as text: aiohttp's {@code receive_str()}. */
    public String receiveStr() throws ClientError {
        WSMessage m = receive();
        if (m.type() != WSMsgType.TEXT) {
            throw new ClientError("Received message " + m.type() + " is not TEXT");
        }
        return m.text();
    }

    /** The next message, which must be BINARY: aiohttp's {@code receive_bytes()}. */
    public byte[] receiveBytes() throws ClientError {
        WSMessage m = receive();
        if (m.type() != WSMsgType.BINARY) {
            throw new ClientError("Received message " + m.type() + " is not BINARY");
        }
        return m.data();
    }

    /** The next TEXT message parsed as JSON with the session's codec: aiohttp's {@code receive_json()}. */
    public <T> T receiveJson(Class<T> type) throws ClientError {
        return json.loads(receiveStr().getBytes(StandardCharsets.UTF_8), type);
    }

    /**
     * Messages until the WebSocket ends ({@code async for msg in ws}): iteration stops at CLOSE,
     * CLOSED and ERROR (read {@link #closeCode()} then). {@code hasNext()} suspends.
     */
    @Override
    public Iterator<WSMessage> iterator() {
        return session.iterator();
    }

    /** Sends a text message; suspends while the server is slow. */
    public void sendStr(String text) throws IOException {
        send(1, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a binary message. */
    public void sendBytes(byte[] data) throws IOException {
        send(2, data);
    }

    /** Sends {@code value} as JSON text (the session's codec). */
    public void sendJson(Object value) throws IOException {
        send(1, json.dumps(value));
    }

    /** Sends a ping (at most 125 bytes). */
    public void ping(byte[] payload) throws IOException {
        send(9, payload);
    }

    /** Sends a pong (at most 125 bytes). */
    public void pong(byte[] payload) throws IOException {
        send(10, payload);
    }

    private void send(int opcode, byte[] payload) throws IOException {
        if (!session.canSend()) {
            throw new ClientError("the WebSocket is closed (code " + session.closeCode() + ")");
        }
        session.send(opcode, payload);
    }

    /**
     * Sends a close frame with {@code code} and {@code message}, waits up to {@link #CLOSE_TIMEOUT}
     * seconds for the server's, then closes the connection (aiohttp's {@code close()}). Returns
     * false if the WebSocket was closed already. Suspends.
     */
    public boolean close(int code, String message) {
        return session.close(code, message);
    }

    /** {@link #close(int, String)} with 1000 (normal closure): for try-with-resources. */
    @Override
    public void close() {
        close(1000, "");
    }

    /** Whether the WebSocket is closed. */
    public boolean closed() {
        return session.closed();
    }

    /** The close code: the server's (from its close frame), or 1006 when the connection just ended; 0 while open. */
    public int closeCode() {
        return session.closeCode();
    }

    /**
     * What ended the WebSocket abnormally, or null: aiohttp's {@code exception()}. A
     * {@link io.jasyncio.web.WebSocketError} (with its close code) after a protocol violation, a
     * {@link TimeoutError} when the heartbeat's pong or the server's close frame did not come in
     * time, the transport's error when the connection broke.
     */
    public Throwable exception() {
        return session.exception();
    }
}
