package io.jasyncio.internal.proc;

import io.jasyncio.EventLoop;
import io.jasyncio.internal.LoopHooks;
import io.jasyncio.internal.net.SocketTransport;
import io.jasyncio.subprocess.BrokenPipeError;
import io.jasyncio.transports.Protocol;

import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A child's stdin carried by a Unix socket the loop's selector watches (asyncio's
 * {@code _UnixWritePipeTransport}, which writes its pipe from the loop thread the same way): a
 * write-only face over a {@link SocketTransport}. A write goes straight to the socket; what it
 * refuses is queued and flushed when the socket is writable, with the transport's water marks
 * pausing the protocol. Closing shuts the socket after the queue, so the child reads EOF. The
 * socket also tells us when the child closed its end (asyncio watches its write pipe for reading
 * for the same reason): queued bytes then fail with {@link BrokenPipeError}.
 *
 * <p>Loop-confined.
 */
final class SocketWritePipe implements WriteOnlyPipe {
    private final ProcessTransport owner;
    private final EventLoop loop;
    private final SocketChannel channel;
    private final SocketTransport socket;
    private boolean closing;
    private boolean lost;

    SocketWritePipe(ProcessTransport owner, EventLoop loop, SocketChannel channel) {
        this.owner = owner;
        this.loop = loop;
        this.channel = channel;
        this.socket = new SocketTransport(loop, channel, new Protocol() {
            @Override
            public void connectionLost(Throwable exc) {
                // Only our own close is a clean end; the child closing its stdin or exiting is not.
                lost(exc == null && closing ? null : new BrokenPipeError("Broken pipe: cannot write to the stdin of process "
                        + owner.getPid() + " (it exited or closed its stdin)", exc));
            }

            @Override
            public void pauseWriting() {
                owner.protocolPauseWriting();
            }

            @Override
            public void resumeWriting() {
                owner.protocolResumeWriting();
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
            closing = true;
            owner.pipeConnectionLost(0, exc);
        }
    }

    @Override
    public boolean disconnected() {
        return lost;
    }

    /**
     * The child exited: nothing more can be written. Fail now, as {@link WritePipe} does, rather than
     * wait for the socket's EOF, which a grandchild holding the socket could delay indefinitely.
     */
    @Override
    public void childExited() {
        if (lost) {
            return;
        }
        boolean cleanEof = closing && socket.getWriteBufferSize() == 0;
        socket.abort();
        lost(cleanEof ? null : new BrokenPipeError("Broken pipe: process " + owner.getPid() + " has exited", null));
    }

    @Override
    public void write(ByteBuffer data) {
        if (closing && !lost) {
            throw new IllegalStateException("the stdin pipe of process " + owner.getPid() + " is closed");
        }
        if (lost) {
            data.position(data.limit());
            return; // as asyncio: writes after the pipe broke are dropped; drain() reports it
        }
        socket.write(data);
    }

    @Override
    public void writeEof() {
        close();
    }

    /** Closes stdin once the queue is written (the child then reads EOF). */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        socket.close();
    }

    /** Closes stdin at once, dropping what is queued. */
    @Override
    public void abort() {
        closing = true;
        if (LoopHooks.closing(loop)) {
            ReadPipe.closeQuietly(channel); // no callback runs any more: close and report now
            lost(null);
        } else {
            socket.abort();
        }
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        socket.setWriteBufferLimits(high, low);
    }

    @Override
    public int getWriteBufferHighWaterMark() {
        return socket.getWriteBufferHighWaterMark();
    }

    @Override
    public int getWriteBufferLowWaterMark() {
        return socket.getWriteBufferLowWaterMark();
    }

    @Override
    public int getWriteBufferSize() {
        return socket.getWriteBufferSize();
    }

    @Override
    public Object getExtraInfo(String name) {
        return "pipe".equals(name) ? channel : null;
    }

    @Override
    public long pid() {
        return owner.getPid();
    }

    @Override
    public String toString() {
        return "<SocketWritePipe pid=" + owner.getPid() + " fd=0" + (lost ? " closed" : "") + ">";
    }
}
