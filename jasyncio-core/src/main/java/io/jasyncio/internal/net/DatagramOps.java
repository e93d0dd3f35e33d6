package io.jasyncio.internal.net;

import io.jasyncio.EventLoop;
import io.jasyncio.internal.Args;
import io.jasyncio.transports.Datagram;
import io.jasyncio.transports.DatagramReceipt;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;

/**
 * The loop's low-level operations on non-blocking datagram channels: asyncio 3.11's
 * {@code sock_recvfrom}, {@code sock_recvfrom_into} and {@code sock_sendto}. Like
 * {@link SocketOps}, each tries at once and suspends only while the channel is not ready; a
 * blocking channel is refused, never switched.
 */
public final class DatagramOps {
    private DatagramOps() {}

    /** Suspends until a datagram arrives; returns up to {@code bufsize} of its bytes and the sender. */
    public static Datagram recvfrom(EventLoop loop, DatagramChannel ch, int bufsize) throws IOException {
        if (bufsize < 0) {
            throw new IllegalArgumentException("bufsize must be >= 0: " + bufsize);
        }
        SocketOps.nonBlocking(ch);
        ByteBuffer b = ByteBuffer.allocate(bufsize);
        DatagramReceipt r = recvfromInto(loop, ch, b);
        return new Datagram(Arrays.copyOf(b.array(), r.nbytes()), r.address());
    }

    /**
     * Suspends until a datagram arrives and puts up to {@code buffer.remaining()} of its bytes
     * there (the rest is dropped); returns their count and the sender.
     */
    public static DatagramReceipt recvfromInto(EventLoop loop, DatagramChannel ch, ByteBuffer buffer) throws IOException {
        SocketOps.nonBlocking(ch);
        Args.notNull(buffer, "buffer");
        while (true) {
            int before = buffer.position();
            SocketAddress from = ch.receive(buffer);
            if (from != null) {
                return new DatagramReceipt(buffer.position() - before, from);
            }
            SocketOps.awaitReady(loop, ch, true);
        }
    }

    /**
     * Suspends until the datagram is sent to {@code address} (null: the connected peer); returns
     * the number of bytes sent, all of {@code data}'s remaining bytes.
     */
    public static int sendto(EventLoop loop, DatagramChannel ch, ByteBuffer data, SocketAddress address)
            throws IOException {
        SocketOps.nonBlocking(ch);
        Args.notNull(data, "data");
        while (true) {
            int n = address == null ? ch.write(data) : ch.send(data, address);
            if (n != 0 || !data.hasRemaining()) {
                return n;
            }
            SocketOps.awaitReady(loop, ch, false);
        }
    }
}
