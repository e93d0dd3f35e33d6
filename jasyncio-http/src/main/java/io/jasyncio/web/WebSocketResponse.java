package io.jasyncio.web;

import io.jasyncio.Asyncio;
import io.jasyncio.TimeoutError;
import io.jasyncio.http.Headers;
import io.jasyncio.http.internal.ws.PermessageDeflate;
import io.jasyncio.http.internal.ws.WsHandshake;
import io.jasyncio.http.internal.ws.WsSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The server side of a WebSocket (RFC 6455): aiohttp's {@code web.WebSocketResponse}. A handler
 * prepares it from the request (the 101 handshake), then sends and receives messages, and returns
 * it when done:
 * <pre>{@code
 * WebSocketResponse ws = new WebSocketResponse();
 * ws.prepare(request);
 * for (WSMessage msg : ws) {              // suspends for each message, ends at close
 *     ws.sendStr("echo: " + msg.text());
 * }
 * return ws;
 * }</pre>
 * Pings are answered by themselves ({@code autoping}); with a {@code heartbeat} the server pings
 * after that long without hearing from the client and closes the connection (1006) when nothing,
 * pong or data, comes within half the period; a message over {@code maxMsgSize} (4 MiB) closes
 * with 1009; permessage-deflate is used when the client offers it (our messages without context
 * takeover, within the window the client asks). Subprotocols as aiohttp's {@code protocols=}:
 * the first the client offers that the server knows, else none (a warning is logged and the
 * handshake still succeeds). Reading pauses while 64 messages wait unreceived; the frames sent
 * while answering the messages of one read leave in one write.
 *
 * <p>Loop-confined: one task receives at a time. Sending and receiving suspend and throw
 * {@link IOException} once the connection is gone, {@link io.jasyncio.CancelledError} on cancel.
 */
public final class WebSocketResponse extends StreamResponse implements Iterable<WSMessage> {
    private static final System.Logger LOG = System.getLogger("io.jasyncio.web.websocket");
    private List<String> protocols = List.of();
    private String protocol;
    private boolean compressed;
    private double heartbeat;
    private boolean autoping = true;
    private int maxMsgSize = 4 * 1024 * 1024;
    private boolean compress = true;
    private WsSession session;

    /** A WebSocket response with aiohttp's defaults (autoping, 4 MiB messages, compression offered). */
    public WebSocketResponse() {
        super(101, null);
    }

    /**
     * The subprotocols this server speaks (aiohttp's {@code protocols=}); the handshake answers the
     * first one the client offers in {@code Sec-WebSocket-Protocol} that is among them.
     *
     * @throws IllegalArgumentException if a name is not an HTTP token (RFC 6455 §4.1)
     */
    public WebSocketResponse setProtocols(String... protocols) {
        checkNotPrepared();
        for (String p : protocols) {
            Headers.checkName(p);
        }
        this.protocols = List.of(protocols);
        return this;
    }

    /**
     * Pings the client once nothing came from it for {@code seconds} (0: never), and closes (1006)
     * if nothing comes in half of that after the ping.
     */
    public WebSocketResponse setHeartbeat(double seconds) {
        checkNotPrepared();
        if (seconds < 0) {
            throw new IllegalArgumentException("heartbeat must be >= 0: " + seconds);
        }
        heartbeat = seconds;
        return this;
    }

    /** Whether pings are answered automatically (default) instead of surfacing as PING messages. */
    public WebSocketResponse setAutoping(boolean on) {
        checkNotPrepared();
        autoping = on;
        return this;
    }

    /** The largest message accepted, in bytes (0: no limit); default 4 MiB. */
    public WebSocketResponse setMaxMsgSize(int bytes) {
        checkNotPrepared();
        if (bytes < 0) {
            throw new IllegalArgumentException("maxMsgSize must be >= 0: " + bytes);
        }
        maxMsgSize = bytes;
        return this;
    }

    /** Whether to accept permessage-deflate when the client offers it (default true). */
    public WebSocketResponse setCompress(boolean on) {
        checkNotPrepared();
        compress = on;
        return this;
    }

