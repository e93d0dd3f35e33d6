package io.jasyncio.testing;

import io.jasyncio.EventLoop;
import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.Transport;

import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * One end of an in-memory stream connection: a {@link Transport} whose bytes go to the peer end's
 * protocol instead of a socket, like Trio's {@code memory_stream_pair}. No file descriptor, no
 * thread: a loop with a virtual clock keeps jumping while tasks talk through it.
 *
 * <p>Loop-confined. It behaves as a TCP transport does: the peer's protocol gets each write in a
 * later callback ({@code callSoon}), in order; {@link #writeEof()} is a half-close the peer sees as
 * {@code eofReceived}; {@link #close()} delivers what is buffered, then EOF, then calls this end's
 * {@code connectionLost(null)}; {@link #abort()} drops what is buffered and the peer's protocol
 * gets {@code connectionLost} with a {@link SocketException} ("Connection reset by peer").
 * Bytes not yet taken by the peer (its reading paused, or not delivered yet) count in the write
 * buffer, so the water marks, {@code pauseWriting}/{@code resumeWriting} and
 * {@code StreamWriter.drain()} work as on a socket.
 */
public final class MemoryTransport implements Transport {
    private static final Object EOF = new Object();

    private final EventLoop loop;
    private Protocol protocol;
    private MemoryTransport peer;
    /** What the peer sent that this end's protocol has not received yet: byte[] chunks and EOF. */
    private final ArrayDeque<Object> inbound = new ArrayDeque<>();
    private boolean deliveryScheduled;
    private boolean reading = true;
    private boolean closing;
    private boolean lost;
    private boolean eofSent;
    private int buffered;
    private boolean writingPaused;
    private int high = 64 * 1024;
    private int low = 16 * 1024;

    private MemoryTransport(EventLoop loop, Protocol protocol) {
        this.loop = loop;
        this.protocol = protocol;
    }

    /**
     * Connects two protocols through a pair of memory transports and calls both
     * {@code connectionMade} methods ({@code a}'s first) before returning.
     *
     * @param loop the loop the transports run on
     * @param a the protocol of the first end
     * @param b the protocol of the second end
     * @return the two ends: {@code a}'s transport first
     */
    public static Pair pair(EventLoop loop, Protocol a, Protocol b) {
        requireArg(loop, "loop");
        requireArg(a, "a");
        requireArg(b, "b");
        MemoryTransport ta = new MemoryTransport(loop, a);
        MemoryTransport tb = new MemoryTransport(loop, b);
        ta.peer = tb;
        tb.peer = ta;
        a.connectionMade(ta);
        b.connectionMade(tb);
        return new Pair(ta, tb);
    }

    /**
     * The two ends of a memory connection.
     *
     * @param a the first protocol's transport
     * @param b the second protocol's transport
     */
    public record Pair(MemoryTransport a, MemoryTransport b) {}

    static void requireArg(Object value, String name) {
        if (value == null) {
            throw new NullPointerException(name);
        }
    }

    @Override
    public void write(byte[] data) {
        requireArg(data, "data");
        send(data.clone());
    }

    @Override
    public void write(ByteBuffer data) {
        requireArg(data, "data");
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        send(copy);
    }

    @Override
    public void writelines(Iterable<byte[]> data) {
        requireArg(data, "data");
        for (byte[] d : data) {
            write(d);
        }
    }

    private void send(byte[] chunk) {
        if (closing) {
            throw new IllegalStateException("write() on a closed transport");
        }
        if (eofSent) {
            throw new IllegalStateException("write() after writeEof()");
        }
        if (chunk.length == 0 || lost || peer.lost) {
            return; // after the peer reset the connection writes are dropped, as asyncio does
        }
        buffered += chunk.length;
        peer.receive(chunk);
        if (!writingPaused && buffered > high) {
            writingPaused = true;
            protocol.pauseWriting();
        }
    }

    private void receive(Object item) {
        inbound.add(item);
        scheduleDelivery();
    }

    private void scheduleDelivery() {
        if (!deliveryScheduled && reading && !lost && !inbound.isEmpty()) {
            deliveryScheduled = true;
            loop.callSoon(this::deliver);
        }
    }

    private void deliver() {
        deliveryScheduled = false;
        Object item;
        while (reading && !lost && (item = inbound.poll()) != null) {
            if (item == EOF) {
                if (!protocol.eofReceived()) {
                    close();
                }
            } else {
                byte[] chunk = (byte[]) item;
                peer.taken(chunk.length);
                protocol.dataReceived(ByteBuffer.wrap(chunk));
            }
        }
    }

    /** The peer's protocol took {@code n} of this end's bytes. */
    private void taken(int n) {
        if (lost) {
            return;
        }
        buffered -= n;
        if (writingPaused && buffered <= low) {
            writingPaused = false;
            protocol.resumeWriting();
        }
        if (closing && buffered == 0) {
            finishClose();
        }
    }

    @Override
    public void writeEof() {
        if (closing || eofSent) {
            return;
        }
        eofSent = true;
        if (!peer.lost) {
            peer.receive(EOF);
        }
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        reading = false;
        if (buffered == 0 || peer.lost) {
            finishClose();
        }
    }

    private void finishClose() {
        if (lost) {
            return;
        }
        if (!eofSent && !peer.lost) {
            eofSent = true;
            peer.receive(EOF);
        }
        connectionLost(null);
    }

    @Override
    public void abort() {
        closing = true;
        reading = false;
        if (lost) {
            return;
        }
        buffered = 0;
        peer.inbound.clear();
        if (!peer.lost) {
            peer.connectionLost(new SocketException("Connection reset by peer"));
        }
        connectionLost(null);
    }

    private void connectionLost(Throwable exc) {
        lost = true;
        closing = true;
        int dropped = 0;
        for (Object item : inbound) {
            if (item instanceof byte[] chunk) {
                dropped += chunk.length;
            }
        }
        inbound.clear();
        if (dropped > 0) {
            peer.taken(dropped); // a closing peer waiting for these bytes to be taken may finish
        }
        loop.callSoon(() -> protocol.connectionLost(exc));
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    /** Memory transports have no socket: every name gives null. */
    @Override
    public Object getExtraInfo(String name) {
        return null;
    }

    @Override
    public void pauseReading() {
        reading = false;
    }

    @Override
    public void resumeReading() {
        if (!closing && !reading) {
            reading = true;
            scheduleDelivery();
        }
    }

    @Override
    public boolean isReading() {
        return reading && !closing;
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        // asyncio's rule, as jasyncio's socket transport: no high → 4 × low (or 64 KiB), no low → high / 4.
        int h = high < 0 ? (low < 0 ? 64 * 1024 : 4 * low) : high;
        int l = low < 0 ? h / 4 : low;
        if (l > h) {
            throw new IllegalArgumentException("high (" + h + ") must be >= low (" + l + ")");
        }
        this.high = h;
        this.low = l;
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
        return buffered;
    }

    @Override
    public Protocol getProtocol() {
        return protocol;
    }

    @Override
    public void setProtocol(Protocol protocol) {
        requireArg(protocol, "protocol");
        this.protocol = protocol;
    }

    @Override
    public String toString() {
        return "<MemoryTransport buffered=" + buffered + (closing ? " closing" : "") + (lost ? " lost" : "") + ">";
    }
}
