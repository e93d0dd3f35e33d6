package io.jasyncio.bench;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.Transport;
import io.jasyncio.web.AppRunner;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The HTTP server's own CPU per request, without a socket: {@link HttpBenchServer}'s application
 * behind the connection protocol a site would make ({@code AppRunner.server()}), fed request bytes from loop
 * callbacks as a transport's {@code dataReceived} would be, its responses written to a transport
 * that only counts bytes. What is left is what jasyncio-http does per request — parsing, routing,
 * the handler, the response head, the serving task — with no system call, so an A/B of two builds
 * sees differences of a few percent that the socket probe ({@link HttpCpuPerRequest}) loses in the
 * kernel's noise.
 *
 * <p>{@code java --add-opens java.base/java.lang=ALL-UNNAMED -cp benchmarks.jar
 * io.jasyncio.bench.HttpServerWork [passes [depth [path ...]]]}: depth requests per read (1: one
 * request per {@code dataReceived}, as wrk without pipelining); paths as {@link HttpCpuPerRequest}.
 * Prints the median and minimum loop-thread CPU ns per request of the passes (after 5 uncounted),
 * and the bytes the loop thread allocated per request (tasks included: they run on it), which does
 * not depend on the machine's load.
 */
public final class HttpServerWork {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int CONNS = 10;
    private static final int READS_PER_PASS = 100_000;

    private HttpServerWork() {}

    public static void main(String[] args) throws Exception {
        int passes = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int depth = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        List<String> paths = args.length > 2 ? Arrays.asList(args).subList(2, args.length)
                : List.of("/", "/json", "/user/42", "POST:/echo");
        System.out.printf("# server CPU ns per request without sockets, %d conns, depth %d, %d passes after 5: java %s%n",
                CONNS, depth, passes, Runtime.version());
        EventLoop loop = LoopFixture.open("loop");
        Supplier<? extends Protocol> factory = loop.runUntilComplete(() -> {
            AppRunner runner = new AppRunner(HttpBenchServer.app());
            runner.setup();
            return runner.server();
        });
        for (String path : paths) {
            byte[] request = HttpCpuPerRequest.request(path);
            ByteBuffer batch = ByteBuffer.allocateDirect(request.length * depth);
            for (int i = 0; i < depth; i++) {
                batch.put(request);
            }
            Protocol[] conns = new Protocol[CONNS];
            CountingTransport[] transports = new CountingTransport[CONNS];
            for (int c = 0; c < CONNS; c++) {
                conns[c] = factory.get();
                transports[c] = new CountingTransport();
                Protocol p = conns[c];
                Transport t = transports[c];
                loop.runUntilComplete(() -> {
                    p.connectionMade(t);
                    return null;
                });
            }
            for (int i = 0; i < 5; i++) {
                pass(loop, conns, batch, false);
            }
            long before = transports[0].written;
            long allocated = pass(loop, conns, batch, true);
            long perRead = (transports[0].written - before) / (READS_PER_PASS / CONNS);
            double[] perRequest = new double[passes];
            for (int i = 0; i < passes; i++) {
                perRequest[i] = (double) pass(loop, conns, batch, false) / ((long) READS_PER_PASS * depth);
            }
            Arrays.sort(perRequest);
            System.out.printf("%-10s median %6.0f  min %6.0f  max %6.0f ns/request  %5d B allocated/request  (%d response bytes per read)%n",
                    path, perRequest[passes / 2], perRequest[0], perRequest[passes - 1],
                    allocated / ((long) READS_PER_PASS * depth), perRead);
        }
        loop.close();
    }

    /**
     * READS_PER_PASS reads, round robin over the connections, 100 per loop callback: the loop
     * thread's CPU ns, or the bytes it allocated.
     */
    private static long pass(EventLoop loop, Protocol[] conns, ByteBuffer batch, boolean allocation) {
        Future<Long> done = loop.createFuture();
        long[] start = new long[2];
        loop.callSoon(() -> {
            start[0] = Thread.currentThread().threadId();
            start[1] = allocation ? THREADS.getThreadAllocatedBytes(start[0]) : THREADS.getThreadCpuTime(start[0]);
            loop.callSoon(new Runnable() {
                private int reads;

                @Override
                public void run() {
                    // 100 reads per callback: what one loop iteration with many ready sockets does
                    for (int i = 0; i < 100 && reads < READS_PER_PASS; i++, reads++) {
                        conns[reads % conns.length].dataReceived(batch.duplicate().clear());
                    }
                    if (reads < READS_PER_PASS) {
                        loop.callSoon(this);
                    } else {
                        long end = allocation ? THREADS.getThreadAllocatedBytes(start[0]) : THREADS.getThreadCpuTime(start[0]);
                        done.setResult(end - start[1]);
                    }
                }
            });
        });
        return loop.runUntilComplete(done);
    }

    /** A transport that takes every write and counts its bytes; never paused, never closing. */
    private static final class CountingTransport implements Transport {
        long written;
        private Protocol protocol;

        @Override
        public void write(byte[] data) {
            written += data.length;
        }

        @Override
        public void write(ByteBuffer data) {
            written += data.remaining();
            data.position(data.limit());
        }

        @Override
        public void writelines(Iterable<byte[]> data) {
            for (byte[] b : data) {
                written += b.length;
            }
        }

        @Override
        public void writeEof() {}

        @Override
        public boolean canWriteEof() {
            return true;
        }

        @Override
        public void close() {
            throw new IllegalStateException("the server closed a keep-alive connection");
        }

        @Override
        public void abort() {
            close();
        }

        @Override
        public boolean isClosing() {
            return false;
        }

        @Override
        public Object getExtraInfo(String name) {
            return null;
        }

        @Override
        public void pauseReading() {}

        @Override
        public void resumeReading() {}

        @Override
        public boolean isReading() {
            return true;
        }

        @Override
        public void setWriteBufferLimits(int high, int low) {}

        @Override
        public int getWriteBufferHighWaterMark() {
            return 65536;
        }

        @Override
        public int getWriteBufferLowWaterMark() {
            return 16384;
        }

        @Override
        public int getWriteBufferSize() {
            return 0;
        }

        @Override
        public void setProtocol(Protocol protocol) {
            this.protocol = protocol;
        }

        @Override
        public Protocol getProtocol() {
            return protocol;
        }
    }
}