    /**
     * Whether the request is a WebSocket handshake this response would accept, and the subprotocol
     * it would choose: aiohttp's {@code can_prepare}. Changes nothing.
     *
     * @throws IllegalStateException once prepared (aiohttp: "Already started")
     */
    public WebSocketReady canPrepare(Request request) {
        checkNotPrepared();
        return handshakeError(request) != null ? new WebSocketReady(false, null)
                : new WebSocketReady(true, chooseProtocol(request, false));
    }

    /**
     * Checks the handshake and answers 101: the connection is a WebSocket from then on.
     *
     * @throws HTTPBadRequest if the request is not a valid WebSocket handshake
     */
    @Override
    public void prepare(Request request) throws IOException {
        if (prepared()) {
            return;
        }
        String error = handshakeError(request);
        if (error != null) {
            throw new HTTPBadRequest(error);
        }
        PermessageDeflate deflate = compress ? PermessageDeflate.acceptOffer(request.headers().getAll("Sec-WebSocket-Extensions")) : null;
        String chosen = chooseProtocol(request, true);
        headers().set("Upgrade", "websocket");
        headers().set("Connection", "upgrade");
        headers().set("Sec-WebSocket-Accept", accept(request.headers().get("Sec-WebSocket-Key")));
        if (chosen != null) {
            headers().set("Sec-WebSocket-Protocol", chosen);
        }
        if (deflate != null) {
            headers().set("Sec-WebSocket-Extensions", deflate.response());
        }
        super.prepare(request);
        protocol = chosen;
        compressed = deflate != null;
        session = WsSession.server(connection.transport(), deflate == null ? 0 : deflate.sendWindowBits(), maxMsgSize,
                autoping, heartbeat);
        session.start(connection.upgrade(session), connection.lost());
    }

    private static String handshakeError(Request request) {
        if (!request.method().equals("GET")) {
            return "a WebSocket handshake must be a GET";
        }
        if (!request.connection().canUpgrade()) {
            return "No WebSocket UPGRADE hdr or Connection: upgrade";
        }
        String upgrade = request.headers().getOrDefault("Upgrade", "");
        if (!upgrade.toLowerCase(Locale.ROOT).contains("websocket")) {
            return "No WebSocket UPGRADE hdr: " + upgrade;
        }
        if (!"13".equals(request.headers().get("Sec-WebSocket-Version"))) {
            return "Unsupported version: " + request.headers().get("Sec-WebSocket-Version");
        }
        String key = request.headers().get("Sec-WebSocket-Key");
        try {
            if (key == null || Base64.getDecoder().decode(key.trim()).length != 16) {
                return "Handshake error: bad Sec-WebSocket-Key";
            }
        } catch (IllegalArgumentException e) {
            return "Handshake error: Sec-WebSocket-Key is not base64";
        }
        return null;
    }

