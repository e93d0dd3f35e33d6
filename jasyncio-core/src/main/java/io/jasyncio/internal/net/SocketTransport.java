package io.jasyncio.internal.net;

import io.jasyncio.internal.WaterMarks;

import io.jasyncio.internal.Args;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.internal.LoopHooks;
import io.jasyncio.internal.TransportBytes;
import io.jasyncio.transports.BufferedProtocol;
import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.Transport;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * The stream transport over a non-blocking {@link SocketChannel} (TCP or Unix) watched by the
 * loop's selector: asyncio's {@code _SelectorSocketTransport}.
 *
 * <p>Loop-confined. Reads go into the loop's shared direct buffer ({@link ReadBuffer}) or into the
 * buffer a {@link BufferedProtocol} lends. A write goes straight to the socket when nothing is
 * queued, without copying; only the part the socket refuses is copied into the queue, which the
 * writable handler flushes with gathering writes.
 */
public final class SocketTransport implements Transport {
    private static final int MAX_GATHER = 64;
    /**
     * The most bytes of heap buffers one write system call is handed. The JDK copies a heap
     * buffer's whole remainder into a temporary direct buffer on every write ({@code IOUtil.write})
     * and keeps that buffer cached in the thread: unbounded, a 100 MB write queued behind a slow
     * peer was copied again on every writable event (quadratic in the backlog) and left a
     * 100 MB native buffer cached in the loop thread.
     */
    static final int MAX_WRITE = 1 << 20;
    private static final int DEFAULT_HIGH = 64 * 1024;

    private final EventLoop loop;
    private final TransportBytes bytes;
    private final SocketChannel channel;
    private final SocketServer server;
    private final SocketAddress peername;
    private final SocketAddress sockname;
    private Protocol protocol;
    private final Runnable onReadable = this::readReady;
    private final Runnable onWritable = this::writeReady;

    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private final ByteBuffer[] gather = new ByteBuffer[MAX_GATHER];
    private long queued;
    /** Set while {@link #sendfile} runs; the future it waits on (queue empty, socket writable). */
    private boolean sendfileActive;
    private boolean sendfileWriter;
    private Future<Void> sendfileWait;
    private int high = DEFAULT_HIGH;
    private int low = DEFAULT_HIGH / 4;
    private boolean protocolPaused;

    private boolean started;
    private boolean readingPaused;
    private boolean eofReceived;
    private boolean eofRequested;
    private boolean closing;
    private boolean closedByUser;
    private boolean lost;

    /** A transport for a connected channel; {@link #start} makes it live. */
    public SocketTransport(EventLoop loop, SocketChannel channel, Protocol protocol, SocketServer server) {
        this.loop = loop;
        this.bytes = LoopHooks.transportBytes(loop);
        this.channel = channel;
        this.protocol = protocol;
        this.server = server;
        this.peername = address(channel, true);
        this.sockname = address(channel, false);
        LoopHooks.closeWithLoop(loop, channel);
    }

