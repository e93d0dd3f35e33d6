package io.jasyncio.http.internal;

import io.jasyncio.EventLoop;
import io.jasyncio.transports.Transport;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes held back while a connection answers one read batch, then handed to the transport in
 * one gathering write: Netty's flush once per read ({@code channelReadComplete}). Shared by the
 * server's pipelined responses and the WebSocket session, which decide when to gather; this
 * flushes at {@value #LIMIT} bytes, when told, and at the latest on the loop's next iteration (a
 * writer that suspends for something else does not hold earlier writes back).
 *
 * <p>Made with a join limit ({@link #GatheredWrites(EventLoop, int)}), a batch of up to that many
 * bytes goes out as one array, copied: the JDK writes each heap array through a temporary direct
 * buffer of its own, so one array of a pipelined batch's 2 KiB costs less than a gathering write
 * of its 32 heads and bodies (what uvloop's raw peer does with one {@code transport.write} per
 * batch); a larger batch keeps the gathering write and copies nothing.
 *
 * <p>Loop-confined.
 */
public final class GatheredWrites {
    /** How many bytes may wait before they are written anyway. */
    public static final int LIMIT = 64 * 1024;

    private final EventLoop loop;
    private final int joinUpTo;
    private final Runnable flushLater = this::flushFromLoop;
    private Transport transport;
    private ArrayList<byte[]> parts = new ArrayList<>();
    private int bytes;
    private boolean flushQueued;

    /** Gathered writes for a transport of {@code loop}, given later with {@link #setTransport}. */
    public GatheredWrites(EventLoop loop) {
        this(loop, 0);
    }

    /** Gathered writes whose batches of up to {@code joinUpTo} bytes are written as one array. */
    public GatheredWrites(EventLoop loop, int joinUpTo) {
        this.loop = loop;
        this.joinUpTo = joinUpTo;
    }

    /** The transport the gathered writes go to. */
    public void setTransport(Transport transport) {
        this.transport = transport;
    }

    /** Whether nothing is held back (then a write may go straight to the transport, in order). */
    public boolean isEmpty() {
        return parts.isEmpty();
    }

    /** Holds {@code data} back; writes what is gathered once it reaches {@link #LIMIT}. */
    public void add(byte[] data) {
        parts.add(data);
        bytes += data.length;
        if (!flushQueued) {
            flushQueued = true;
            loop.callSoon(flushLater);
        }
        if (bytes >= LIMIT) {
            flush();
        }
    }

    /** Hands what is gathered to the transport in one write (dropped if it is closing). */
    public void flush() {
        if (parts.isEmpty()) {
            return;
        }
        List<byte[]> out = parts;
        int total = bytes;
        parts = new ArrayList<>();
        bytes = 0;
        if (transport.isClosing()) {
            return;
        }
        if (out.size() == 1 || total > joinUpTo) {
            transport.writelines(out);
            return;
        }
        byte[] one = new byte[total];
        int at = 0;
        for (byte[] part : out) {
            System.arraycopy(part, 0, one, at, part.length);
            at += part.length;
        }
        transport.write(one);
    }

    private void flushFromLoop() {
        flushQueued = false;
        flush();
    }
}
