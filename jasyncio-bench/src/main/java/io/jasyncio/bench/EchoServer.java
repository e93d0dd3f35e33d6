package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.EventLoopGroup;
import io.jasyncio.GroupServer;
import io.jasyncio.streams.ClientConnected;
import io.jasyncio.transports.BufferedProtocol;
import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.Server;
import io.jasyncio.transports.ServerOptions;
import io.jasyncio.transports.Transport;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The TCP echo server of the end-to-end load benchmark ({@code bin/echo}), in three flavours that
 * mirror the peers in {@code ../shared/peers/echo}: {@code streams} (startServer, read 64 KiB,
 * write, drain), {@code readinto} (the same streams with {@code readinto} into a per-connection
 * direct buffer: no copy in user space), {@code protocol} (dataReceived writes back; reading pauses
 * while the peer does not drain) and {@code buffered} (a BufferedProtocol reading into a
 * per-connection direct buffer).
 *
 * <p>Usage: {@code EchoServer PORT streams|readinto|protocol|buffered [LOOPS]}. Listens on 127.0.0.1 until
 * killed. With LOOPS &gt; 1 the server runs on an {@link EventLoopGroup} of that many loops, one
 * SO_REUSEPORT listener each (the multi-loop benchmark of docs/benchmarks.md).
 */
public final class EchoServer {
    private EchoServer() {}

    /** The streams echo handler: read up to 64 KiB, write it back, drain, until EOF. */
    static final ClientConnected STREAMS_ECHO = (r, w) -> {
        while (true) {
            byte[] data = r.read(65536);
            if (data.length == 0) {
                break;
            }
            w.write(data);
            w.drain();
        }
        w.close();
    };

    /** The streams echo on readinto: the socket reads into the handler's direct buffer, written back as it is. */
    static final ClientConnected READINTO_ECHO = (r, w) -> {
        ByteBuffer buf = ByteBuffer.allocateDirect(65536);
        while (r.readinto(buf.clear()) >= 0) {
            w.write(buf.flip());
            w.drain();
        }
        w.close();
    };

    public static void main(String[] args) throws IOException {
        if (args.length != 2 && args.length != 3) {
            System.err.println("usage: EchoServer PORT streams|readinto|protocol|buffered [LOOPS]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        String mode = args[1];
        int loops = args.length == 3 ? Integer.parseInt(args[2]) : 1;
        if (loops > 1) {
            serveOnGroup(port, mode, loops);
            return;
        }
        Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            ServerOptions options = ServerOptions.of("127.0.0.1", port).withBacklog(1024);
            Server server = switch (mode) {
                case "streams" -> Asyncio.startServer(STREAMS_ECHO, options);
                case "readinto" -> Asyncio.startServer(READINTO_ECHO, options);
                case "protocol" -> loop.createServer(Echo::new, options);
                case "buffered" -> loop.createServer(BufferedEcho::new, options);
                default -> throw new IllegalArgumentException("mode must be streams, readinto, protocol or buffered: " + mode);
            };
            System.out.println("jasyncio " + mode + " echo on 127.0.0.1:" + server.port() + " scheduler="
                    + loop.schedulerName());
            server.serveForever();
        });
    }

    private static void serveOnGroup(int port, String mode, int loops) throws IOException {
        EventLoopGroup group = new EventLoopGroup(loops);
        ServerOptions options = ServerOptions.of("127.0.0.1", port).withBacklog(1024);
        GroupServer server = switch (mode) {
            case "streams" -> group.startServer(STREAMS_ECHO, options);
            case "readinto" -> group.startServer(READINTO_ECHO, options);
            case "protocol" -> group.createServer(Echo::new, options);
            case "buffered" -> group.createServer(BufferedEcho::new, options);
            default -> throw new IllegalArgumentException("mode must be streams, readinto, protocol or buffered: " + mode);
        };
        System.out.println("jasyncio " + mode + " echo on 127.0.0.1:" + server.port() + " loops=" + loops
                + " scheduler=" + group.loops().get(0).schedulerName());
        group.runForever();
    }

    /** Writes back what it receives; stops reading while its writes are not drained (TlsEchoServer's too). */
    static final class Echo implements Protocol {
        private Transport transport;

        @Override
        public void connectionMade(Transport t) {
            transport = t;
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            transport.write(data);
        }

        @Override
        public void pauseWriting() {
            transport.pauseReading();
        }

        @Override
        public void resumeWriting() {
            transport.resumeReading();
        }
    }

    /** The same with the protocol's own direct buffer: no copy on the read side either. */
    private static final class BufferedEcho implements BufferedProtocol {
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        private Transport transport;

        @Override
        public void connectionMade(Transport t) {
            transport = t;
        }

        @Override
        public ByteBuffer getBuffer(int sizeHint) {
            return buffer.clear();
        }

        @Override
        public void bufferUpdated(int nbytes) {
            transport.write(buffer.flip());
        }

        @Override
        public void pauseWriting() {
            transport.pauseReading();
        }

        @Override
        public void resumeWriting() {
            transport.resumeReading();
        }
    }
}
