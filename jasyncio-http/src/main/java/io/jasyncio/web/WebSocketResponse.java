package io.jasyncio.web;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.TimeoutError;
import io.jasyncio.TimerHandle;
import io.jasyncio.http.internal.ws.WsFrameParser;
import io.jasyncio.http.internal.ws.WsFrameWriter;
import io.jasyncio.http.internal.ws.WsHandshake;
import io.jasyncio.http.internal.ws.WsProtocolError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;

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
 * it (no context takeover either way).
 *
 * <p>Loop-confined: one task receives at a time. Sending and receiving suspend and throw
 * {@link IOException} once the connection is gone, {@link io.jasyncio.CancelledError} on cancel.
 */
public final class WebSocketResponse extends StreamResponse implements Iterable<WSMessage> {
    private static final double CLOSE_TIMEOUT = 10;

    private double heartbeat;
    private boolean autoping = true;
    private int maxMsgSize = 4 * 1024 * 1024;
    private boolean compress = true;
    private EventLoop loop;
    private WsFrameParser parser;
    private WsFrameWriter writer;
    private final ArrayDeque<WSMessage> inbox = new ArrayDeque<>();
    private Future<Void> waiter;
    private boolean closeSent;
    private boolean closed;
    private int closeCode;
    private TimerHandle heartbeatTimer;
    private TimerHandle pongTimer;

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
        loop = Asyncio.getRunningLoop();
        parser = new WsFrameParser(true, maxMsgSize, deflate, new WsFrameParser.Listener() {
            @Override
            public void onMessage(int opcode, byte[] payload) {
                deliver(new WSMessage(opcode == 1 ? WSMsgType.TEXT : WSMsgType.BINARY, payload, 0));
            }

            @Override
            public void onControl(int opcode, byte[] payload) {
                control(opcode, payload);
            }
        });
        writer = new WsFrameWriter(false, deflate);
        super.prepare(request);
        connection.upgrade(new HttpConnection.UpgradedSink() {
            @Override
            public void onData(ByteBuffer data) {
                received(data);
            }

            @Override
            public void onClosed(Throwable exc) {
                finish(closeCode == 0 ? 1006 : closeCode);
            }
        });
        scheduleHeartbeat();
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

    // ---- receiving (loop callbacks) ----

    private void received(ByteBuffer data) {
        if (closed) {
            return;
        }
        try {
            parser.feed(data);
        } catch (WsProtocolError e) {
            deliver(new WSMessage(WSMsgType.ERROR, e.getMessage().getBytes(StandardCharsets.UTF_8), e.closeCode()));
            sendCloseNow(e.closeCode(), e.getMessage());
            finish(e.closeCode());
        }
    }

    private void control(int opcode, byte[] payload) {
        switch (opcode) {
            case 9 -> {
                if (autoping) {
                    rawWrite(writer.frame(10, payload));
                } else {
                    deliver(new WSMessage(WSMsgType.PING, payload, 0));
                }
            }
            case 10 -> {
                if (pongTimer != null) {
                    pongTimer.cancel();
                    pongTimer = null;
                }
                if (!autoping) {
                    deliver(new WSMessage(WSMsgType.PONG, payload, 0));
                }
            }
            default -> {
                int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                byte[] reason = payload.length > 2 ? java.util.Arrays.copyOfRange(payload, 2, payload.length) : new byte[0];
                closeCode = code;
                deliver(new WSMessage(WSMsgType.CLOSE, reason, code));
                if (!closeSent) {
                    sendCloseNow(code == 1005 ? 1000 : code, ""); // echo the close (RFC 6455 §5.5.1)
                }
                finish(code);
            }
        }
    }

    private void deliver(WSMessage msg) {
        inbox.add(msg);
        wake();
    }

    private void wake() {
        if (waiter != null && !waiter.done()) {
            waiter.setResult(null);
        }
    }

    private void finish(int code) {
        if (closed) {
            return;
        }
        closed = true;
        if (closeCode == 0) {
            closeCode = code;
        }
        cancelTimers();
        if (!connection.transport().isClosing()) {
            connection.transport().close();
        }
        wake();
    }

    // ---- the task's API ----

    /**
     * The next message; after the connection ends, CLOSED (again and again). Suspends.
     *
     * @throws IllegalStateException if not prepared
     */
    public WSMessage receive() {
        if (!prepared()) {
            throw new IllegalStateException("receive() before prepare()");
        }
        while (inbox.isEmpty() && !closed) {
            waiter = loop.createFuture();
            waiter.await();
        }
        WSMessage m = inbox.poll();
        return m != null ? m : new WSMessage(WSMsgType.CLOSED, new byte[0], closeCode);
    }

