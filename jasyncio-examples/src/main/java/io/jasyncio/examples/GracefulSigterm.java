package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.TimeoutError;
import io.jasyncio.locks.Event;
import io.jasyncio.streams.StreamPair;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.transports.Server;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/**
 * A TCP server that shuts down gracefully on SIGTERM or Ctrl-C: it stops accepting, lets the
 * live connections finish (for at most {@value #GRACE_SECONDS} seconds, then closes them) and
 * returns from {@code main}, so the JVM exits 0. In asyncio:
 * <pre>
 * stop = asyncio.Event()
 * loop.add_signal_handler(signal.SIGTERM, stop.set)
 * loop.add_signal_handler(signal.SIGINT, stop.set)
 * server = await asyncio.start_server(upload, '127.0.0.1', port)
 * await stop.wait()
 * server.close()
 * await asyncio.wait_for(server.wait_closed(), GRACE)
 * </pre>
 * Its protocol is a small upload: the client sends {@code UPLOAD n}, the server answers
 * {@code ready for n lines}, then {@code got line i} for each line, then {@code stored n lines},
 * and closes. With {@code --serve PORT} it serves on 127.0.0.1 until the signal; without, it
 * runs a tour: an upload in flight, a SIGTERM the JVM sends itself ({@code kill -s TERM}), a new
 * client refused, the upload completing, then the shutdown.
 */
public final class GracefulSigterm implements ServerExample {
    /** How long live connections may take to finish after the signal (aiohttp's shutdown_timeout is 60 s). */
    static final int GRACE_SECONDS = 30;

    @Override
    public String name() {
        return "graceful-sigterm";
    }

    @Override
    public String description() {
        return "a TCP server that on SIGTERM or Ctrl-C stops accepting, lets live connections finish, exits 0";
    }

    @Override
    public void run(PrintStream out, String... args) {
        OptionalInt port = ExampleArgs.servePort(args);
        if (port.isPresent()) {
            serve(out, port.getAsInt());
        } else {
            tour(out);
        }
    }

    /** The server's life: the signal handlers, the listener, and the graceful shutdown. */
    private static final class GracefulServer {
        final Event stop = new Event();
        final Event listenerClosed = new Event();
        final Server server;
        String signal;

        GracefulServer(int port) throws IOException {
            EventLoop loop = Asyncio.getRunningLoop();
            loop.addSignalHandler("SIGTERM", () -> stopOn("SIGTERM"));
            loop.addSignalHandler("SIGINT", () -> stopOn("SIGINT"));
            server = Asyncio.startServer(GracefulSigterm::upload, "127.0.0.1", port);
        }

        private void stopOn(String name) {
            if (signal == null) {
                signal = name;
            }
            stop.set();
        }

        /** Waits for the signal, stops accepting, waits for the live connections; returns how it ended. */
        String awaitSignalThenShutDown(PrintStream out) {
            stop.await();
            int live = server.activeConnections();
            server.close();
            out.println("server: " + signal + ": not accepting new connections; waiting for " + live + " live "
                    + (live == 1 ? "connection" : "connections"));
            listenerClosed.set();
            try {
                Asyncio.waitFor(server::waitClosed, GRACE_SECONDS);
                return "all connections finished";
            } catch (TimeoutError e) {
                int left = server.activeConnections();
                server.abortClients();
                server.waitClosed();
                return "closed " + left + " connections still open after " + GRACE_SECONDS + " s";
            }
        }
    }

    private static void serve(PrintStream out, int port) {
        Asyncio.run(() -> {
            GracefulServer g = new GracefulServer(port);
            out.println("serving on 127.0.0.1:" + g.server.port() + " until SIGTERM or Ctrl-C");
            String how = g.awaitSignalThenShutDown(out);
            out.println("server: " + how + "; exiting with status 0");
        });
    }

    private static void tour(PrintStream out) {
        Asyncio.run(() -> {
            GracefulServer g = new GracefulServer(0);
            int port = g.server.port();
            out.println("server: listening on 127.0.0.1; SIGTERM or Ctrl-C stops it gracefully");
            Task<String> serverLife = Asyncio.createTask(() -> g.awaitSignalThenShutDown(out));

            StreamPair client = Asyncio.openConnection("127.0.0.1", port);
            out.println("client: UPLOAD 2 -> " + ask(client, "UPLOAD 2"));
            out.println("client: first line -> " + ask(client, "first line"));

            out.println("tour: kill -s TERM <this JVM>");
            sendSigtermToThisJvm();
            g.listenerClosed.await();
            try {
                Asyncio.openConnection("127.0.0.1", port);
                out.println("tour: a new client got in (it should not have)");
            } catch (IOException refused) {
                out.println("tour: a new client is refused (" + refused.getClass().getSimpleName() + ")");
            }

            out.println("client: second line -> " + ask(client, "second line"));
            String last = line(client.reader());
            boolean closed = client.reader().read().length == 0;
            out.println("client: <- " + last + (closed ? "; the server closed the connection" : ""));
            client.writer().close();

            out.println("server: " + serverLife.await() + "; exiting with status 0");
        });
    }

    /** The upload handler: one connection's whole conversation; returning closes it. */
    private static void upload(StreamReader reader, StreamWriter writer) throws IOException {
        String head = line(reader);
        if (head == null || !head.matches("UPLOAD [0-9]{1,6}")) {
            send(writer, "expected UPLOAD n");
            return;
        }
        int n = Integer.parseInt(head.substring("UPLOAD ".length()));
        send(writer, "ready for " + n + " lines");
        for (int i = 1; i <= n; i++) {
            if (line(reader) == null) {
                return; // the client went away mid-upload
            }
            send(writer, "got line " + i);
        }
        send(writer, "stored " + n + " lines");
    }

    private static String ask(StreamPair client, String line) throws IOException {
        send(client.writer(), line);
        return line(client.reader());
    }

    private static void send(StreamWriter writer, String line) throws IOException {
        writer.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        writer.drain();
    }

    /** The next line without its newline, or null at EOF. */
    private static String line(StreamReader reader) throws IOException {
        byte[] b = reader.readline();
        if (b.length == 0) {
            return null;
        }
        return new String(b, StandardCharsets.UTF_8).stripTrailing();
    }

    /** A real signal: the JDK's ProcessHandle cannot destroy its own process, so the shell's kill sends it. */
    private static void sendSigtermToThisJvm() throws Exception {
        long pid = ProcessHandle.current().pid();
        int status = Asyncio.toThread(() -> new ProcessBuilder("/bin/sh", "-c", "kill -s TERM " + pid)
                .inheritIO().start().waitFor());
        if (status != 0) {
            throw new IllegalStateException("kill -s TERM " + pid + " exited with " + status);
        }
    }
}
