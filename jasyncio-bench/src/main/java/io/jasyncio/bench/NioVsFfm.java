package io.jasyncio.bench;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Whether the JDK's NIO layer costs anything measurable on top of the system calls themselves
 * (issue 16, goal 2: what separates the Protocol path from Netty's JNI transport at 64 KiB). One
 * loopback connection, non-blocking, direct buffers; per round trip one write and the reads that
 * take it back, once through {@code SocketChannel} and once as FFM downcalls to {@code write(2)}
 * and {@code read(2)} on the same descriptors. Prints the CPU time of the thread per round trip.
 *
 * <p>{@code java --enable-native-access=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED
 * -cp benchmarks.jar io.jasyncio.bench.NioVsFfm [rounds]} (the flag opens the channels' descriptor,
 * which NIO does not expose).
 */
public final class NioVsFfm {
    private NioVsFfm() {}

    public static void main(String[] args) throws Throwable {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             SocketChannel client = SocketChannel.open(listener.getLocalAddress());
             SocketChannel server = listener.accept()) {
            client.configureBlocking(false);
            server.configureBlocking(false);
            var fdVal = Class.forName("sun.nio.ch.SocketChannelImpl").getDeclaredMethod("getFDVal");
            fdVal.setAccessible(true);
            int clientFd = (int) fdVal.invoke(client);
            int serverFd = (int) fdVal.invoke(server);
            Linker linker = Linker.nativeLinker();
            FunctionDescriptor io = FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_LONG);
            MethodHandle read = linker.downcallHandle(linker.defaultLookup().find("read").orElseThrow(), io);
            MethodHandle write = linker.downcallHandle(linker.defaultLookup().find("write").orElseThrow(), io);
            ByteBuffer buf = ByteBuffer.allocateDirect(65536);
            MemorySegment seg = MemorySegment.ofBuffer(buf);
            for (int size : new int[] {1024, 65536}) {
                int n = size == 1024 ? 200_000 : 20_000;
                for (int r = 0; r < rounds; r++) {
                    long t0 = threads.getCurrentThreadCpuTime();
                    for (int i = 0; i < n; i++) {
                        buf.clear().limit(size);
                        while (buf.hasRemaining()) {
                            client.write(buf);
                        }
                        buf.clear().limit(size);
                        while (buf.hasRemaining()) {
                            server.read(buf);
                        }
                    }
                    long t1 = threads.getCurrentThreadCpuTime();
                    for (int i = 0; i < n; i++) {
                        for (long sent = 0; sent < size; ) {
                            long k = (long) write.invokeExact(clientFd, seg.asSlice(sent), (long) size - sent);
                            sent += Math.max(k, 0);
                        }
                        for (long got = 0; got < size; ) {
                            long k = (long) read.invokeExact(serverFd, seg.asSlice(got), (long) size - got);
                            got += Math.max(k, 0);
                        }
                    }
                    long t2 = threads.getCurrentThreadCpuTime();
                    System.out.printf("%6d B write + read: NIO %6.2f us   FFM %6.2f us%n", size,
                            (t1 - t0) / 1e3 / n, (t2 - t1) / 1e3 / n);
                }
            }
        }
    }
}