    /**
     * {@link #receive()} with a timeout in seconds.
     *
     * @throws TimeoutError when no message comes in time
     */
    public WSMessage receive(double timeout) {
        return Asyncio.timeout(timeout, () -> receive());
    }

    /**
     * Messages until the peer closes, as {@code async for msg in ws}: TEXT and BINARY (and PING/PONG
     * with autoping off); iteration ends at CLOSE, CLOSED or ERROR. {@code hasNext()} suspends.
     */
    @Override
    public Iterator<WSMessage> iterator() {
        return new Iterator<>() {
            private WSMessage next;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (next != null) {
                    return true;
                }
                if (done) {
                    return false;
                }
                WSMessage m = receive();
                if (m.type() == WSMsgType.CLOSE || m.type() == WSMsgType.CLOSED || m.type() == WSMsgType.ERROR) {
                    done = true;
                    return false;
                }
                next = m;
                return true;
            }

            @Override
            public WSMessage next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                WSMessage m = next;
                next = null;
                return m;
            }
        };
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

    /** Sends a ping. */
    public void ping(byte[] payload) throws IOException {
        send(9, payload);
    }

    /** Sends a pong. */
    public void pong(byte[] payload) throws IOException {
        send(10, payload);
    }

    private void send(int opcode, byte[] payload) throws IOException {
        if (!prepared()) {
            throw new IllegalStateException("send before prepare()");
        }
        if (closed || closeSent) {
            throw new IOException("the WebSocket is closed");
        }
        if (opcode >= 8 && payload.length > 125) {
            throw new IllegalArgumentException("a control frame payload is at most 125 bytes: " + payload.length);
        }
        connection.write(writer.frame(opcode, payload));
        connection.drain();
    }

    /**
     * Starts the close handshake with {@code code} and {@code message}, waits (up to 10 s) for the
     * client's close, then closes the connection. Returns false if it was already closed.
     */
    public boolean close(int code, String message) {
        if (closed && closeSent) {
            return false;
        }
        if (!closeSent && !closed) {
            sendCloseNow(code, message == null ? "" : message);
        }
        try {
            Asyncio.timeout(CLOSE_TIMEOUT, this::awaitPeerClose);
        } catch (TimeoutError e) {
            finish(1006);
        }
        finish(code);
        return true;
    }

    private Void awaitPeerClose() {
        while (!closed) {
            WSMessage m = receive();
            if (m.type() == WSMsgType.CLOSED || m.type() == WSMsgType.CLOSE || m.type() == WSMsgType.ERROR) {
                break;
            }
        }
        return null;
    }

    /** {@link #close(int, String)} with 1000 (normal closure). */
    public boolean close() {
        return close(1000, "");
    }

    private void sendCloseNow(int code, String message) {
        closeSent = true;
        rawWrite(writer.close(code, message.getBytes(StandardCharsets.UTF_8)));
    }

    private void rawWrite(byte[] frame) {
        if (!connection.transport().isClosing()) {
            connection.transport().write(frame);
        }
    }

    /** Whether the connection is closed. */
    public boolean closed() {
        return closed;
    }

    /** The close code (from the peer's close frame, or 1006 when the connection just ended). */
    public int closeCode() {
        return closeCode;
    }

    private void scheduleHeartbeat() {
        if (heartbeat <= 0 || closed) {
            return;
        }
        heartbeatTimer = loop.callLater(heartbeat, () -> {
            if (closed) {
                return;
            }
            rawWrite(writer.frame(9, new byte[0]));
            pongTimer = loop.callLater(heartbeat / 2, () -> {
                // aiohttp: no pong within half the heartbeat means the peer is gone (1006)
                deliver(new WSMessage(WSMsgType.ERROR, "no pong within the heartbeat".getBytes(StandardCharsets.UTF_8), 1006));
                finish(1006);
            });
            scheduleHeartbeat();
        });
    }

    private void cancelTimers() {
        if (heartbeatTimer != null) {
            heartbeatTimer.cancel();
        }
        if (pongTimer != null) {
            pongTimer.cancel();
        }
    }

    @Override
    void send(Request request) {
        if (!prepared()) {
            throw new HTTPInternalServerError("the handler returned a WebSocketResponse it did not prepare");
        }
        if (!closed) {
            close();
        }
    }
}
