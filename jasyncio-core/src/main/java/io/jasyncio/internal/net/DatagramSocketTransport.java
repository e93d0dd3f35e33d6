package io.jasyncio.internal.net;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.internal.LoopHooks;
import io.jasyncio.internal.TransportBytes;
import io.jasyncio.transports.DatagramEndpoint;
import io.jasyncio.transports.DatagramProtocol;
import io.jasyncio.transports.DatagramTransport;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * The datagram transport over a non-blocking {@link DatagramChannel}: asyncio's
 * {@code _SelectorDatagramTransport}. Loop-confined. Datagrams are received into the loop's shared
 * read buffer; a datagram the socket cannot send at once is copied into a queue.
 */
public final class DatagramSocketTransport implements DatagramTransport {
    /** The send queue's high-water mark (asyncio's default); the low one is a quarter of it. */
    private static final int HIGH_WATER = 64 * 1024;

    private final EventLoop loop;
    private final TransportBytes bytes;
    private final DatagramChannel channel;
    private final DatagramProtocol protocol;
    private final SocketAddress peer;
    private final SocketAddress local;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private int queued;
    private boolean protocolPaused;
    private boolean closing;
    private boolean lost;

    private record Pending(ByteBuffer data, SocketAddress addr) {}

    private DatagramSocketTransport(EventLoop loop, DatagramChannel channel, DatagramProtocol protocol,
            SocketAddress peer) throws IOException {
        this.loop = loop;
        this.bytes = LoopHooks.transportBytes(loop);
        this.channel = channel;
        this.protocol = protocol;
        this.peer = peer;
        this.local = channel.getLocalAddress();
        LoopHooks.closeWithLoop(loop, channel);
    }

    /** Suspends until the endpoint is bound (and connected) and connectionMade has run. */
    public static <P extends DatagramProtocol> DatagramEndpoint<P> create(EventLoop loop, Supplier<P> factory,
            InetSocketAddress local, InetSocketAddress remote) throws IOException {
        InetSocketAddress any = local != null ? local : remote;
        boolean v6 = any != null && any.getAddress() instanceof Inet6Address;
        DatagramChannel ch = DatagramChannel.open(v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        DatagramSocketTransport t;
        P protocol;
        try {
            ch.configureBlocking(false);
            ch.bind(local);
            if (remote != null) {
                ch.connect(remote);
            }
            protocol = factory.get();
            t = new DatagramSocketTransport(loop, ch, protocol, remote);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        Future<Void> made = loop.createFuture();
        loop.callSoon(() -> {
            try {
                protocol.connectionMade(t);
            } catch (Throwable e) {
                made.setException(e);
                t.abort();
                return;
            }
            if (!t.closing) {
                loop.addReader(ch, t::readReady);
            }
            made.setResult(null);
        });
        made.await();
        return new DatagramEndpoint<>(t, protocol);
    }

    private void readReady() {
        if (closing) {
            return;
        }
        ByteBuffer b = ReadBuffer.get();
        SocketAddress from;
        try {
            from = channel.receive(b);
            bytes.addRead(b.position());
        } catch (IOException e) {
            protocol.errorReceived(e);
            return;
        }
        if (from != null) {
            protocol.datagramReceived(b.flip(), from);
        }
    }

    @Override
    public void sendto(byte[] data, SocketAddress addr) {
        sendto(ByteBuffer.wrap(data), addr);
    }

    @Override
    public void sendto(ByteBuffer data, SocketAddress addr) {
        if (closing) {
            throw new IllegalStateException("Cannot call sendto() on a closing transport");
        }
        if (peer != null && addr != null && !addr.equals(peer)) {
            throw new IllegalArgumentException("Invalid address: must be null or " + peer);
        }
        SocketAddress to = addr != null ? addr : peer;
        if (to == null) {
            throw new IllegalArgumentException("no address given and the endpoint is not connected");
        }
        if (queue.isEmpty()) {
            try {
                int sent = peer != null ? channel.write(data) : channel.send(data, to);
                bytes.addWritten(sent);
                if (sent > 0 || !data.hasRemaining()) {
                    return;
                }
            } catch (IOException e) {
                protocol.errorReceived(e);
                return;
            }
            loop.addWriter(channel, this::writeReady);
        }
        ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data).flip();
        queued += copy.remaining();
        queue.add(new Pending(copy, to));
        if (!protocolPaused && queued > HIGH_WATER) {
            protocolPaused = true;
            protocol.pauseWriting();
        }
    }

    private void writeReady() {
        while (!queue.isEmpty()) {
            Pending p = queue.peekFirst();
            int n = p.data.remaining();
            try {
                int sent = peer != null ? channel.write(p.data) : channel.send(p.data, p.addr);
                bytes.addWritten(sent);
                if (sent == 0 && n > 0) {
                    return;
                }
            } catch (IOException e) {
                protocol.errorReceived(e);
            }
            queue.pollFirst();
            queued -= n;
            if (protocolPaused && queued <= HIGH_WATER / 4) {
                protocolPaused = false;
                protocol.resumeWriting();
            }
        }
        loop.removeWriter(channel);
        if (closing) {
            connectionLost(null);
        }
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        loop.removeReader(channel);
        if (queue.isEmpty()) {
            loop.callSoon(() -> connectionLost(null));
        }
    }

    @Override
    public void abort() {
        closing = true;
        queue.clear();
        queued = 0;
        loop.removeReader(channel);
        loop.removeWriter(channel);
        loop.callSoon(() -> connectionLost(null));
    }

    private void connectionLost(Throwable exc) {
        if (lost) {
            return;
        }
        lost = true;
        try {
            protocol.connectionLost(exc);
        } catch (Throwable t) {
            Faults.report(loop, "protocol.connectionLost() failed", t, this);
        } finally {
            Faults.release(loop, channel);
        }
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public Object getExtraInfo(String name) {
        return switch (name) {
            case "peername" -> peer;
            case "sockname" -> local;
            case "socket" -> channel;
            default -> null;
        };
    }

    @Override
    public int getWriteBufferSize() {
        return queued;
    }

    @Override
    public String toString() {
        return "<DatagramTransport " + local + (peer != null ? " -> " + peer : "") + (closing ? " closing" : "") + ">";
    }
}
