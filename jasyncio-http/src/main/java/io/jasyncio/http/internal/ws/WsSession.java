package io.jasyncio.http.internal.ws;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.TimeoutError;
import io.jasyncio.TimerHandle;
import io.jasyncio.http.internal.GatheredWrites;
import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.Transport;
import io.jasyncio.web.WSMessage;
import io.jasyncio.web.WSMsgType;
import io.jasyncio.web.WebSocketError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * One open WebSocket connection, either side (RFC 6455 after the handshake): the state machine
 * that aiohttp's {@code web.WebSocketResponse} and {@code ClientWebSocketResponse} share. It is the
 * connection's {@link Protocol}: the loop's read callbacks feed the frame parser, whole messages
 * wait in an inbox for {@link #receive()}; pings are answered ({@code autoping}), the close
 * handshake is echoed, protocol errors and messages over {@code maxMsgSize} close with their code.
 *
 * <p>The {@code heartbeat} as aiohttp's since 3.13 (aio-libs/aiohttp#12030): a ping goes out when
 * nothing has been received for {@code heartbeat} seconds, and the connection ends (1006) when
 * nothing, pong or any other data, comes within half of it. Any bytes received reset both timers,
 * so a busy peer that is slow to answer pings is not dropped; resetting only records the time
 * (no timer is rescheduled per read: a due timer that finds newer data moves itself on).
 *
 * <p>Fewer system calls per message: frames sent while more received messages wait in the inbox
 * (the task is answering a read batch) are gathered and handed to the transport in one gathering
 * write when the task answers the last of them, when 64 KiB are gathered, before a close frame,
 * when the task suspends in {@code receive()}, or on the loop's next iteration at the latest. A
 * frame sent with nothing waiting goes straight to the transport. Reading pauses while
 * {@value #INBOX_LIMIT} messages wait unreceived and resumes at half of that (back-pressure).
 *
 * <p>Loop-confined. Client frames are masked, server frames are not (RFC 6455 §5.3).
 */
public final class WsSession implements Protocol, Iterable<WSMessage> {
    /** aiohttp's close timeout: how long {@link #close} waits for the peer's close frame, in seconds. */
    public static final double CLOSE_TIMEOUT = 10;
    static final int INBOX_LIMIT = 64;
    private static final byte[] NOTHING = new byte[0];

    private final EventLoop loop;
    private final Transport transport;
    private final WsFrameParser parser;
    private final WsFrameWriter writer;
    private final boolean autoping;
    private final boolean autoclose;
    private final double heartbeat;
    private final Runnable onFinished;
    private final ArrayDeque<WSMessage> inbox = new ArrayDeque<>();
    private final ArrayList<Future<Void>> receivers = new ArrayList<>(1);
    private final GatheredWrites gathered;
    private Future<Void> writable;
    private boolean writePaused;
    private boolean readingPaused;
    private boolean closeSent;
    private boolean closed;
    private int closeCode;
    private Throwable exception;
    private TimerHandle heartbeatTimer;
    private TimerHandle pongTimer;
    private double lastReceived;

    private WsSession(Transport transport, boolean client, int windowBits, int maxMsgSize, boolean autoping,
            boolean autoclose, double heartbeat, Runnable onFinished) {
        this.loop = Asyncio.getRunningLoop();
        this.transport = transport;
        this.autoping = autoping;
        this.autoclose = autoclose;
        this.heartbeat = heartbeat;
        this.onFinished = onFinished;
        this.gathered = new GatheredWrites(loop);
        gathered.setTransport(transport);
        this.writer = new WsFrameWriter(client, windowBits);
        this.parser = new WsFrameParser(!client, maxMsgSize, windowBits != 0, new WsFrameParser.Listener() {
            @Override
            public void onMessage(int opcode, byte[] payload) {
                deliver(new WSMessage(opcode == 1 ? WSMsgType.TEXT : WSMsgType.BINARY, payload, 0));
            }

            @Override
            public void onControl(int opcode, byte[] payload) {
                control(opcode, payload);
            }
        });
        // the handshake's writes may have filled the buffer before this protocol was told of it
        this.writePaused = transport.getWriteBufferSize() > transport.getWriteBufferHighWaterMark();
    }

    /**
     * The server side of a connection that answered 101: expects masked frames, sends unmasked
     * ones, always echoes the peer's close. {@code windowBits}: 0 without permessage-deflate, else
     * the window our messages may use (8..15).
     */
    public static WsSession server(Transport transport, int windowBits, int maxMsgSize, boolean autoping, double heartbeat) {
        return new WsSession(transport, false, windowBits, maxMsgSize, autoping, true, heartbeat, () -> {});
    }

    /**
     * The client side: masks its frames, expects unmasked ones; {@code autoclose} false leaves the
     * answer to the server's close to the user; {@code onFinished} runs once, when the WebSocket ends.
     */
    public static WsSession client(Transport transport, int windowBits, int maxMsgSize, boolean autoping,
            boolean autoclose, double heartbeat, Runnable onFinished) {
        return new WsSession(transport, true, windowBits, maxMsgSize, autoping, autoclose, heartbeat, onFinished);
    }

    /**
     * Takes the connection over once this session is the transport's protocol: feeds
     * {@code already} (the bytes that came with the handshake), ends at once if the peer has
     * already gone ({@code gone}), resumes reading (the handshake paused it) and starts the heartbeat.
     */
    public void start(byte[] already, boolean gone) {
        if (already.length > 0) {
            dataReceived(ByteBuffer.wrap(already));
        }
        if (gone) {
            finish(closeCode == 0 ? 1006 : closeCode);
        }
        if (!closed && !readingPaused) {
            transport.resumeReading();
        }
        if (heartbeat > 0 && !closed) {
            lastReceived = loop.time();
            heartbeatTimer = loop.callAt(lastReceived + heartbeat, this::heartbeatDue);
        }
    }

    // ---- the protocol side (loop callbacks) ----

    @Override
    public void dataReceived(ByteBuffer data) {
        if (closed) {
            return;
        }
        if (heartbeat > 0) {
            heard();
        }
        try {
            parser.feed(data);
        } catch (WebSocketError e) {
            exception = e;
            deliver(new WSMessage(WSMsgType.ERROR, e.getMessage().getBytes(StandardCharsets.UTF_8), e.code()));
            sendCloseNow(e.code(), e.getMessage());
            finish(e.code());
        }
    }

    @Override
    public boolean eofReceived() {
        finish(closeCode == 0 ? 1006 : closeCode);
        return false;
    }

    @Override
    public void connectionLost(Throwable exc) {
        if (exc != null && !closed) {
            exception = exc;
            deliver(new WSMessage(WSMsgType.ERROR, String.valueOf(exc.getMessage()).getBytes(StandardCharsets.UTF_8), 1006));
        }
        finish(closeCode == 0 ? 1006 : closeCode);
    }

    @Override
    public void pauseWriting() {
        writePaused = true;
    }

    @Override
    public void resumeWriting() {
        writePaused = false;
        if (writable != null && !writable.done()) {
            writable.setResult(null);
        }
    }

    private void control(int opcode, byte[] payload) {
        switch (opcode) {
            case 9 -> {
                if (autoping) {
                    write(writer.frame(10, payload));
                } else {
                    deliver(new WSMessage(WSMsgType.PING, payload, 0));
                }
            }
            case 10 -> {
                if (!autoping) {
                    deliver(new WSMessage(WSMsgType.PONG, payload, 0));
                }
            }
            default -> {
                int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                byte[] reason = payload.length > 2 ? Arrays.copyOfRange(payload, 2, payload.length) : NOTHING;
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
        if (inbox.size() >= INBOX_LIMIT && !readingPaused && !closed) {
            readingPaused = true;
            transport.pauseReading();
        }
        wakeReceivers();
    }

    private void wakeReceivers() {
        for (int i = 0; i < receivers.size(); i++) {
            Future<Void> f = receivers.get(i);
            if (!f.done()) {
                f.setResult(null);
            }
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
        gathered.flush();
        if (!transport.isClosing()) {
            transport.close();
        }
        wakeReceivers();
        resumeWriting();
        onFinished.run();
    }

    // ---- the user's side (tasks) ----

    /**
     * The next message: TEXT, BINARY, PING/PONG (autoping off), CLOSE (the peer's close frame),
     * ERROR; once the connection has ended, CLOSED again and again. A message already parsed is
     * returned without suspending; otherwise suspends (after handing gathered frames to the
     * transport). Each concurrent caller gets its own message.
     */
    public WSMessage receive() {
        while (inbox.isEmpty() && !closed) {
            gathered.flush(); // the batch is answered: its frames go out before this task sleeps
            Future<Void> f = loop.createFuture();
            receivers.add(f);
            try {
                f.await();
            } finally {
                receivers.remove(f);
            }
        }
        WSMessage m = inbox.poll();
        if (readingPaused && inbox.size() <= INBOX_LIMIT / 2) {
            readingPaused = false;
            transport.resumeReading();
        }
        return m != null ? m : new WSMessage(WSMsgType.CLOSED, NOTHING, closeCode);
    }

    /**
     * Messages until the WebSocket ends ({@code async for msg in ws}): iteration stops at CLOSE,
     * CLOSED and ERROR. {@code hasNext()} suspends as {@link #receive()} does.
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
                    if (ends(m)) {
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

    private static boolean ends(WSMessage m) {
        return m.type() == WSMsgType.CLOSE || m.type() == WSMsgType.CLOSED || m.type() == WSMsgType.ERROR;
    }

    /** Whether a message may still be sent: open, and no close frame sent yet. */
    public boolean canSend() {
        return !closed && !closeSent;
    }

    /**
     * Sends one message or control frame ({@code opcode} 1 text, 2 binary, 9 ping, 10 pong);
     * suspends while the transport's buffer is over its high-water mark.
     *
     * @throws IllegalArgumentException for a control frame over 125 bytes
     * @throws IOException if the WebSocket is closed, or the connection is lost while waiting
     */
    public void send(int opcode, byte[] payload) throws IOException {
        if (opcode >= 8 && payload.length > 125) {
            throw new IllegalArgumentException("a control frame payload is at most 125 bytes: " + payload.length);
        }
        if (!canSend()) {
            throw new IOException("the WebSocket is closed (code " + closeCode + ")");
        }
        write(writer.frame(opcode, payload));
        if (writePaused) {
            gathered.flush();
            while (writePaused && !closed) {
                writable = loop.createFuture();
                writable.await();
            }
            if (closed) {
                throw new IOException("the WebSocket connection was lost (code " + closeCode + ")");
            }
        }
    }

    /**
     * Sends a close frame with {@code code} and {@code message} (unless one was sent), waits up to
     * {@link #CLOSE_TIMEOUT} seconds for the peer's (dropping messages that come first), then closes
     * the connection: aiohttp's {@code close()}. False if the WebSocket was closed already. Suspends.
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
                    if (ends(receive())) {
                        break;
                    }
                }
            });
        } catch (TimeoutError e) {
            exception = e; // aiohttp: no close frame in time is a TimeoutError and 1006
            finish(1006);
        } finally {
            finish(code);
        }
        return true;
    }

    /** Whether the connection has ended. */
    public boolean closed() {
        return closed;
    }

    /** The close code: the peer's (from its close frame), or 1006 when the connection just ended; 0 while open. */
    public int closeCode() {
        return closeCode;
    }

    /**
     * What ended the WebSocket abnormally, as aiohttp's {@code exception()}: a
     * {@link WebSocketError} for a protocol violation, a {@link TimeoutError} when the heartbeat's
     * pong or the close handshake did not come, the transport's error when the connection was lost;
     * null otherwise.
     */
    public Throwable exception() {
        return exception;
    }

    // ---- writing: frames gathered while a read batch is answered ----

    private void sendCloseNow(int code, String message) {
        closeSent = true;
        write(writer.close(code, message.getBytes(StandardCharsets.UTF_8)));
        gathered.flush();
    }

    /** Writes one frame now, or gathers it while more received messages wait to be answered. */
    private void write(byte[] frame) {
        if (transport.isClosing()) {
            return;
        }
        if (gathered.isEmpty() && inbox.isEmpty()) {
            transport.write(frame);
            return;
        }
        gathered.add(frame);
        if (inbox.isEmpty()) {
            gathered.flush(); // the last waiting message is answered
        }
    }

    /** Bytes came: the peer is alive (aiohttp resets its heartbeat on any data since 3.13). */
    private void heard() {
        lastReceived = loop.time();
        if (pongTimer != null) {
            pongTimer.cancel();
            pongTimer = null;
        }
    }

    private void heartbeatDue() {
        if (closed) {
            return;
        }
        double due = lastReceived + heartbeat;
        if (due - loop.time() > 1e-6) {
            heartbeatTimer = loop.callAt(due, this::heartbeatDue); // data came since this timer was set
            return;
        }
        write(writer.frame(9, NOTHING));
        if (pongTimer == null) {
            pongTimer = loop.callLater(heartbeat / 2, this::noPong);
        }
        heartbeatTimer = loop.callLater(heartbeat, this::heartbeatDue);
    }

    /** aiohttp: nothing within half the heartbeat after a ping means the peer is gone (1006). */
    private void noPong() {
        pongTimer = null;
        if (closed) {
            return;
        }
        exception = new TimeoutError("No PONG received after " + heartbeat / 2 + " seconds");
        deliver(new WSMessage(WSMsgType.ERROR, "no pong within the heartbeat".getBytes(StandardCharsets.UTF_8), 1006));
        finish(1006);
    }
}
