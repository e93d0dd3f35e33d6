package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.EventLoopGroup;
import io.jasyncio.GroupServer;
import io.jasyncio.Task;
import io.jasyncio.streams.ClientConnected;
import io.jasyncio.streams.StreamPair;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One echo server on every loop of an {@link EventLoopGroup}: N loops in one JVM, one listening
 * socket each on the same port (SO_REUSEPORT), where asyncio would need N processes.
 * {@code --loops N} sets the number of loops (default: one per processor); {@code --serve PORT}
 * keeps serving on 127.0.0.1 until SIGTERM or Ctrl-C (try {@code nc 127.0.0.1 PORT}).
 */
public final class MultiLoopEcho implements Example {
    private static final int CLIENTS = 64;

    @Override
    public String name() {
        return "multi-loop-echo";
    }

    @Override
    public String description() {
        return "an echo server on every loop of an EventLoopGroup (SO_REUSEPORT), 64 clients spread over them";
    }

    @Override
    public void run(PrintStream out) throws Exception {
        run(out, new String[0]);
    }

    @Override
    public void run(PrintStream out, String... args) throws Exception {
        OptionalInt loopsArg = ExampleArgs.intOption(args, "--loops");
        int loops = loopsArg.orElse(Math.max(2, Runtime.getRuntime().availableProcessors()));
        if (loops <= 0) {
            throw new IllegalArgumentException("--loops needs a positive number, got " + loops);
        }
        OptionalInt serve = ExampleArgs.servePort(args);
        Map<EventLoop, AtomicInteger> served = new ConcurrentHashMap<>();
        ClientConnected echo = (reader, writer) -> {
            served.computeIfAbsent(Asyncio.getRunningLoop(), l -> new AtomicInteger()).incrementAndGet();
            while (true) {
                byte[] data = reader.read(65536);
                if (data.length == 0) {
                    break;
                }
                writer.write(data);
                writer.drain();
            }
            writer.close();
        };
        try (EventLoopGroup group = new EventLoopGroup(loops)) {
            GroupServer server = group.startServer(echo, "127.0.0.1", serve.orElse(0));
            if (serve.isPresent()) {
                serveUntilSignal(out, group, server);
                return;
            }
            out.println("echo server on " + group.size() + " loops, one listening socket each");
            int ok = Asyncio.run(() -> clients(server.port()));
            server.closeAndWait();
            out.println(ok + " of " + CLIENTS + " clients got their message back");
            long busy = group.loops().stream().filter(l -> served.getOrDefault(l, new AtomicInteger()).get() > 0).count();
            out.println(busy == group.size() ? "every loop served connections" : busy + " of " + group.size() + " loops served connections");
        }
    }

    /** 64 clients at once, each sending a line and reading it back; returns how many matched. */
    private static int clients(int port) {
        List<Task<Boolean>> all = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            byte[] message = ("client " + i + "\n").getBytes(StandardCharsets.UTF_8);
            all.add(Asyncio.createTask(() -> {
                StreamPair c = Asyncio.openConnection("127.0.0.1", port);
                c.writer().write(message);
                c.writer().drain();
                byte[] back = c.reader().readexactly(message.length);
                c.writer().close();
                c.writer().waitClosed();
                return Arrays.equals(message, back);
            }));
        }
        int ok = 0;
        for (Task<Boolean> t : all) {
            ok += t.await() ? 1 : 0;
        }
        return ok;
    }

    /**
     * Serves until SIGTERM or Ctrl-C: runForever then closes the group cleanly, and main exits 0.
     * The banner is printed once the signal handlers are in place, so a SIGTERM sent on seeing it
     * never meets the JVM's default handler (exit 143).
     */
    private static void serveUntilSignal(PrintStream out, EventLoopGroup group, GroupServer server) {
        group.runForever(() -> {
            out.println("echo server on 127.0.0.1:" + server.port() + ", " + group.size()
                    + " loops; stop with Ctrl-C or SIGTERM");
            out.flush();
        });
    }
}
