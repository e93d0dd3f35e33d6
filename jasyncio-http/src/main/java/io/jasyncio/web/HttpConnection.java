package io.jasyncio.web;

import io.jasyncio.CancelledError;
import io.jasyncio.Context;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.TimerHandle;
import io.jasyncio.http.BadHttpMessage;
import io.jasyncio.http.Headers;
import io.jasyncio.http.internal.HeadersAccess;
import io.jasyncio.http.internal.h1.HttpHead;
import io.jasyncio.http.internal.h1.HttpParser;
import io.jasyncio.http.internal.h1.HttpWriter;
import io.jasyncio.http.internal.h1.ResponseFraming;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.Transport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * One HTTP/1.1 connection: aiohttp's {@code RequestHandler} (web_protocol). The protocol side
 * feeds the parser from the loop's read buffer; each parsed request goes to a queue served in
 * order (pipelining) by a task of the connection, running the handler in that task. Request
 * bodies flow into a per-request {@link StreamReader} with back-pressure on the socket.
 *
 * <p>The serving task starts eagerly ({@link Task#create} with {@code eagerStart}, as aiohttp
 * 3.10 starts its request task with {@code eager_start=True}) at the end of the read that made
 * the queue non-empty, and ends when the queue is empty again: a handler that never suspends is
 * answered inside {@code dataReceived}, without a hand-off through the ready queue. A handler
 * that suspends (reads a body still on its way, waits for the socket to drain, awaits anything)
 * leaves its task to the loop as any task; requests that arrive meanwhile queue up behind it and
 * the same task serves them. Each request runs in its own copy of the context the connection was
 * made in (contextvars, as aiohttp's task per request).
 *
 * <p>Timeouts, as {@code run_app}: a connection idle between requests for the keep-alive timeout
 * (75 s) is closed; so is one whose request head is not complete within the header timeout from
 * its first byte (a slow client cannot hold a connection).
 */
final class HttpConnection implements Protocol, HttpParser.Listener {
    private static final int MAX_PIPELINED = 16;
    private static final Object EOF = new Object();

    private record Incoming(HttpHead head, StreamReader body) {}

    private final AppRunner runner;
    private final EventLoop loop;
    private final HttpParser parser;
    private final HttpWriter writer = new HttpWriter();
    private final ArrayDeque<Object> pending = new ArrayDeque<>();
    private final PipelineCork cork;
    /** The serving task's body, made once: a method reference per task was 16 B per request. */
    private final Coroutine<Void> serveBody = this::serve;
    private Transport transport;
    private Future<Void> drainWaiter;
    /** What every request's context is a copy of: the context current when the connection was made. */
    private Context baseContext;
    /** A task serves the queue now (running, or suspended in a handler); none while the queue is empty. */
    private boolean serving;
    /** The connection is done: the transport is closed or closing and the runner forgot it. */
    private boolean finished;
    private StreamReader currentBody;
    private TimerHandle headTimer;
    private TimerHandle idleTimer;
    private boolean idle;
    private double idleSince;
    private boolean inHead;
    private boolean busy;
    private boolean closing;
    private boolean lost;
    private boolean writePaused;
    private boolean readPausedForPipeline;
    private boolean continueSent;
    private boolean keepAliveAfter;
    /** The protocol the connection switched to (WebSocket): every transport callback goes there. */
    private Protocol upgraded;
    private byte[] upgradeLeftover;

    HttpConnection(AppRunner runner, EventLoop loop) {
        this.runner = runner;
        this.loop = loop;
        this.parser = HttpParser.forRequests(this);
        this.cork = new PipelineCork(loop);
    }

    Transport transport() {
        return transport;
    }

    // ---- protocol side (loop callbacks) ----

    @Override
    public void connectionMade(Transport transport) {
        this.transport = transport;
        cork.setTransport(transport);
        runner.register(this);
        baseContext = Context.copyContext();
        armIdle();
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        if (upgraded != null) {
            upgraded.dataReceived(data);
            return;
        }
        idle = false;
        try {
            parser.feed(data);
        } catch (BadHttpMessage e) {
            if (currentBody != null) {
                currentBody.setException(e);
                currentBody = null;
            }
            transport.pauseReading();
            push(e);
            serveQueue();
            return;
        }
        if (parser.isUpgraded()) {
            // the rest is the new protocol's: kept until a WebSocketResponse takes the connection
            byte[] rest = new byte[data.remaining()];
            data.get(rest);
            upgradeLeftover = upgradeLeftover == null ? rest : concat(upgradeLeftover, rest);
            transport.pauseReading();
        }
        if (!inHead && currentBody == null && parser.midMessage()) {
            inHead = true;
            headTimer = loop.callLater(runner.headerTimeout(), () -> {
                if (inHead) {
                    transport.close();
                }
            });
        }
        serveQueue(); // last: the whole read is parsed, so pipelined responses can be gathered
    }

    @Override
    public void onHead(HttpHead head) {
        if (inHead) {
            inHead = false;
            headTimer.cancel();
            headTimer = null;
        }
        StreamReader body = null; // no body: the request makes its empty reader if a handler asks (emptyBody)
        if (head.chunked() || head.contentLength() > 0) {
            body = new StreamReader(loop);
            body.setTransport(transport);
            currentBody = body;
        }
        push(new Incoming(head, body));
        if (pending.size() > MAX_PIPELINED && !readPausedForPipeline) {
            readPausedForPipeline = true;
            transport.pauseReading();
        }
    }

    @Override
    public void onBody(ByteBuffer data) {
        currentBody.feedData(data);
    }

    @Override
    public void onComplete(Headers trailers) {
        if (currentBody != null) {
            currentBody.feedEof();
            currentBody = null;
        }
    }

    @Override
    public boolean eofReceived() {
        if (upgraded != null) {
            return upgraded.eofReceived();
        }
        try {
            parser.feedEof();
        } catch (BadHttpMessage e) {
            if (currentBody != null) {
                currentBody.setException(new IOException("the client closed the connection mid-body", e));
                currentBody = null;
            }
        }
        push(EOF);
        serveQueue();
        // keep the write side open to answer what was received (half-close); TLS has no
        // half-close, and asyncio's sslproto warns when eof_received() asks for one
        return transport.getExtraInfo("sslSession") == null;
    }

    @Override
    public void connectionLost(Throwable exc) {
        lost = true;
        if (upgraded != null) {
            upgraded.connectionLost(exc);
        }
        cancelTimer();
        if (currentBody != null) {
            currentBody.setException(exc instanceof IOException io ? io : new IOException("connection lost", exc));
            currentBody = null;
        }
        push(EOF);
        if (drainWaiter != null && !drainWaiter.done()) {
            drainWaiter.setResult(null);
        }
        serveQueue();
    }

    @Override
    public void pauseWriting() {
        writePaused = true;
        if (upgraded != null) {
            upgraded.pauseWriting();
        }
    }

    @Override
    public void resumeWriting() {
        writePaused = false;
        if (drainWaiter != null && !drainWaiter.done()) {
            drainWaiter.setResult(null);
        }
        if (upgraded != null) {
            upgraded.resumeWriting();
        }
    }

    private void push(Object item) {
        pending.add(item);
    }

    /**
     * Starts the serving task if the queue has work and no task serves it. The start is eager: the
     * task runs here and now until its handler first suspends, or to its end.
     */
    private void serveQueue() {
        if (!serving && !finished && !pending.isEmpty()) {
            serving = true;
            Task.create(loop, serveBody, "http-connection", baseContext.copy(), true);
        }
    }

    // ---- task side ----

    /** Serves the queue until it is empty (true: the connection stays open) or the connection ends. */
    private Void serve() {
        boolean open = false;
        try {
            open = serveUntilEmpty();
        } catch (IOException e) {
            // the connection failed under us: there is no one left to answer
        } finally {
            serving = false;
            if (!open) {
                finish();
            }
        }
        return null;
    }

    private boolean serveUntilEmpty() throws IOException {
        boolean first = true;
        Object item;
        while ((item = next()) != null) {
            if (item == EOF) {
                return false;
            }
            if (item instanceof BadHttpMessage e) {
                writeError(e.status(), e.getMessage());
                return false;
            }
            Incoming in = (Incoming) item;
            // the task's context is the first request's; later ones get a copy each (contextvars per request)
            boolean keep = first ? handle(in) : baseContext.copy().run(() -> handle(in));
            if (!keep) {
                return false;
            }
            first = false;
        }
        return true;
    }

    private void finish() {
        finished = true;
        pending.clear();
        cancelTimer();
        if (!transport.isClosing()) {
            cork.flush();
            transport.close();
        }
        runner.unregister(this);
    }

    /** The next queued item, or null when the queue is empty (the task then ends). */
    private Object next() {
        Object item = pending.poll();
        if (readPausedForPipeline && pending.size() <= MAX_PIPELINED / 2) {
            readPausedForPipeline = false;
            transport.resumeReading();
        }
        return item;
    }

    private boolean handle(Incoming in) throws IOException {
        busy = true;
        continueSent = false;
        keepAliveAfter = false;
        Request request = new Request(this, in.head, in.body, runner.app());
        // the clock only for the access log's %T/%Tf/%D: a clock read per request costs ~3% of a pipelined one
        boolean logged = runner.accessLogOn();
        double start = logged ? loop.time() : 0;
        StreamResponse response;
        try {
            response = runner.app().handle(request);
            if (response == null) {
                throw new IllegalStateException("the handler of " + request + " returned null");
            }
        } catch (HTTPException e) {
            response = e.toResponse();
        } catch (CancelledError e) {
            throw e;
        } catch (Exception e) {
            if (lost || transport.isClosing()) {
                // The client left while the handler wrote: aiohttp logs "Ignored premature client
                // disconnection" at debug level, not an error with a stack trace.
                runner.logClientGone(request, e);
                return false;
            }
            runner.logError(request, e);
            response = Response.ofText(500, "500 Internal Server Error\n\nServer got itself in trouble");
        }
        if (lost) {
            return false;
        }
        try {
            response.send(request);
        } catch (HTTPException e) {
            if (response.prepared()) {
                throw new IOException("error after the response was prepared", e);
            }
            response = e.toResponse();
            response.send(request);
        }
        if (logged) {
            runner.accessLog(request, response, loop.time() - start);
        }
        boolean keep = keepAliveAfter && discardUnreadBody(in);
        busy = false;
        if (keep && pending.isEmpty() && !parser.midMessage()) {
            armIdle();
        }
        return keep;
    }

    /** Reads what the handler left of the body, up to clientMaxSize; false if the connection must close instead. */
    private boolean discardUnreadBody(Incoming in) throws IOException {
        if (in.body == null || in.body.atEof()) {
            return true;
        }
        if (in.head.expectContinue() && !continueSent) {
            return false; // the client waits for 100 before sending the body: closing is cheaper
        }
        long left = runner.app().clientMaxSize();
        while (left > 0) {
            byte[] chunk = in.body.read(65536);
            if (chunk.length == 0) {
                return true;
            }
            left -= chunk.length;
        }
        return false;
    }

    /**
     * Decides the framing of {@code response} and returns its head's bytes, followed by
     * {@code body} when one is given and the body is not chunked (see
     * {@link StreamResponse#wantsChunked()} afterwards). The server's fields (Content-Length or
     * Transfer-Encoding, Date, Server, Connection) go straight into the bytes and are added to the
     * response's headers only when they are next looked at ({@link HeadersAccess}); if the
     * handler set a framing field itself, they are put in its headers first, as before.
     */
    byte[] responseHead(StreamResponse response, Request request, byte[] body) {
        HttpHead head = request.head();
        Headers h = response.headers();
        int status = response.status();
        boolean bodyless = status < 200 || status == 204 || status == 304;
        boolean keep = head.keepAlive() && !closing && !response.forcesClose() && !parser.isUpgraded();
        long length = -1;
        if (!bodyless) {
            if (response.contentLength() >= 0 && !response.wantsChunked()) {
                length = response.contentLength();
            } else if (head.versionMinor() == 1) {
                response.setChunked(true);
            } else {
                keep = false; // HTTP/1.0 without a length: the body ends when the connection does
            }
        }
        String connection = null;
        if (status == 101) {
            keep = false; // the connection belongs to the new protocol; its response set Connection: upgrade
        } else if (!keep) {
            connection = "close";
        } else if (head.versionMinor() == 0) {
            connection = "keep-alive";
        }
        keepAliveAfter = keep;
        int present = ResponseFraming.present(h);
        ResponseFraming framing = new ResponseFraming(length, response.wantsChunked(),
                (present & ResponseFraming.DATE) == 0 ? writer.date(System.currentTimeMillis()) : null,
                (present & ResponseFraming.SERVER_FIELD) == 0, connection);
        byte[] with = response.wantsChunked() ? null : body;
        if ((present & ResponseFraming.FRAMING) != 0) {
            framing.accept(h); // the handler's own framing field is replaced in place
            return writer.responseHead(head.versionMinor(), status, response.reason(), h, null, with);
        }
        byte[] out = writer.responseHead(head.versionMinor(), status, response.reason(), h, framing, with);
        HeadersAccess.defer(h, framing);
        return out;
    }

    /**
     * Hands the connection to {@code protocol} (after a 101 answer): from now on it gets every
     * transport callback. Returns the bytes that came after the request head (empty if none);
     * reading stays paused until the new protocol resumes it.
     */
    byte[] upgrade(Protocol protocol) {
        cancelTimer();
        cork.flush();
        upgraded = protocol;
        byte[] rest = upgradeLeftover == null ? new byte[0] : upgradeLeftover;
        upgradeLeftover = null;
        return rest;
    }

    /**
     * The reader of a request without a body, made when its handler first asks for the stream:
     * already at EOF, as aiohttp's {@code EMPTY_PAYLOAD}. Most requests never ask, and a reader
     * (with its buffer) per GET was ~10% of the server's own work per request.
     */
    StreamReader emptyBody() {
        StreamReader body = new StreamReader(loop);
        body.feedEof();
        return body;
    }

    /** Whether the connection is gone (connectionLost was called). */
    boolean lost() {
        return lost;
    }

    boolean canUpgrade() {
        return parser.isUpgraded();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    void sendContinue(HttpHead head) {
        if (head.expectContinue() && head.versionMinor() == 1 && !continueSent && !lost) {
            continueSent = true;
            cork.flush(); // earlier pipelined responses first: the client waits for this one
            transport.write(HttpWriter.CONTINUE);
        }
    }

    void write(byte[] data) throws IOException {
        checkOpen();
        cork.write(data, morePipelined());
    }

    void writeAll(byte[] head, byte[] body) throws IOException {
        checkOpen();
        cork.writeAll(head, body, morePipelined());
    }

    /** Whether another request is already parsed and waiting: then this response may be gathered. */
    private boolean morePipelined() {
        return pending.peekFirst() instanceof Incoming;
    }

    /** Hands gathered responses to the transport now (before a sendfile takes the socket). */
    void flushGathered() {
        cork.flush();
    }

    /** Suspends while the transport's buffer is over its high-water mark. */
    void drain() throws IOException {
        checkOpen();
        if (!morePipelined()) {
            cork.flush(); // the end of a pipelined batch (or no batch at all)
        }
        while (writePaused && !lost) {
            drainWaiter = loop.createFuture();
            drainWaiter.await();
        }
        checkOpen();
    }

    private void checkOpen() throws IOException {
        if (lost || transport.isClosing()) {
            throw new IOException("the connection is closed");
        }
    }

    private void writeError(int status, String message) throws IOException {
        Response r = Response.ofText(status, status + ": " + message);
        ResponseFraming framing = new ResponseFraming(r.body().length, false, writer.date(System.currentTimeMillis()),
                true, "close");
        if (!lost && !transport.isClosing()) {
            write(writer.responseHead(1, status, r.reason(), r.headers(), framing, r.body()));
        }
    }

    // ---- timers and shutdown ----

    /**
     * Marks the connection idle. One lazy timer per connection checks it, re-arming itself for the
     * time left, instead of a timer made and cancelled per request (cancelled timers would pile up
     * in the loop's heap for the whole keep-alive timeout: at 50k requests/s, millions of them).
     */
    private void armIdle() {
        idle = true;
        idleSince = loop.time();
        if (idleTimer == null) {
            idleTimer = loop.callLater(runner.keepAliveTimeout(), this::checkIdle);
        }
    }

    private void checkIdle() {
        idleTimer = null;
        if (lost || upgraded != null) {
            return;
        }
        double left = idleSince + runner.keepAliveTimeout() - loop.time();
        if (idle && !busy && pending.isEmpty() && !parser.midMessage() && left <= 0) {
            transport.close();
            return;
        }
        idleTimer = loop.callLater(idle && left > 0 ? left : runner.keepAliveTimeout(), this::checkIdle);
    }

    private void cancelTimer() {
        if (headTimer != null) {
            headTimer.cancel();
            headTimer = null;
        }
        if (idleTimer != null) {
            idleTimer.cancel();
            idleTimer = null;
        }
    }

    /** Graceful shutdown: an idle connection closes now, a busy one after its current response. */
    void shutdown() {
        closing = true;
        if (!busy && !serving && pending.isEmpty() && !transport.isClosing()) {
            transport.close();
        }
    }

    void abort() {
        transport.abort();
    }
}
