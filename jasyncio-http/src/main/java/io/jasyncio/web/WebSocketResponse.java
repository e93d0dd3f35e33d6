package io.jasyncio.web;

import io.jasyncio.Asyncio;
import io.jasyncio.TimeoutError;
import io.jasyncio.http.internal.ws.WsHandshake;
import io.jasyncio.http.internal.ws.WsSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
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
 * and closes the connection (1006) when no pong comes within half the period; a message over
 * {@code maxMsgSize} (4 MiB) closes with 1009; permessage-deflate is used when the client offers
 * it (no context takeover either way). Reading pauses while 64 messages wait unreceived; the
 * frames sent while answering the messages of one read leave in one write.
 *
 * <p>Loop-confined: one task receives at a time. Sending and receiving suspend and throw
 * {@link IOException} once the connection is gone, {@link io.jasyncio.CancelledError} on cancel.
 */
public final class WebSocketResponse extends StreamResponse implements Iterable<WSMessage> {
    private double heartbeat;
    private boolean autoping = true;
    private int maxMsgSize = 4 * 1024 * 1024;
    private boolean compress = true;
    private WsSession session;

    /** A WebSocket response with aiohttp's defaults (autoping, 4 MiB messages, compression offered). */
    public WebSocketResponse() {
        super(101, null);
    }

    /** Pings the client every {@code seconds} (0: never) and closes if no pong comes in half of it. */
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

    /** Whether the request is a WebSocket handshake this response can accept ({@code can_prepare}). */
    public static boolean canPrepare(Request request) {
        return handshakeError(request) == null;
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
        boolean deflate = compress && acceptsDeflate(request.headers().getAll("Sec-WebSocket-Extensions"));
        headers().set("Upgrade", "websocket");
        headers().set("Connection", "upgrade");
        headers().set("Sec-WebSocket-Accept", accept(request.headers().get("Sec-WebSocket-Key")));
        if (deflate) {
            headers().set("Sec-WebSocket-Extensions", "permessage-deflate; server_no_context_takeover; client_no_context_takeover");
        }
        super.prepare(request);
        session = WsSession.server(connection.transport(), deflate, maxMsgSize, autoping, heartbeat);
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

    /** Accepts an offer of permessage-deflate that lets the server use its full 15-bit window. */
    private static boolean acceptsDeflate(Iterable<String> headers) {
        for (String header : headers) {
            for (String offer : header.split(",")) {
                String[] params = offer.split(";");
                if (!params[0].trim().equalsIgnoreCase("permessage-deflate")) {
                    continue;
                }
                boolean ok = true;
                for (int i = 1; i < params.length; i++) {
                    String p = params[i].trim().toLowerCase(Locale.ROOT);
                    if (p.startsWith("server_max_window_bits") && !p.endsWith("=15")) {
                        ok = false;
                    }
                }
                if (ok) {
                    return true;
                }
            }
        }
        return false;
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

    /** The close code (from the peer's close frame, or 1006 when the connection just ended). */
    public int closeCode() {
        return session == null ? 0 : session.closeCode();
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
