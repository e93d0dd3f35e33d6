package io.jasyncio.tls;

import static io.jasyncio.transports.RealLoop.run;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.streams.StreamPair;
import io.jasyncio.testfixtures.TestPki;
import io.jasyncio.transports.Server;
import io.jasyncio.transports.ServerOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The SSLEngine's known pitfalls: short wraps, BUFFER_OVERFLOW and BUFFER_UNDERFLOW, delegated
 * tasks off the loop thread, and post-handshake messages (NewSessionTicket, KeyUpdate).
 */
class EnginePitfallsTest {
    private final TestPki pki = TestPki.get();

    @Test
    void shortWrapsOverflowsAndDelegatedTasksThroughAPluggedEngine() {
        run(() -> {
            List<StingyEngine> engines = new ArrayList<>();
            SslEngineFactory stingy = (host, port, serverSide) -> {
                StingyEngine e = new StingyEngine((serverSide ? pki.serverContext() : pki.clientContext())
                        .createSSLEngine(host, port), 1000);
                engines.add(e);
                return e;
            };
            byte[] data = new byte[300_000];
            new Random(11).nextBytes(data);
            try (Server server = Asyncio.startServer((r, w) -> {
                w.write(r.readexactly(data.length)); // one 300 KB write: 300 short wraps
                w.drain();
                w.close();
            }, ServerOptions.of("127.0.0.1", 0), TlsOptions.client().withEngineFactory(stingy))) {
                StreamPair c = Asyncio.openConnection("127.0.0.1", server.port(),
                        TlsOptions.client().withEngineFactory(stingy));
                Task<Void> send = Asyncio.createTask(() -> {
                    c.writer().write(data);
                    c.writer().drain();
                });
                assertArrayEquals(data, c.reader().readexactly(data.length));
                send.await();
                c.writer().close();
                c.writer().waitClosed();
                server.close();
                server.waitClosed();
            }
            assertEquals(2, engines.size());
            for (StingyEngine e : engines) {
                assertTrue(e.overflows > 10, "BUFFER_OVERFLOW was answered: " + e.overflows);
                assertFalse(e.taskThreads.isEmpty(), "the JDK engine has delegated tasks");
                assertTrue(e.taskThreads.stream().allMatch(n -> n.startsWith("jasyncio-executor-")), e.taskThreads.toString());
            }
        });
    }

    @Test
    void recordsSplitInSevenByteSegmentsAreReassembled() {
        run(() -> {
            // A TCP relay that forwards every record in 7-byte writes: each unwrap sees a partial
            // record (BUFFER_UNDERFLOW) many times over, in the handshake and after.
            try (Server server = Asyncio.startServer((r, w) -> {
                for (byte[] line : r.lines()) {
                    w.write(line);
                    w.drain();
                }
                w.close();
            }, ServerOptions.of("127.0.0.1", 0), TlsOptions.server(pki.serverContext()));
                 Server relay = Asyncio.startServer((r, w) -> {
                     StreamPair up = Asyncio.openConnection("127.0.0.1", server.port());
                     Task<Void> back = Asyncio.createTask(() -> trickle(up.reader(), w));
                     trickle(r, up.writer());
                     back.await();
                 }, "127.0.0.1", 0)) {
                StreamPair c = Asyncio.openConnection("127.0.0.1", relay.port(),
                        TlsOptions.client(pki.clientContext()).withServerHostname("localhost"));
                String line = "x".repeat(3000) + "\n";
                c.writer().write(line.getBytes(UTF_8));
                assertEquals(line, new String(c.reader().readline(), UTF_8));
                c.writer().close();
                c.writer().waitClosed();
                relay.close();
                server.close();
            }
        });
    }

    private static void trickle(io.jasyncio.streams.StreamReader from, io.jasyncio.streams.StreamWriter to)
            throws java.io.IOException {
        for (;;) {
            byte[] b = from.read(7);
            if (b.length == 0) {
                to.close();
                return;
            }
            to.write(b);
            to.drain();
            Asyncio.sleep(0.0005); // let each 7-byte write leave as its own segment
        }
    }

    @Test
    void keyUpdateAndSessionTicketsFromOpensslAreHandled() {
        run(() -> {
            int port = Peer.freePort();
            // s_server without -rev: prints what it receives; a "K" line on its stdin sends a
            // KeyUpdate that asks us to update ours too (the engine then needs a wrap).
            try (Peer server = new Peer(List.of("openssl", "s_server", "-accept", "127.0.0.1:" + port,
                    "-cert", pki.serverCert.toString(), "-key", pki.serverKey.toString(), "-naccept", "1", "-msg"))) {
                Asyncio.toThread(() -> {
                    server.awaitOutput("ACCEPT");
                    return null;
                });
                StreamPair c = Asyncio.openConnection("127.0.0.1", port, TlsOptions.client(pki.clientContext()));
                c.writer().write("before\n".getBytes(UTF_8));
                Asyncio.toThread(() -> {
                    server.awaitOutput("before");
                    // A KeyUpdate record (our unwrap yields no data and the engine asks to wrap its
                    // own KeyUpdate), then data under the peer's new keys. s_server takes a command
                    // only alone in one read of its stdin: wait until -msg shows it was sent.
                    server.send("K\n".getBytes(UTF_8), false);
                    server.awaitOutput("KeyUpdate");
                    server.send("after the update\n".getBytes(UTF_8), false);
                    return null;
                });
                assertEquals("after the update\n", new String(c.reader().readline(), UTF_8));
                c.writer().write("we updated too\n".getBytes(UTF_8));
                Asyncio.toThread(() -> {
                    server.awaitOutput("we updated too");
                    return null;
                });
                c.writer().close();
                c.writer().waitClosed();
            }
        });
    }
}
