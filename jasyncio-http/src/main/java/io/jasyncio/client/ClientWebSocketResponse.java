package io.jasyncio.client;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.TimeoutError;
import io.jasyncio.TimerHandle;
import io.jasyncio.http.internal.ws.WsFrameParser;
import io.jasyncio.http.internal.ws.WsFrameWriter;
import io.jasyncio.http.internal.ws.WsProtocolError;
import io.jasyncio.web.JsonCodec;
import io.jasyncio.web.WSMessage;
import io.jasyncio.web.WSMsgType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

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
 * <p>A reader task of its own takes frames off the socket as they come, so pings are answered
 * ({@code autoping}) and the {@code heartbeat}'s pongs seen while the user task is busy; it stops
 * reading (back-pressure) while 64 messages wait unreceived. A message over {@code maxMsgSize}
 * closes with 1009, a protocol error with its code; both arrive as an ERROR message. The
 * connection holds a pool slot until the WebSocket closes.
 *
 * <p>Loop-confined: one task receives at a time. Sends suspend while the server is slow and
 * throw {@link ClientError} once the WebSocket is closed; every suspending method throws
 * {@link CancelledError} on cancel.
 */
public final class ClientWebSocketResponse implements Iterable<WSMessage>, AutoCloseable {
    /** aiohttp's {@code ws_close} timeout: how long {@link #close} waits for the server's close frame. */
    public static final double CLOSE_TIMEOUT = 10;
    private static final int INBOX_LIMIT = 64;

    private final EventLoop loop;
    private final Pool pool;
    private final Connection connection;
    private final WsFrameParser parser;
    private final WsFrameWriter writer;
    private final JsonCodec json;
    private final String protocol;
    private final boolean compressed;
    private final boolean autoping;
    private final boolean autoclose;
    private final double heartbeat;
    private final ArrayDeque<WSMessage> inbox = new ArrayDeque<>();
    private Future<Void> waiter;
    private Future<Void> space;
    private boolean closeSent;
    private boolean closed;
    private int closeCode;
    private TimerHandle heartbeatTimer;
    private TimerHandle pongTimer;
    private final Task<Void> reader;

    ClientWebSocketResponse(Pool pool, Connection connection, WsConnectOptions opts, String protocol, boolean deflate,
            JsonCodec json, byte[] firstBytes) {
        this.loop = Asyncio.getRunningLoop();
        this.pool = pool;
        this.connection = connection;
        this.json = json;
        this.protocol = protocol;
        this.compressed = deflate;
        this.autoping = opts.autoping();
        this.autoclose = opts.autoclose();
        this.heartbeat = opts.heartbeat();
        this.writer = new WsFrameWriter(true, deflate); // a client masks every frame (RFC 6455 §5.3)
        this.parser = new WsFrameParser(false, opts.maxMsgSize(), deflate, new WsFrameParser.Listener() {
            @Override
            public void onMessage(int opcode, byte[] payload) {
                deliver(new WSMessage(opcode == 1 ? WSMsgType.TEXT : WSMsgType.BINARY, payload, 0));
            }

            @Override
            public void onControl(int opcode, byte[] payload) {
                control(opcode, payload);
            }
        });
        received(firstBytes);
        this.reader = closed ? null : Asyncio.createTask(this::readLoop);
        scheduleHeartbeat();
    }

    /** The subprotocol the server chose from those offered, or null. */
    public String protocol() {
        return protocol;
    }

    /** Whether permessage-deflate was negotiated. */
    public boolean compressed() {
        return compressed;
    }

    // ---- receiving: the reader task and the frame parser's callbacks ----

