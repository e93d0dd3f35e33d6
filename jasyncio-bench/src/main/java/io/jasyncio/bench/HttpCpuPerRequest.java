package io.jasyncio.bench;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.Transport;
import io.jasyncio.web.AppRunner;
import io.jasyncio.web.TcpSite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The HTTP server's CPU per request on one loop, without wrk: {@link HttpBenchServer}'s routes
 * served to raw keep-alive clients on the same loop over 127.0.0.1, timed by the loop thread's CPU
 * (server and clients together; the clients only count bytes, the same cost on both sides of a
 * comparison of two builds). Depth 1 is a request per round trip per connection; depth 16 writes
 * 16 pipelined requests at a time, so the socket calls are shared and the server's own work
 * (parsing, routing, the response head) is most of the figure.
 *
 * <p>{@code java --add-opens java.base/java.lang=ALL-UNNAMED -cp benchmarks.jar
 * io.jasyncio.bench.HttpCpuPerRequest [passes [depth [path ...]]]}; paths {@code /},
 * {@code /json}, {@code /user/42}, {@code POST:/echo} (1 KiB body); defaults 11 passes (after 3
 * uncounted), depth 1, every path. Prints the median and minimum CPU ns per request.
 */
public final class HttpCpuPerRequest {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int CONNS = 10;
    private static final int REQUESTS_PER_CONN = 20_000;

    private HttpCpuPerRequest() {}

    public static void main(String[] args) throws Exception {
        int passes = args.length > 0 ? Integer.parseInt(args[0]) : 11;
        int depth = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        List<String> paths = args.length > 2 ? Arrays.asList(args).subList(2, args.length)
                : List.of("/", "/json", "/user/42", "POST:/echo");
        System.out.printf("# loop-thread CPU ns per request, %d conns, depth %d, %d passes after 3: java %s%n",
                CONNS, depth, passes, Runtime.version());
        EventLoop loop = LoopFixture.open("loop");
        int port = loop.runUntilComplete(() -> {
            AppRunner runner = new AppRunner(HttpBenchServer.app());
            runner.setup();
            TcpSite site = new TcpSite(runner, "127.0.0.1", 0);
            site.start();
            return site.port();
        });
        for (String path : paths) {
            byte[] request = request(path);
            int responseSize = loop.runUntilComplete(() -> probe(loop, port, request));
            for (int i = 0; i < 3; i++) {
                pass(loop, port, request, responseSize, depth);
            }
            double[] perRequest = new double[passes];
            for (int i = 0; i < passes; i++) {
                perRequest[i] = (double) pass(loop, port, request, responseSize, depth) / (CONNS * REQUESTS_PER_CONN);
            }
            Arrays.sort(perRequest);
            System.out.printf("%-10s median %7.0f  min %7.0f  max %7.0f ns/request%n", path, perRequest[passes / 2],
                    perRequest[0], perRequest[passes - 1]);
        }
    }

    /** One request for {@code path} ({@code POST:/echo}: a POST with a 1 KiB body), as wrk sends it. */
    static byte[] request(String path) {
        String head;
        if (path.startsWith("POST:")) {
            head = "POST " + path.substring(5) + " HTTP/1.1\r\nHost: bench\r\nContent-Length: 1024\r\n\r\n" + "x".repeat(1024);
        } else {
            head = "GET " + path + " HTTP/1.1\r\nHost: bench\r\n\r\n";
        }
        return head.getBytes(StandardCharsets.US_ASCII);
    }

    /** One request on a fresh connection: the size of its response (the same for every request of a path). */
    private static int probe(EventLoop loop, int port, byte[] request) throws IOException {
        Future<Integer> size = loop.createFuture();
        loop.createConnection(() -> new Protocol() {
            private final StringBuilder got = new StringBuilder();
            private Transport transport;

            @Override
            public void connectionMade(Transport t) {
                transport = t;
                t.write(request);
            }

            @Override
            public void dataReceived(ByteBuffer data) {
                got.append(StandardCharsets.ISO_8859_1.decode(data));
                int end = got.indexOf("\r\n\r\n");
                int at = got.indexOf("Content-Length: ");
                if (end > 0 && at > 0) {
                    int length = Integer.parseInt(got.substring(at + 16, got.indexOf("\r\n", at)));
                    if (got.length() >= end + 4 + length && !size.done()) {
                        size.setResult(end + 4 + length);
                        transport.close();
                    }
                }
            }
        }, "127.0.0.1", port);
        return size.await();
    }

    /** CONNS connections each sending REQUESTS_PER_CONN requests, depth at a time: the loop thread's CPU in ns. */
    private static long pass(EventLoop loop, int port, byte[] request, int responseSize, int depth) {
        ByteBuffer batch = ByteBuffer.allocateDirect(request.length * depth);
        for (int i = 0; i < depth; i++) {
            batch.put(request);
        }
        return loop.runUntilComplete(() -> {
            long[] id = new long[1];
            Future<Void> onLoop = loop.createFuture();
            loop.callSoon(() -> {
                id[0] = Thread.currentThread().threadId();
                onLoop.setResult(null);
            });
            onLoop.await();
            long start = THREADS.getThreadCpuTime(id[0]);
            List<Future<Void>> all = new ArrayList<>();
            try {
                for (int c = 0; c < CONNS; c++) {
                    Future<Void> done = loop.createFuture();
                    all.add(done);
                    loop.createConnection(() -> new Client(batch.duplicate(), depth, responseSize, done), "127.0.0.1", port);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (Future<Void> f : all) {
                f.await();
            }
            return THREADS.getThreadCpuTime(id[0]) - start;
        });
    }

    /** Writes depth requests, waits for depth responses' bytes, until REQUESTS_PER_CONN are answered. */
    private static final class Client implements Protocol {
        private final ByteBuffer batch;
        private final int depth;
        private final long batchBytes;
        private final Future<Void> done;
        private Transport transport;
        private long received;
        private int answered;

        Client(ByteBuffer batch, int depth, int responseSize, Future<Void> done) {
            this.batch = batch;
            this.depth = depth;
            this.batchBytes = (long) responseSize * depth;
            this.done = done;
        }

        @Override
        public void connectionMade(Transport t) {
            transport = t;
            transport.write(batch.clear());
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            received += data.remaining();
            data.position(data.limit());
            if (received == batchBytes) {
                received = 0;
                answered += depth;
                if (answered < REQUESTS_PER_CONN) {
                    transport.write(batch.clear());
                } else {
                    transport.close();
                    done.setResult(null);
                }
            } else if (received > batchBytes) {
                throw new IllegalStateException("responses of another size than the probe's: " + received);
            }
        }
    }
}
