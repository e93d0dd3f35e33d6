package io.jasyncio.internal.net;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.SendfileNotAvailableError;
import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.Transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * asyncio's {@code loop.sendfile}: zero-copy {@code transferTo} on a plain socket transport
 * ({@link SocketTransport#sendfile}), else the fallback of {@code base_events._sendfile_fallback}:
 * the file read in pieces off the loop thread and written with the transport's flow control,
 * observed by a stand-in protocol ({@code _SendfileFallbackProtocol}) while reading is paused.
 * Either way the file's position ends at {@code offset} plus the bytes sent, as asyncio seeks it.
 * With {@code fallback} false, a transport or file that has no zero-copy path raises
 * {@link SendfileNotAvailableError} before anything is sent, as asyncio's {@code fallback=False}.
 */
public final class Sendfile {
    /** asyncio's fallback reads 256 KiB at most per piece ({@code constants.SENDFILE_FALLBACK_READBUFFER_SIZE}). */
    private static final int FALLBACK_CHUNK = 256 * 1024;

    private Sendfile() {}

    /**
     * Sends up to {@code count} bytes from {@code offset}; returns the bytes sent. Suspends.
     *
     * @throws SendfileNotAvailableError if {@code fallback} is false and zero copy is impossible
     */
    public static long send(EventLoop loop, Transport transport, FileChannel file, long offset, long count,
            boolean fallback) throws IOException {
        if (transport.isClosing()) {
            throw new IllegalStateException("Transport is closing");
        }
        boolean zeroCopy = transport instanceof SocketTransport && ZeroCopy.possible(file);
        if (!zeroCopy && !fallback) {
            throw transport instanceof SocketTransport
                    ? notRegular(file)
                    : new SendfileNotAvailableError( // asyncio's RuntimeError for a FALLBACK-mode transport
                            "fallback is disabled and native sendfile is not supported for transport " + transport);
        }
        long sent = 0;
        try {
            sent = zeroCopy
                    ? ((SocketTransport) transport).sendfile(file, offset, count)
                    : fallback(loop, transport, file, offset, count);
            return sent;
        } finally {
            if (sent > 0 && file.isOpen()) {
                file.position(offset + sent);
            }
        }
    }

    private static long fallback(EventLoop loop, Transport transport, FileChannel file, long offset, long count)
            throws IOException {
        Standin standin = new Standin(loop, transport);
        long sent = 0;
        try {
            while (sent < count) {
                int want = (int) Math.min(FALLBACK_CHUNK, count - sent);
                long at = offset + sent;
                ByteBuffer piece = readPiece(file, at, want);
                if (!piece.hasRemaining()) {
                    break; // the file ended before count
                }
                standin.drain();
                int n = piece.remaining();
                transport.write(piece);
                sent += n;
            }
            return sent;
        } finally {
            standin.restore();
        }
    }

    /** asyncio's words when the file has no descriptor {@code os.sendfile} can read. */
    static SendfileNotAvailableError notRegular(FileChannel file) {
        return new SendfileNotAvailableError("not a regular file: " + file.getClass().getName()
                + " is not the JDK's own file channel on a file with a size, so transferTo would copy through the JVM");
    }

    /**
     * Reads up to {@code want} bytes at {@code at}, fewer only at the end of the file; suspends.
     * File reads block: off the loop thread, as asyncio's {@code run_in_executor(None, file.readinto)}.
     */
    static ByteBuffer readPiece(FileChannel file, long at, int want) {
        return Asyncio.toThread(() -> {
            ByteBuffer b = ByteBuffer.allocate(want);
            int n;
            do {
                n = file.read(b, at + b.position());
            } while (n >= 0 && b.hasRemaining());
            return b.flip();
        });
    }

    /** The protocol while the fallback runs: tracks pause/resume writing, hands the loss on. */
    private static final class Standin implements Protocol {
        private final EventLoop loop;
        private final Transport transport;
        private final Protocol original;
        private final boolean wasReading;
        private final boolean wasPaused;
        private boolean paused;
        private Future<Void> resumed;
        private Throwable lost;
        private boolean connectionLost;

        Standin(EventLoop loop, Transport transport) {
            this.loop = loop;
            this.transport = transport;
            this.original = transport.getProtocol();
            this.wasReading = transport.isReading();
            this.wasPaused = transport.getWriteBufferSize() > transport.getWriteBufferHighWaterMark();
            this.paused = wasPaused;
            transport.pauseReading();
            transport.setProtocol(this);
        }

        void drain() throws IOException {
            if (connectionLost) {
                throw new IOException("Connection closed by peer", lost);
            }
            while (paused) {
                resumed = loop.createFuture();
                resumed.await();
                if (connectionLost) {
                    throw new IOException("Connection closed by peer", lost);
                }
            }
        }

        void restore() {
            transport.setProtocol(original);
            if (connectionLost) {
                return; // told the original already
            }
            if (wasReading) {
                transport.resumeReading();
            }
            if (wasPaused && !paused) {
                original.resumeWriting(); // it was paused when we took over, and the buffer drained since
            }
        }

        @Override
        public void pauseWriting() {
            paused = true;
        }

        @Override
        public void resumeWriting() {
            paused = false;
            if (resumed != null && !resumed.done()) {
                resumed.setResult(null);
            }
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            throw new IllegalStateException("Invalid state: reading should be paused");
        }

        @Override
        public boolean eofReceived() {
            throw new IllegalStateException("Invalid state: reading should be paused");
        }

        @Override
        public void connectionLost(Throwable exc) {
            connectionLost = true;
            lost = exc;
            if (resumed != null && !resumed.done()) {
                resumed.setResult(null);
            }
            original.connectionLost(exc);
        }
    }
}