    /**
     * aiohttp's choice: the first protocol the client lists (in its order, over every
     * {@code Sec-WebSocket-Protocol} line) that this server speaks; null if none, with a warning
     * when the client offered some.
     */
    private String chooseProtocol(Request request, boolean warn) {
        List<String> offered = new ArrayList<>();
        for (String line : request.headers().getAll("Sec-WebSocket-Protocol")) {
            for (String p : line.split(",")) {
                if (!p.isBlank()) {
                    offered.add(p.trim());
                }
            }
        }
        for (String p : offered) {
            if (protocols.contains(p)) {
                return p;
            }
        }
        if (warn && !offered.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "Client protocols {0} don''t overlap server-known ones {1}", offered, protocols);
        }
        return null;
    }

    static String accept(String key) {
        return WsHandshake.accept(key);
    }

    // ---- the task's API: the session's ----

    private WsSession session() {
        if (session == null) {
            throw new IllegalStateException("the WebSocket is used before prepare()");
        }
        return session;
    }

    /**
     * The next message; after the connection ends, CLOSED (again and again). A message already
     * received is returned without suspending; otherwise suspends.
     *
     * @throws IllegalStateException if not prepared
     */
    public WSMessage receive() {
        return session().receive();
    }

    /**
     * The next message, which must be TEXT: aiohttp's {@code receive_str()}. Suspends.
     *
     * @throws IllegalStateException naming the type when another kind of message comes (aiohttp's TypeError)
     */
    public String receiveStr() {
        return expect(receive(), WSMsgType.TEXT).text();
    }

    /**
     * The next message, which must be BINARY: aiohttp's {@code receive_bytes()}. Suspends.
     *
     * @throws IllegalStateException naming the type when another kind of message comes (aiohttp's TypeError)
     */
    public byte[] receiveBytes() {
        return expect(receive(), WSMsgType.BINARY).data();
    }

    /**
     * The next message, which must be TEXT, parsed as JSON into a {@code type} (the default codec):
     * aiohttp's {@code receive_json()}. Suspends.
     *
     * @throws IllegalStateException naming the type when another kind of message comes
     */
    public <T> T receiveJson(Class<T> type) {
        return expect(receive(), WSMsgType.TEXT).json(type);
    }

    private static WSMessage expect(WSMessage m, WSMsgType type) {
        if (m.type() != type) {
            throw new IllegalStateException("Received message " + m + " is not " + type);
        }
        return m;
    }

    /**
     * {@link #receive()} with a timeout in seconds.
     *
     * @throws TimeoutError when no message comes in time
     */
    public WSMessage receive(double timeout) {
        session();
        return Asyncio.timeout(timeout, () -> session.receive());
    }

    /**
     * Messages until the peer closes, as {@code async for msg in ws}: TEXT and BINARY (and PING/PONG
     * with autoping off); iteration ends at CLOSE, CLOSED or ERROR. {@code hasNext()} suspends.
     */
    @Override
    public Iterator<WSMessage> iterator() {
        return session().iterator();
    }

    /** Sends a text message. Suspends while the client is slow. */
    public void sendStr(String text) throws IOException {
        send(1, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a binary message. */
    public void sendBytes(byte[] data) throws IOException {
        send(2, data);
    }

    /** Sends {@code value} as JSON text (the default codec). */
    public void sendJson(Object value) throws IOException {
        send(1, JsonCodec.jackson().dumps(value));
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
        if (!session().canSend()) {
            throw new IOException("the WebSocket is closed");
        }
        session.send(opcode, payload);
    }

    /**
     * Starts the close handshake with {@code code} and {@code message}, waits (up to 10 s) for the
     * client's close, then closes the connection. Returns false if it was already closed.
     */
    public boolean close(int code, String message) {
        return session().close(code, message);
    }

    /** {@link #close(int, String)} with 1000 (normal closure). */
    public boolean close() {
        return close(1000, "");
    }

    /** Whether the connection is closed. */
    public boolean closed() {
        return session != null && session.closed();
    }

    /** The close code (from the peer's close frame, or 1006 when the connection just ended); 0 while open. */
    public int closeCode() {
        return session == null ? 0 : session.closeCode();
    }

    /** The subprotocol chosen in the handshake, or null: aiohttp's {@code ws_protocol}. */
    public String protocol() {
        return protocol;
    }

    /** Whether permessage-deflate was negotiated: aiohttp's {@code compress}. */
    public boolean compressed() {
        return compressed;
    }

    /**
     * What ended the WebSocket abnormally, or null: aiohttp's {@code exception()}. A
     * {@link WebSocketError} (with its close code) after a protocol violation, a
     * {@link TimeoutError} when the heartbeat's pong or the client's close frame did not come in
     * time, the transport's error when the connection broke.
     */
    public Throwable exception() {
        return session == null ? null : session.exception();
    }

    @Override
    void send(Request request) {
        if (!prepared()) {
            throw new HTTPInternalServerError("the handler returned a WebSocketResponse it did not prepare");
        }
        if (!session.closed()) {
            close();
        }
    }
}
