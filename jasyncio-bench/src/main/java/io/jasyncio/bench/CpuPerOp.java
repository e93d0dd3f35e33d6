package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;

import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.Server;
import io.jasyncio.transports.ServerOptions;
import io.jasyncio.transports.Transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The core micro-benchmarks timed by the CPU time of the thread that does the work (the loop's
 * thread, which also carries every task), not by the wall clock: on this shared 2-core machine a
 * wall-clock figure counts the time other processes held the CPU, a CPU-time figure mostly does
 * not. Same workloads as {@code TaskSwitch}, {@code FutureRoundTrip} and {@code ParkFloor}.
 * Prints, per workload, the median and minimum of the timed passes in ns per operation.
 *
 * <p>{@code java --add-opens java.base/java.lang=ALL-UNNAMED -cp benchmarks.jar
 * io.jasyncio.bench.CpuPerOp [passes] [workload ...]}; workloads: switch, roundtrip, floor-yield,
 * floor-park, echo-1k, echo-64k, echo-1k-readinto, echo-64k-readinto, echo-1k-protocol,
 * echo-64k-protocol, write-64m, array-64k-fresh, array-64k-reused (default: all), passes default 15
 * (after 5 uncounted).
 *
 * <p>{@code echo-1k}/{@code echo-64k}: {@code EchoServer}'s streams handler on 127.0.0.1 and 10
 * ping-pong client connections on the same loop (a plain Protocol, cheap and the same on both sides
 * of a comparison), so the figure is the loop thread's CPU (user and system) per echoed message,
 * server and client together; a comparison of two builds shows the server's difference. The
 * {@code -protocol} twins serve with {@code EchoServer}'s Protocol instead (the streams path's target),
 * the {@code -readinto} twins with its streams handler on {@code readinto}.
 *
 * <p>{@code write-64m}: a streams handler writes one 64 MiB array and drains; a streams client on
 * the same loop reads it with {@code read(1 << 20)}; the figure is per MiB (the write queue's cost
 * when the socket takes a large write in many pieces).
 *
 * <p>{@code array-64k-fresh}/{@code array-64k-reused}: on the calling thread, what {@code read(n)}
 * pays per 64 KiB chunk for the new array it returns — a fresh {@code byte[65536]} filled from a
 * direct buffer — against the same copy into one reused array ({@code readinto}'s case).
 */
public final class CpuPerOp {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CpuPerOp() {}

    public static void main(String[] args) throws Exception {
        int passes = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        List<String> names = args.length > 1 ? Arrays.asList(args).subList(1, args.length)
                : List.of("switch", "roundtrip", "floor-yield", "floor-park", "echo-1k", "echo-64k",
                        "echo-1k-readinto", "echo-64k-readinto", "echo-1k-protocol", "echo-64k-protocol", "write-64m",
                        "array-64k-fresh", "array-64k-reused");
        String scheduler = System.getProperty(LoopFixture.SCHEDULER_PROPERTY, "loop");
        if (!scheduler.equals("loop")) {
            // The portable scheduler runs task steps on the JDK's carrier threads, whose CPU this
            // does not count: its figures would be the loop thread's share only.
            throw new IllegalArgumentException("CpuPerOp counts the loop thread's CPU: only the loop scheduler"
                    + " runs tasks there (got -D" + LoopFixture.SCHEDULER_PROPERTY + "=" + scheduler + ")");
        }
        System.out.printf("# CPU ns/op of the working thread, %d passes after 5 uncounted: java %s, scheduler=%s%n",
                passes, Runtime.version(), scheduler);
        for (String name : names) {
            LongSupplier pass = switch (name) {
                case "switch" -> onLoop(scheduler, CpuPerOp::switchPass);
                case "roundtrip" -> onLoop(scheduler, CpuPerOp::roundTripPass);
                case "floor-yield" -> floor(true);
                case "floor-park" -> floor(false);
                case "echo-1k" -> onLoop(scheduler, loop -> echoPass(loop, 1024, "streams"));
                case "echo-64k" -> onLoop(scheduler, loop -> echoPass(loop, 65536, "streams"));
                case "echo-1k-readinto" -> onLoop(scheduler, loop -> echoPass(loop, 1024, "readinto"));
                case "echo-64k-readinto" -> onLoop(scheduler, loop -> echoPass(loop, 65536, "readinto"));
                case "echo-1k-protocol" -> onLoop(scheduler, loop -> echoPass(loop, 1024, "protocol"));
                case "echo-64k-protocol" -> onLoop(scheduler, loop -> echoPass(loop, 65536, "protocol"));
                case "write-64m" -> onLoop(scheduler, loop -> bulkWritePass(loop, BULK_MIB));
                case "array-64k-fresh" -> arrayPass(true);
                case "array-64k-reused" -> arrayPass(false);
                default -> throw new IllegalArgumentException("unknown workload: " + name);
            };
            long ops = switch (name) {
                case "switch", "floor-yield" -> (long) TaskSwitch.TASKS * TaskSwitch.ROUNDS;
                case "echo-1k", "echo-1k-readinto", "echo-1k-protocol" -> ECHO_CONNS * ECHO_ROUNDS_1K;
                case "echo-64k", "echo-64k-readinto", "echo-64k-protocol" -> ECHO_CONNS * ECHO_ROUNDS_64K;
                case "write-64m" -> BULK_MIB;
                case "array-64k-fresh", "array-64k-reused" -> ARRAY_ROUNDS;
                default -> FutureRoundTrip.ROUNDS;
            };
            for (int i = 0; i < 5; i++) {
                pass.getAsLong();
            }
            double[] perOp = new double[passes];
            for (int i = 0; i < passes; i++) {
                perOp[i] = (double) pass.getAsLong() / ops;
            }
            Arrays.sort(perOp);
            System.out.printf("%-12s median %7.1f  min %7.1f  max %7.1f ns/op%n", name, perOp[passes / 2], perOp[0],
                    perOp[passes - 1]);
        }
    }

    /** A pass on a loop: the loop thread's CPU time across the body's run, in ns. */
    private static LongSupplier onLoop(String scheduler, java.util.function.ToLongFunction<EventLoop> body) {
        EventLoop loop = LoopFixture.open(scheduler);
        return () -> body.applyAsLong(loop);
    }

    private static long cpuOfLoopThread(EventLoop loop, Runnable inTask) {
        return loop.runUntilComplete(() -> cpuInTask(loop, inTask));
    }

    /** Inside a task: the loop thread's CPU time across {@code inTask}, in ns. */
    private static long cpuInTask(EventLoop loop, Runnable inTask) {
        long[] ids = new long[1];
        Future<Void> got = loop.createFuture();
        loop.callSoon(() -> { // a callback runs on the loop's own (platform) thread
            ids[0] = Thread.currentThread().threadId();
            got.setResult(null);
        });
        got.await();
        long start = THREADS.getThreadCpuTime(ids[0]);
        inTask.run();
        return THREADS.getThreadCpuTime(ids[0]) - start;
    }

    private static long switchPass(EventLoop loop) {
        return cpuOfLoopThread(loop, () -> {
            Task<?>[] tasks = new Task<?>[TaskSwitch.TASKS];
            for (int i = 0; i < tasks.length; i++) {
                tasks[i] = loop.createTask(() -> {
                    for (int r = 0; r < TaskSwitch.ROUNDS; r++) {
                        Asyncio.sleep(0);
                    }
                });
            }
            for (Task<?> t : tasks) {
                t.await();
            }
        });
    }

    private static long roundTripPass(EventLoop loop) {
        return cpuOfLoopThread(loop, () -> {
            long sum = 0;
            for (int i = 0; i < FutureRoundTrip.ROUNDS; i++) {
                Future<Integer> f = loop.createFuture();
                loop.callSoon(() -> f.setResult(1));
                sum += f.await();
            }
            if (sum != FutureRoundTrip.ROUNDS) {
                throw new IllegalStateException("lost a result: " + sum);
            }
        });
    }

    static final int ECHO_CONNS = 10;
    static final int ECHO_ROUNDS_1K = 5_000;
    static final int ECHO_ROUNDS_64K = 500;

    /** Ping-pong client: sends one message, waits for all of it to come back, ROUNDS times. */
    private static final class PingPong implements Protocol {
        private final ByteBuffer message;
        private final int rounds;
        private final Future<Void> done;
        private Transport transport;
        private int received;
        private int sent;

        PingPong(int size, int rounds, Future<Void> done) {
            this.message = ByteBuffer.allocateDirect(size);
            this.rounds = rounds;
            this.done = done;
        }

        @Override
        public void connectionMade(Transport t) {
            transport = t;
            send();
        }

        private void send() {
            sent++;
            transport.write(message.clear());
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            received += data.remaining();
            data.position(data.limit());
            if (received == message.capacity()) {
                received = 0;
                if (sent < rounds) {
                    send();
                } else {
                    transport.close();
                    done.setResult(null);
                }
            }
        }
    }

    private static long echoPass(EventLoop loop, int size, String server) {
        int rounds = size == 1024 ? ECHO_ROUNDS_1K : ECHO_ROUNDS_64K;
        long[] cpu = new long[1];
        loop.runUntilComplete(() -> {
            ServerOptions options = ServerOptions.of("127.0.0.1", 0);
            Server echo = switch (server) {
                case "protocol" -> loop.createServer(EchoServer.Echo::new, options);
                case "readinto" -> Asyncio.startServer(EchoServer.READINTO_ECHO, options);
                default -> Asyncio.startServer(EchoServer.STREAMS_ECHO, options);
            };
            int port = ((InetSocketAddress) echo.addresses().get(0)).getPort();
            cpu[0] = cpuInTask(loop, () -> {
                List<Future<Void>> all = new ArrayList<>();
                try {
                    for (int i = 0; i < ECHO_CONNS; i++) {
                        Future<Void> done = loop.createFuture();
                        all.add(done);
                        loop.createConnection(() -> new PingPong(size, rounds, done), "127.0.0.1", port);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                for (Future<Void> f : all) {
                    f.await();
                }
            });
            echo.close();
            echo.waitClosed();
            return null;
        });
        return cpu[0];
    }

    private static final int BULK_MIB = 64;
    private static final int ARRAY_ROUNDS = 20_000;
    /** Keeps the arrays of {@link #arrayPass} alive past the JIT's escape analysis. */
    static volatile byte[] sink;

    private static LongSupplier arrayPass(boolean fresh) {
        ByteBuffer chunk = ByteBuffer.allocateDirect(65536);
        byte[] reused = new byte[65536];
        return () -> {
            long start = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < ARRAY_ROUNDS; i++) {
                byte[] b = fresh ? new byte[65536] : reused;
                chunk.get(0, b);
                sink = b;
            }
            return THREADS.getCurrentThreadCpuTime() - start;
        };
    }

    private static long bulkWritePass(EventLoop loop, int mib) {
        long[] cpu = new long[1];
        loop.runUntilComplete(() -> {
            Server server = Asyncio.startServer((r, w) -> {
                w.write(new byte[mib << 20]);
                w.drain();
                w.close();
            }, ServerOptions.of("127.0.0.1", 0));
            int port = ((InetSocketAddress) server.addresses().get(0)).getPort();
            cpu[0] = cpuInTask(loop, () -> {
                try {
                    io.jasyncio.streams.StreamPair c = Asyncio.openConnection("127.0.0.1", port);
                    long got = 0;
                    for (byte[] part; (part = c.reader().read(1 << 20)).length > 0; ) {
                        got += part.length;
                    }
                    if (got != (long) mib << 20) {
                        throw new IllegalStateException("received " + got + " bytes of " + (mib << 20));
                    }
                    c.writer().close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            server.close();
            server.waitClosed();
            return null;
        });
        return cpu[0];
    }

    /** ParkFloor's workloads, on the calling (platform) thread. */
    private static LongSupplier floor(boolean yield) {
        ParkFloor p = new ParkFloor();
        try {
            p.setUp();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("needs --add-opens java.base/java.lang=ALL-UNNAMED: " + e, e);
        }
        return () -> {
            long start = THREADS.getCurrentThreadCpuTime();
            if (yield) {
                p.yieldAmong1kThreads();
            } else {
                p.parkUnparkViaCallback();
            }
            return THREADS.getCurrentThreadCpuTime() - start;
        };
    }
}