    private static SocketAddress address(SocketChannel ch, boolean remote) {
        try {
            return remote ? ch.getRemoteAddress() : ch.getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Calls {@code connectionMade} on the next iteration, then starts reading and completes
     * {@code waiter} (if not null), in asyncio's order.
     */
    public void start(Future<Void> waiter) {
        if (server != null) {
            server.attach(this);
        }
        loop.callSoon(() -> {
            try {
                protocol.connectionMade(this);
            } catch (Throwable t) {
                fatalError(t, "Fatal error: protocol.connectionMade() call failed.");
                if (waiter != null && !waiter.done()) {
                    waiter.setException(t);
                }
                return;
            } finally {
                started = true;
            }
            if (!closing && !readingPaused) {
                loop.addReader(channel, onReadable);
            }
            if (waiter != null && !waiter.done()) {
                waiter.setResult(null);
            }
        });
    }

    // ----- reading -----

    private void readReady() {
        if (closing) {
            return;
        }
        Protocol p = protocol;
        int n;
        try {
            if (p instanceof BufferedProtocol bp) {
                ByteBuffer b = bp.getBuffer(-1);
                if (b == null || !b.hasRemaining()) {
                    throw new IllegalStateException("getBuffer() returned an empty buffer");
                }
                n = channel.read(b);
                if (n > 0) {
                    bytes.addRead(n);
                    bp.bufferUpdated(n);
                }
            } else {
                ByteBuffer b = ReadBuffer.get();
                n = channel.read(b);
                if (n > 0) {
                    bytes.addRead(n);
                    p.dataReceived(b.flip());
                }
            }
        } catch (IOException e) {
            fatalError(e, "Fatal read error on socket transport");
            return;
        } catch (Throwable t) {
            fatalError(t, "Fatal error: protocol.dataReceived() call failed.");
            return;
        }
        if (n < 0) {
            readEof();
        }
    }

    private void readEof() {
        eofReceived = true;
        loop.removeReader(channel);
        boolean keepOpen;
        try {
            keepOpen = protocol.eofReceived();
        } catch (Throwable t) {
            fatalError(t, "Fatal error: protocol.eofReceived() call failed.");
            return;
        }
        if (!keepOpen) {
            close();
        }
    }

    @Override
    public void pauseReading() {
        if (closing || readingPaused) {
            return;
        }
        readingPaused = true;
        if (started) {
            loop.removeReader(channel);
        }
    }

    @Override
    public void resumeReading() {
        if (closing || !readingPaused) {
            return;
        }
        readingPaused = false;
        if (started && !eofReceived) {
            loop.addReader(channel, onReadable);
        }
    }

    @Override
    public boolean isReading() {
        return !readingPaused && !closing;
    }

    // ----- writing -----

    @Override
    public void write(byte[] data) {
        Args.notNull(data, "data");
        write(ByteBuffer.wrap(data));
    }

    @Override
    public void write(ByteBuffer data) {
        Args.notNull(data, "data");
        if (eofRequested) {
            throw new IllegalStateException("Cannot call write() after writeEof()");
        }
        if (closedByUser) {
            throw new IllegalStateException("Cannot call write() on a closed transport");
        }
        if (sendfileActive) {
            throw new IllegalStateException("unable to write; sendfile is in progress"); // asyncio's words
        }
        if (lost || !data.hasRemaining()) {
            return; // the peer broke the connection: the protocol got connectionLost (asyncio drops too)
        }
        if (queue.isEmpty()) {
            try {
                writeNow(data);
            } catch (IOException e) {
                fatalError(e, "Fatal write error on socket transport");
                return;
            }
            if (!data.hasRemaining()) {
                return;
            }
            loop.addWriter(channel, onWritable);
        }
        enqueueCopy(data);
        maybePauseProtocol();
    }

    /** Writes what the socket takes now; a large heap buffer in slices of at most {@link #MAX_WRITE}. */
    private void writeNow(ByteBuffer data) throws IOException {
        if (data.isDirect() || data.remaining() <= MAX_WRITE) {
            bytes.addWritten(channel.write(data));
            return;
        }
        while (data.hasRemaining()) {
            int k = Math.min(data.remaining(), MAX_WRITE);
            int n = channel.write(data.slice(data.position(), k));
            bytes.addWritten(n);
            data.position(data.position() + n);
            if (n < k) {
                return; // the socket is full
            }
        }
    }

    private void enqueueCopy(ByteBuffer data) {
        int n = data.remaining();
        ByteBuffer last = queue.peekLast();
        // Small writes join the tail buffer we own, so gathering writes stay short.
        if (last != null && last.capacity() - last.limit() >= n && n <= 4096) {
            int pos = last.position();
            last.position(last.limit()).limit(last.limit() + n);
            last.put(data);
            last.position(pos);
        } else {
            ByteBuffer copy = ByteBuffer.allocate(Math.max(n, n <= 4096 ? 8192 : n));
            copy.put(data).flip();
            queue.add(copy);
        }
        queued += n;
    }

    @Override
    public void writelines(Iterable<byte[]> data) {
        Args.notNull(data, "data");
        ArrayList<ByteBuffer> parts = new ArrayList<>();
        long total = 0;
        for (byte[] b : data) {
            parts.add(ByteBuffer.wrap(b));
            total += b.length;
        }
        if (!queue.isEmpty() || eofRequested || closedByUser || lost || sendfileActive || total > MAX_WRITE) {
            for (ByteBuffer b : parts) {
                write(b);
            }
            return;
        }
        ByteBuffer[] all = parts.toArray(new ByteBuffer[0]);
        try {
            bytes.addWritten(channel.write(all)); // one gathering system call (up to the platform's IOV_MAX buffers)
        } catch (IOException e) {
            fatalError(e, "Fatal write error on socket transport");
            return;
        }
        for (ByteBuffer b : all) {
            if (b.hasRemaining()) {
                write(b); // queues the rest in order
            }
        }
    }

    private void writeReady() {
        if (lost) {
            return;
        }
        // Hand the socket at most MAX_WRITE bytes: the head of the queue, the last buffer cut to fit.
        int n = 0;
        long room = MAX_WRITE;
        ByteBuffer cut = null;
        for (ByteBuffer b : queue) {
            if (b.remaining() > room) {
                cut = b;
                gather[n++] = b.slice(b.position(), (int) room);
                break;
            }
            gather[n++] = b;
            room -= b.remaining();
            if (n == MAX_GATHER || room == 0) {
                break;
            }
        }
        long written;
        try {
            written = channel.write(gather, 0, n);
            bytes.addWritten(written);
            if (cut != null) {
                cut.position(cut.position() + gather[n - 1].position());
            }
        } catch (IOException e) {
            Arrays.fill(gather, 0, n, null);
            fatalError(e, "Fatal write error on socket transport");
            return;
        }
        Arrays.fill(gather, 0, n, null);
        queued -= written;
        while (!queue.isEmpty() && !queue.peekFirst().hasRemaining()) {
            queue.pollFirst();
        }
        maybeResumeProtocol();
        if (queue.isEmpty()) {
            loop.removeWriter(channel);
            wakeSendfile(null);
            if (closing) {
                lost = true;
                callConnectionLost(null);
            } else if (eofRequested) {
                shutdownOutput();
            }
        }
    }

    private void maybePauseProtocol() {
        if (!protocolPaused && queued > high) {
            protocolPaused = true;
            try {
                protocol.pauseWriting();
            } catch (Throwable t) {
                Faults.report(loop, "protocol.pauseWriting() failed", t, this);
            }
        }
    }

    private void maybeResumeProtocol() {
        if (protocolPaused && queued <= low) {
            protocolPaused = false;
            try {
                protocol.resumeWriting();
            } catch (Throwable t) {
                Faults.report(loop, "protocol.resumeWriting() failed", t, this);
            }
        }
    }

    @Override
    public void writeEof() {
        if (closing || eofRequested) {
            return;
        }
        eofRequested = true;
        if (queue.isEmpty()) {
            shutdownOutput();
        }
    }

    private void shutdownOutput() {
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            fatalError(e, "Fatal error on shutdownOutput");
        }
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        WaterMarks marks = WaterMarks.resolve(high, low, DEFAULT_HIGH);
        this.high = marks.high();
        this.low = marks.low();
        maybePauseProtocol();
        maybeResumeProtocol();
    }

    @Override
    public int getWriteBufferHighWaterMark() {
        return high;
    }

    @Override
    public int getWriteBufferLowWaterMark() {
        return low;
    }

    @Override
    public int getWriteBufferSize() {
        return (int) Math.min(Integer.MAX_VALUE, queued);
    }

    // ----- sendfile: asyncio's _sendfile_native for selector sockets -----

    /**
     * Sends {@code count} bytes of {@code file} from {@code offset} (fewer if the file ends
     * first) with {@link FileChannel#transferTo} straight to the socket, which Linux does with
     * {@code sendfile(2)}: no copy through the JVM. First waits for the write queue to drain;
     * reading is paused meanwhile and {@code write()} refused, as asyncio does. Suspends; returns
     * the bytes sent.
     *
     * @throws IllegalStateException if the transport is closing or a sendfile already runs
     * @throws IOException if the file cannot be read, or the connection is lost meanwhile
     */
    public long sendfile(FileChannel file, long offset, long count) throws IOException {
        if (closing || lost) {
            throw new IllegalStateException("Transport is closing");
        }
        if (sendfileActive) {
            throw new IllegalStateException("sendfile is already in progress on this transport");
        }
        boolean wasReading = !readingPaused;
        pauseReading();
        sendfileActive = true; // from now on write() is refused, as asyncio's empty waiter does
        long sent = 0;
        try {
            if (!queue.isEmpty()) {
                awaitSendfile(false); // the queued bytes go first, in order
            }
            while (sent < count) {
                checkAlive();
                long n;
                try {
                    n = file.transferTo(offset + sent, count - sent, channel);
                } catch (IOException e) {
                    if (Faults.isConnectionError(e)) {
                        fatalError(e, "Fatal write error on socket transport");
                    }
                    throw e;
                }
                if (n > 0) {
                    sent += n;
                } else if (offset + sent >= file.size()) {
                    break; // the file ended before count
                } else {
                    awaitSendfile(true); // the socket's send buffer is full
                }
            }
            return sent;
        } finally {
            sendfileActive = false;
            sendfileWait = null;
            if (sendfileWriter) {
                sendfileWriter = false;
                loop.removeWriter(channel);
            }
            if (wasReading) {
                resumeReading();
            }
        }
    }

    /** Suspends until the queue is empty, or ({@code writable}) until the socket takes bytes. */
    private void awaitSendfile(boolean writable) throws IOException {
        Future<Void> f = loop.createFuture();
        sendfileWait = f;
        if (writable) {
            sendfileWriter = true;
            loop.addWriter(channel, () -> {
                sendfileWriter = false;
                loop.removeWriter(channel);
                wakeSendfile(null);
            });
        }
        f.await();
        checkAlive();
    }

    private void wakeSendfile(Throwable exc) {
        Future<Void> f = sendfileWait;
        if (f != null && !f.done()) {
            if (exc != null) {
                f.setException(exc);
            } else {
                f.setResult(null);
            }
        }
    }

    private void checkAlive() throws IOException {
        if (lost || closing) {
            throw new IOException("the connection was closed during sendfile");
        }
    }

    // ----- closing -----

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        closedByUser = true;
        loop.removeReader(channel);
        wakeSendfile(new IOException("the transport was closed during sendfile"));
        if (queue.isEmpty()) {
            lost = true;
            loop.callSoon(() -> callConnectionLost(null));
        }
    }