    private void readLoop() {
        try {
            while (!closed) {
                while (inbox.size() >= INBOX_LIMIT && !closed) {
                    space = loop.createFuture();
                    space.await();
                }
                if (closed) {
                    return;
                }
                byte[] data = connection.io.reader().read(Connection.READ_SIZE);
                if (data.length == 0) {
                    finish(closeCode == 0 ? 1006 : closeCode);
                    return;
                }
                received(data);
            }
        } catch (IOException e) {
            deliver(new WSMessage(WSMsgType.ERROR, String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8), 1006));
            finish(1006);
        }
    }

    private void received(byte[] data) {
        if (closed || data.length == 0) {
            return;
        }
        try {
            parser.feed(ByteBuffer.wrap(data));
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
                byte[] reason = payload.length > 2 ? Arrays.copyOfRange(payload, 2, payload.length) : new byte[0];
                closeCode = code;
                deliver(new WSMessage(WSMsgType.CLOSE, reason, code));
                if (autoclose || closeSent) {
                    if (!closeSent) {
                        sendCloseNow(code == 1005 ? 1000 : code, ""); // echo the close (RFC 6455 §5.5.1)
                    }
                    finish(code);
                }
            }
        }
    }

    private void deliver(WSMessage msg) {
        inbox.add(msg);
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
        if (heartbeatTimer != null) {
            heartbeatTimer.cancel();
        }
        if (pongTimer != null) {
            pongTimer.cancel();
        }
        pool.release(connection, false); // a WebSocket connection is never reused for HTTP
        if (waiter != null && !waiter.done()) {
            waiter.setResult(null);
        }
        if (space != null && !space.done()) {
            space.setResult(null);
        }
        if (reader != null && !reader.done() && Asyncio.currentTask() != reader) {
            reader.cancel();
        }
    }

    // ---- the user's side ----

    /**
     * The next message: TEXT, BINARY, PING/PONG (autoping off), CLOSE (the server's close frame),
     * ERROR; after the WebSocket has closed, CLOSED again and again. Suspends.
     */
    public WSMessage receive() {
        while (inbox.isEmpty() && !closed) {
            waiter = loop.createFuture();
            try {
                waiter.await();
            } finally {
                waiter = null;
            }
        }
        WSMessage m = inbox.poll();
        if (space != null && !space.done() && inbox.size() < INBOX_LIMIT) {
            space.setResult(null);
        }
        return m != null ? m : new WSMessage(WSMsgType.CLOSED, new byte[0], closeCode);
    }

    /**
     * {@link #receive()} within {@code timeout} seconds.
     *
     * @throws TimeoutError when no message comes in time
     */
    public WSMessage receive(double timeout) {
        return Asyncio.timeout(timeout, () -> receive());
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
        return new Iterator<>() {
            private WSMessage next;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (next == null && !done) {
                    WSMessage m = receive();
                    if (m.type() == WSMsgType.CLOSE || m.type() == WSMsgType.CLOSED || m.type() == WSMsgType.ERROR) {
                        done = true;
                    } else {
                        next = m;
                    }
                }
                return next != null;
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

    /** Sends a text message; suspends while the server is slow. */
    public void sendStr(String text) throws IOException {
        send(1, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a binary message. */
    public void sendBytes(byte[] data) throws IOException {
        send(2, data.clone());
    }

    /** Sends {@code value} as JSON text (the session's codec). */
    public void sendJson(Object value) throws IOException {
        send(1, json.dumps(value));
    }

    /** Sends a ping (at most 125 bytes). */
    public void ping(byte[] payload) throws IOException {
        send(9, payload.clone());
    }

    /** Sends a pong (at most 125 bytes). */
    public void pong(byte[] payload) throws IOException {
        send(10, payload.clone());
    }

    private void send(int opcode, byte[] payload) throws IOException {
        if (closed || closeSent) {
            throw new ClientError("the WebSocket is closed (code " + closeCode + ")");
        }
        if (opcode >= 8 && payload.length > 125) {
            throw new IllegalArgumentException("a control frame payload is at most 125 bytes: " + payload.length);
        }
        connection.io.writer().write(writer.frame(opcode, payload));
        connection.io.writer().drain();
    }

    /**
     * Sends a close frame with {@code code} and {@code message}, waits up to {@link #CLOSE_TIMEOUT}
     * seconds for the server's, then closes the connection (aiohttp's {@code close()}). Returns
     * false if the WebSocket was closed already. Suspends.
     */
    public boolean close(int code, String message) {
        if (closed) {
            return false;
        }
        if (!closeSent) {
            sendCloseNow(code, message == null ? "" : message);
        }
        try {
            Asyncio.timeout(CLOSE_TIMEOUT, () -> {
                while (!closed) {
                    WSMessage m = receive();
                    if (m.type() == WSMsgType.CLOSE || m.type() == WSMsgType.CLOSED || m.type() == WSMsgType.ERROR) {
                        break;
                    }
                }
            });
        } catch (TimeoutError e) {
            finish(1006);
        } finally {
            finish(code);
        }
        return true;
    }

    /** {@link #close(int, String)} with 1000 (normal closure): for try-with-resources. */
    @Override
    public void close() {
        close(1000, "");
    }

    private void sendCloseNow(int code, String message) {
        closeSent = true;
        rawWrite(writer.close(code, message.getBytes(StandardCharsets.UTF_8)));
    }

    private void rawWrite(byte[] frame) {
        if (!connection.io.writer().isClosing()) {
            connection.io.writer().write(frame);
        }
    }

    /** Whether the WebSocket is closed. */
    public boolean closed() {
        return closed;
    }

    /** The close code: the server's (from its close frame), or 1006 when the connection just ended; 0 while open. */
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
            if (pongTimer == null) {
                pongTimer = loop.callLater(heartbeat / 2, () -> {
                    // aiohttp: no pong within half the heartbeat means the server is gone (1006)
                    deliver(new WSMessage(WSMsgType.ERROR, "no pong within the heartbeat".getBytes(StandardCharsets.UTF_8), 1006));
                    finish(1006);
                });
            }
            scheduleHeartbeat();
        });
    }
}
