package io.jasyncio.internal.net;

import io.jasyncio.EventLoop;
import io.jasyncio.internal.Args;
import io.jasyncio.Future;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * The loop's low-level socket operations on non-blocking channels: asyncio's {@code sock_recv},
 * {@code sock_recv_into}, {@code sock_sendall}, {@code sock_connect}, {@code sock_accept}. Each
 * tries the operation at once and, only if the channel is not ready, suspends the calling task
 * until the selector says it is. Cancelling the task stops the watch; nothing is lost.
 *
 * <p>They never change the caller's channel: a blocking one is refused with asyncio's
 * {@code ValueError("the socket must be non-blocking")} (switching it silently would break the
 * caller's other uses of it, and reading it blocking would block the loop).
 */
public final class SocketOps {
    /** asyncio's fallback reads 256 KiB at most per piece ({@code constants.SENDFILE_FALLBACK_READBUFFER_SIZE}). */
    private static final int FALLBACK_CHUNK = 256 * 1024;

    private SocketOps() {}

    /** Suspends until up to {@code n} bytes arrive; an empty array at EOF. */
    public static byte[] recv(EventLoop loop, SocketChannel ch, int n) throws IOException {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0: " + n);
        }
        nonBlocking(ch);
        ByteBuffer b = ByteBuffer.allocate(n);
        int got = recvInto(loop, ch, b);
        return got <= 0 ? new byte[0] : Arrays.copyOf(b.array(), got);
    }

    /** Suspends until bytes arrive into {@code buf}; their count, or -1 at EOF. */
    public static int recvInto(EventLoop loop, SocketChannel ch, ByteBuffer buf) throws IOException {
        nonBlocking(ch);
        Args.notNull(buf, "buffer");
        if (!buf.hasRemaining()) {
            return 0;
        }
        while (true) {
            int n = ch.read(buf);
            if (n != 0) {
                return n;
            }
            awaitReady(loop, ch, true);
        }
    }

    /** Suspends until every remaining byte of {@code buf} is written. */
    public static void sendall(EventLoop loop, SocketChannel ch, ByteBuffer buf) throws IOException {
        nonBlocking(ch);
        Args.notNull(buf, "data");
        ch.write(buf);
        while (buf.hasRemaining()) {
            awaitReady(loop, ch, false);
            ch.write(buf);
        }
    }

    /**
     * asyncio's {@code sock_sendfile}: {@code transferTo} from {@code file} straight to the socket
     * ({@code sendfile(2)} on Linux), waiting for writability when the socket is full; the file's
     * position ends after the bytes sent. A file channel with no zero-copy path is read in pieces
     * off the loop thread and sent with {@link #sendall} (asyncio's {@code _sock_sendfile_fallback}),
     * or with {@code fallback} false refused. Suspends; returns the bytes sent (fewer than
     * {@code count} if the file ends first).
     *
     * @throws io.jasyncio.SendfileNotAvailableError if {@code fallback} is false and the file has no zero-copy path
     */
    public static long sendfile(EventLoop loop, SocketChannel ch, FileChannel file, long offset, long count,
            boolean fallback) throws IOException {
        nonBlocking(ch);
        boolean zeroCopy = ZeroCopy.possible(file);
        if (!zeroCopy && !fallback) {
            throw Sendfile.notRegular(file);
        }
        long sent = 0;
        try {
            sent = zeroCopy ? transfer(loop, ch, file, offset, count) : sendPieces(loop, ch, file, offset, count);
            return sent;
        } finally {
            if (sent > 0 && file.isOpen()) {
                file.position(offset + sent);
            }
        }
    }

    private static long transfer(EventLoop loop, SocketChannel ch, FileChannel file, long offset, long count)
            throws IOException {
        long sent = 0;
        while (sent < count) {
            long n = file.transferTo(offset + sent, count - sent, ch);
            if (n > 0) {
                sent += n;
            } else if (offset + sent >= file.size()) {
                break; // the file ended before count
            } else {
                awaitReady(loop, ch, false);
            }
        }
        return sent;
    }

    private static long sendPieces(EventLoop loop, SocketChannel ch, FileChannel file, long offset, long count)
            throws IOException {
        long sent = 0;
        while (sent < count) {
            ByteBuffer piece = Sendfile.readPiece(file, offset + sent, (int) Math.min(FALLBACK_CHUNK, count - sent));
            if (!piece.hasRemaining()) {
                break; // the file ended before count
            }
            int n = piece.remaining();
            sendall(loop, ch, piece);
            sent += n;
        }
        return sent;
    }

    /**
     * Suspends until the channel is connected to {@code addr}.
     *
     * @throws ConnectException naming the address if the connection is refused or fails
     */
    public static void connect(EventLoop loop, SocketChannel ch, SocketAddress addr) throws IOException {
        nonBlocking(ch);
        Args.notNull(addr, "address");
        try {
            if (ch.connect(addr)) {
                return;
            }
            do {
                awaitReady(loop, ch, false);
            } while (!ch.finishConnect());
        } catch (IOException e) {
            ConnectException ce = new ConnectException("Connect call failed " + addr + ": " + e.getMessage());
            ce.initCause(e);
            throw ce;
        }
    }

    /** Suspends until a connection arrives; returns it, non-blocking. */
    public static SocketChannel accept(EventLoop loop, ServerSocketChannel server) throws IOException {
        nonBlocking(server, "server");
        while (true) {
            SocketChannel ch = server.accept();
            if (ch != null) {
                ch.configureBlocking(false);
                return ch;
            }
            awaitReady(loop, server, true);
        }
    }

    static void nonBlocking(SelectableChannel ch) {
        nonBlocking(ch, "channel");
    }

    private static void nonBlocking(SelectableChannel ch, String name) {
        Args.notNull(ch, name);
        if (ch.isBlocking()) {
            throw new IllegalArgumentException("the socket must be non-blocking");
        }
    }

    /** Suspends until the selector reports the channel readable (or acceptable) or writable. */
    static void awaitReady(EventLoop loop, SelectableChannel ch, boolean read) {
        Future<Void> ready = loop.createFuture();
        Runnable wake = () -> {
            if (!ready.done()) {
                ready.setResult(null);
            }
        };
        if (read) {
            loop.addReader(ch, wake);
        } else {
            loop.addWriter(ch, wake);
        }
        try {
            ready.await();
        } finally {
            if (read) {
                loop.removeReader(ch);
            } else {
                loop.removeWriter(ch);
            }
        }
    }
}
