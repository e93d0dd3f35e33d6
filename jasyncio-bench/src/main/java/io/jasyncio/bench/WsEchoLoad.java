package io.jasyncio.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The WebSocket echo load client: CONNS connections to {@code ws://127.0.0.1:PORT/ws}, each
 * sending DEPTH masked binary messages of SIZE bytes in one write and waiting for all their echoes
 * before the next burst (DEPTH 1, the default: a ping-pong per connection, as the peers' TCP echo
 * load client does; a larger DEPTH shows what a server does with several frames per read), all on one thread with a
 * plain NIO selector, so that it costs the same whichever server it drives. After WARMUP
 * uncounted seconds it counts SECONDS, reading the server's CPU time from
 * {@code /proc/SERVER_PID/stat} at both ends, and prints one line:
 * {@code msgs=N seconds=S msgs_per_s=R server_cpu_s=C server_us_per_msg=U}.
 *
 * <p>Usage: {@code WsEchoLoad PORT CONNS SIZE WARMUP SECONDS SERVER_PID [DEPTH]}.
 */
public final class WsEchoLoad {
    private WsEchoLoad() {}

    /** One connection's state: how many bytes of the current echo are still to come. */
    private static final class Conn {
        final SocketChannel ch;
        int pending;

        Conn(SocketChannel ch) {
            this.ch = ch;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6 && args.length != 7) {
            System.err.println("usage: WsEchoLoad PORT CONNS SIZE WARMUP SECONDS SERVER_PID [DEPTH]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        int conns = Integer.parseInt(args[1]);
        int size = Integer.parseInt(args[2]);
        double warmup = Double.parseDouble(args[3]);
        double seconds = Double.parseDouble(args[4]);
        long pid = Long.parseLong(args[5]);
        int depth = args.length == 7 ? Integer.parseInt(args[6]) : 1;
        if (depth < 1) {
            throw new IllegalArgumentException("DEPTH must be >= 1: " + depth);
        }
        if (size >= 65536) {
            throw new IllegalArgumentException("SIZE must be < 65536: " + size);
        }
        byte[] frame = frame(size);
        byte[] burst = new byte[frame.length * depth];
        for (int i = 0; i < depth; i++) {
            System.arraycopy(frame, 0, burst, i * frame.length, frame.length);
        }
        int echoLength = ((size < 126 ? 2 : 4) + size) * depth;
        Selector selector = Selector.open();
        for (int i = 0; i < conns; i++) {
            Conn c = new Conn(handshake(port));
            c.ch.configureBlocking(false);
            c.ch.register(selector, SelectionKey.OP_READ, c);
            send(c, burst, echoLength);
        }
        ByteBuffer in = ByteBuffer.allocateDirect(1 << 20);
        long start = System.nanoTime();
        long warmEnd = start + (long) (warmup * 1e9);
        long end = warmEnd + (long) (seconds * 1e9);
        long counted = 0;
        boolean counting = false;
        double cpu0 = 0;
        long t0 = 0;
        while (true) {
            long now = System.nanoTime();
            if (!counting && now >= warmEnd) {
                counting = true;
                counted = 0;
                cpu0 = cpuSeconds(pid);
                t0 = now;
            }
            if (now >= end) {
                break;
            }
            selector.select(100);
            for (SelectionKey key : selector.selectedKeys()) {
                Conn c = (Conn) key.attachment();
                in.clear();
                int n = c.ch.read(in);
                if (n < 0) {
                    throw new IOException("the server closed a connection");
                }
                c.pending -= n;
                if (c.pending < 0) {
                    throw new IOException("more bytes than one burst's echoes: the server sent something else");
                }
                if (c.pending == 0) {
                    counted += depth;
                    send(c, burst, echoLength);
                }
            }
            selector.selectedKeys().clear();
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        double cpu = cpuSeconds(pid) - cpu0;
        System.out.printf("msgs=%d seconds=%.3f msgs_per_s=%.0f server_cpu_s=%.3f server_us_per_msg=%.2f%n",
                counted, elapsed, counted / elapsed, cpu, counted == 0 ? 0 : cpu * 1e6 / counted);
        for (SelectionKey key : selector.keys()) {
            ((Conn) key.attachment()).ch.close();
        }
        selector.close();
    }

    private static void send(Conn c, byte[] frame, int echoLength) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(frame);
        while (out.hasRemaining()) {
            if (c.ch.write(out) == 0) {
                Thread.onSpinWait(); // a small frame on an idle socket: the send buffer frees at once
            }
        }
        c.pending = echoLength;
    }

    /** A masked binary frame (clients must mask, RFC 6455 §5.3) with a fixed key and payload. */
    private static byte[] frame(int size) {
        byte[] payload = new byte[size];
        Arrays.fill(payload, (byte) 'w');
        byte[] key = {0x11, 0x22, 0x33, 0x44};
        int header = size < 126 ? 2 : 4;
        byte[] f = new byte[header + 4 + size];
        f[0] = (byte) 0x82;
        if (size < 126) {
            f[1] = (byte) (0x80 | size);
        } else {
            f[1] = (byte) (0x80 | 126);
            f[2] = (byte) (size >>> 8);
            f[3] = (byte) size;
        }
        System.arraycopy(key, 0, f, header, 4);
        for (int i = 0; i < size; i++) {
            f[header + 4 + i] = (byte) (payload[i] ^ key[i & 3]);
        }
        return f;
    }

    private static SocketChannel handshake(int port) throws IOException {
        SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        ch.socket().setTcpNoDelay(true);
        ch.write(ByteBuffer.wrap(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII)));
        ByteBuffer head = ByteBuffer.allocate(4096);
        while (true) {
            if (ch.read(head) < 0) {
                throw new IOException("the server closed the connection during the handshake");
            }
            String text = new String(head.array(), 0, head.position(), StandardCharsets.US_ASCII);
            int endOfHead = text.indexOf("\r\n\r\n");
            if (endOfHead >= 0) {
                if (!text.startsWith("HTTP/1.1 101")) {
                    throw new IOException("no WebSocket: " + text.lines().findFirst().orElse(""));
                }
                if (endOfHead + 4 != head.position()) {
                    throw new IOException("bytes after the handshake before the first message");
                }
                return ch;
            }
        }
    }

    private static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // USER_HZ is 100 on Linux
    }
}
