package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.streams.StreamPair;
import io.jasyncio.tls.TlsContexts;
import io.jasyncio.tls.TlsOptions;
import io.jasyncio.transports.Server;
import io.jasyncio.transports.ServerOptions;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The TCP echo client and server of the asyncio streams documentation, over TLS, with a
 * certificate made at start-up:
 * <pre>
 * ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH); ctx.load_cert_chain(cert, key)
 * server = await asyncio.start_server(handle_echo, '127.0.0.1', 0, ssl=ctx)
 * client = ssl.create_default_context(cafile=ca)
 * reader, writer = await asyncio.open_connection('127.0.0.1', port, ssl=client)
 * </pre>
 * {@code --serve PORT} keeps the server on 127.0.0.1 until SIGTERM or Ctrl-C and prints the CA
 * certificate a client should trust, e.g. {@code openssl s_client -connect 127.0.0.1:PORT -CAfile CA}.
 */
public final class TlsEcho implements Example {
    @Override
    public String name() {
        return "tls-echo";
    }

    @Override
    public String description() {
        return "a TLS echo server and client (ssl=), with a certificate made at start-up";
    }

    @Override
    public void run(PrintStream out) throws Exception {
        run(out, new String[0]);
    }

    @Override
    public void run(PrintStream out, String... args) throws Exception {
        OptionalInt serve = ExampleArgs.servePort(args);
        SelfSignedCertificate cert = SelfSignedCertificate.create();
        try {
            TlsOptions serverTls = TlsOptions.server(cert.serverContext());
            if (serve.isPresent()) {
                serveUntilSignal(out, serverTls, serve.getAsInt(), cert);
                return;
            }
            out.println("Certificate made for localhost and 127.0.0.1");
            Asyncio.run(() -> {
                try (Server server = Asyncio.startServer((reader, writer) -> {
                    String message = new String(reader.read(100), StandardCharsets.UTF_8);
                    out.println("Server received '" + message + "' over " + writer.getExtraInfo("tlsVersion"));
                    writer.write(message.getBytes(StandardCharsets.UTF_8));
                    writer.drain();
                    writer.close(); // sends close_notify after the echo
                    writer.waitClosed();
                }, ServerOptions.of("127.0.0.1", 0), serverTls)) {
                    TlsOptions clientTls = TlsOptions.client(TlsContexts.trusting(cert.caCert));
                    StreamPair conn = Asyncio.openConnection("127.0.0.1", server.port(), clientTls);
                    X509Certificate peer = (X509Certificate) conn.writer().getExtraInfo("peercert");
                    out.println("Client verified " + peer.getSubjectX500Principal().getName());
                    conn.writer().write("Hello TLS!".getBytes(StandardCharsets.UTF_8));
                    conn.writer().drain();
                    out.println("Client received '" + new String(conn.reader().read(100), StandardCharsets.UTF_8) + "'");
                    out.println("Client read EOF: " + (conn.reader().read().length == 0 && conn.reader().atEof()));
                    conn.writer().close();
                    conn.writer().waitClosed();
                    server.close();
                    server.waitClosed();
                }
            });
        } finally {
            cert.delete();
        }
    }

    /** Serves until Ctrl-C (the runner cancels the main task) or SIGTERM (a shutdown hook does). */
    private static void serveUntilSignal(PrintStream out, TlsOptions tls, int port, SelfSignedCertificate cert) {
        EventLoop loop = EventLoop.newEventLoop();
        Task<?>[] main = new Task<?>[1];
        CountDownLatch ended = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            loop.callSoonThreadsafe(() -> main[0].cancel());
            try {
                ended.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tls-echo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            loop.runUntilComplete(() -> {
                main[0] = Asyncio.currentTask();
                Server server = Asyncio.startServer((reader, writer) -> {
                    try {
                        for (;;) {
                            byte[] data = reader.read(65536);
                            if (data.length == 0) {
                                break;
                            }
                            writer.write(data);
                            writer.drain();
                        }
                    } catch (java.io.IOException e) { // e.g. a client cut the stream without close_notify
                        out.println("client " + writer.getExtraInfo("peername") + ": " + e.getMessage());
                    }
                    writer.close();
                }, ServerOptions.of("127.0.0.1", port), tls);
                out.println("TLS echo server on 127.0.0.1:" + server.port() + "; stop with Ctrl-C or SIGTERM");
                out.println("trust this CA certificate: " + cert.caCert);
                out.flush();
                server.serveForever();
                return null;
            });
        } catch (io.jasyncio.CancelledError stopped) {
            out.println("TLS echo server stopped");
        } finally {
            loop.close();
            ended.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: the JVM is stopping anyway
            }
        }
    }
}