    @Override
    public void abort() {
        closedByUser = true;
        forceClose(null);
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    private void fatalError(Throwable exc, String message) {
        if (!Faults.isConnectionError(exc) || loop.getDebug()) {
            Faults.report(loop, message, exc, this);
        }
        forceClose(exc);
    }

    private void forceClose(Throwable exc) {
        if (lost) {
            return;
        }
        if (!queue.isEmpty()) {
            queue.clear();
            queued = 0;
            loop.removeWriter(channel);
        }
        if (!closing) {
            closing = true;
            loop.removeReader(channel);
        }
        lost = true;
        wakeSendfile(exc instanceof IOException io ? io : new IOException("the connection was lost during sendfile", exc));
        loop.callSoon(() -> callConnectionLost(exc));
    }

    private void callConnectionLost(Throwable exc) {
        try {
            if (started) {
                protocol.connectionLost(exc);
            }
        } catch (Throwable t) {
            Faults.report(loop, "protocol.connectionLost() failed", t, this);
        } finally {
            Faults.release(loop, channel);
            if (server != null) {
                server.detach(this);
            }
        }
    }

    // ----- information -----

    @Override
    public Object getExtraInfo(String name) {
        Args.notNull(name, "name");
        return switch (name) {
            case "peername" -> peername;
            case "sockname" -> sockname;
            case "socket" -> channel;
            default -> null;
        };
    }

    @Override
    public Protocol getProtocol() {
        return protocol;
    }

    @Override
    public void setProtocol(Protocol protocol) {
        Args.notNull(protocol, "protocol");
        this.protocol = protocol;
    }

    @Override
    public String toString() {
        return "<SocketTransport " + sockname + " -> " + peername + (closing ? " closing" : "") + ">";
    }
}
