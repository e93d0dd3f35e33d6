package io.jasyncio.internal.proc;

import io.jasyncio.EventLoop;
import io.jasyncio.internal.LoopHooks;
import io.jasyncio.internal.net.SocketTransport;
import io.jasyncio.transports.Protocol;

import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A child's stdout or stderr carried by a Unix socket the loop's selector watches (asyncio's
 * {@code _UnixReadPipeTransport}, which reads its pipe from the loop thread the same way): a
 * read-only face over a {@link SocketTransport}. Reads go straight from the socket into the
 * subprocess protocol; {@code pauseReading} stops watching the socket, so its buffer fills and
 * the child blocks in its own write.
 *
 * <p>Loop-confined.
 */
final class SocketReadPipe implements ReadOnlyPipe {
    private final ProcessTransport owner;
    private final EventLoop loop;
    private final int fd;
    private final SocketChannel channel;
    private final SocketTransport socket;
    private boolean lost;

    SocketReadPipe(ProcessTransport owner, EventLoop loop, int fd, SocketChannel channel) {
        this.owner = owner;
        this.loop = loop;
        this.fd = fd;
        this.channel = channel;
        this.socket = new SocketTransport(loop, channel, new Protocol() {
            @Override
            public void dataReceived(ByteBuffer data) {
                if (!lost) {
                    owner.pipeDataReceived(fd, data);
                }
            }

            @Override
            public void connectionLost(Throwable exc) {
                lost(exc);
            }
        }, null);
    }

    @Override
    public void start() {
        socket.start(null);
    }

    private void lost(Throwable exc) {
        if (!lost) {
            lost = true;
            owner.pipeConnectionLost(fd, exc);
        }
    }

    @Override
    public boolean disconnected() {
        return lost;
    }

    @Override
    public void close() {
        if (LoopHooks.closing(loop)) {
            ReadPipe.closeQuietly(channel); // no callback runs any more: close and report now
            lost(null);
        } else {
            socket.close();
        }
    }

    @Override
    public void abort() {
        close();
    }

    @Override
    public boolean isClosing() {
        return socket.isClosing();
    }

    @Override
    public void pauseReading() {
        socket.pauseReading();
    }

    @Override
    public void resumeReading() {
        socket.resumeReading();
    }

    @Override
    public boolean isReading() {
        return socket.isReading();
    }

    @Override
    public Object getExtraInfo(String name) {
        return "pipe".equals(name) ? channel : null;
    }

    @Override
    public UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("fd " + fd + " of process " + owner.getPid() + " is a read pipe");
    }

    @Override
    public String toString() {
        return "<SocketReadPipe pid=" + owner.getPid() + " fd=" + fd + (lost ? " closed" : "") + ">";
    }
}
