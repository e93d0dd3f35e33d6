package io.jasyncio.streams;

import static io.jasyncio.transports.RealLoop.openFds;
import static io.jasyncio.transports.RealLoop.run;
import static io.jasyncio.transports.RealLoop.until;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Task;
import io.jasyncio.transports.Server;
import io.jasyncio.transports.ServerOptions;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Servers under load and while closing: many connections, descriptor leaks, close semantics. */
class ServerTest {
    private static Server echo(ServerOptions options) throws IOException {
        return Asyncio.startServer((r, w) -> {
            while (true) {
                byte[] data = r.read(65536);
                if (data.length == 0) {
                    break;
                }
                w.write(data);
                w.drain();
            }
            w.close();
        }, options);
    }

    private static byte[] roundTrip(StreamPair c, String msg) throws IOException {
        c.writer().write(msg.getBytes(UTF_8));
        return c.reader().readexactly(msg.length());
    }

    @Test
    void twoThousandConcurrentConnectionsThroughOneServer() {
        int n = 2000;
        int done = run(Duration.ofSeconds(120), () -> {
            try (Server server = echo(ServerOptions.of("127.0.0.1", 0).withBacklog(n))) {
                List<StreamPair> conns = new ArrayList<>();
                List<Task<StreamPair>> opening = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    opening.add(Asyncio.createTask(() -> Asyncio.openConnection("127.0.0.1", server.port())));
                }
                for (Task<StreamPair> t : opening) {
                    conns.add(t.await());
                }
                until(() -> server.activeConnections() == n); // all open at the same time
                List<Task<byte[]>> trips = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    StreamPair c = conns.get(i);
                    String msg = "message " + i;
                    trips.add(Asyncio.createTask(() -> roundTrip(c, msg)));
                }
                int ok = 0;
                for (int i = 0; i < n; i++) {
                    if (new String(trips.get(i).await(), UTF_8).equals("message " + i)) {
                        ok++;
                    }
                }
                for (StreamPair c : conns) {
                    c.writer().close();
                }
                for (StreamPair c : conns) {
                    c.writer().waitClosed();
                }
                server.close();
                server.waitClosed();
                return ok;
            }
        });
        assertEquals(n, done);
    }

    @Test
    void openingAndClosingTenThousandConnectionsLeavesNoDescriptorBehind() throws IOException {
        int[] fds = new int[2];
        run(Duration.ofSeconds(180), () -> {
            Server server = echo(ServerOptions.of("127.0.0.1", 0));
            StreamPair warm = Asyncio.openConnection("127.0.0.1", server.port());
            roundTrip(warm, "warm-up");
            warm.writer().close();
            warm.writer().waitClosed();
            until(() -> server.activeConnections() == 0);
            settle();
            fds[0] = openFds();
            int perWave = 100;
            for (int wave = 0; wave < 10_000 / perWave; wave++) {
                List<Task<Void>> tasks = new ArrayList<>();
                for (int i = 0; i < perWave; i++) {
                    tasks.add(Asyncio.createTask(() -> {
                        StreamPair c = Asyncio.openConnection("127.0.0.1", server.port());
                        roundTrip(c, "ping");
                        c.writer().close();
                        c.writer().waitClosed();
                    }));
                }
                for (Task<Void> t : tasks) {
                    t.await();
                }
            }
            until(() -> server.activeConnections() == 0);
            settle();
            fds[1] = openFds();
            server.close();
            server.waitClosed();
        });
        // A leak of anything per connection would show thousands; a few descriptors may come and
        // go on their own (the JDK opening a jar, a selector's deferred close).
        assertTrue(fds[1] - fds[0] <= 5, "descriptors before " + fds[0] + ", after 10,000 connections " + fds[1]);
    }

    /**
     * Lets the loop block in its selector once: a channel closed while registered releases its
     * descriptor only when the selector next runs.
     */
    private static void settle() {
        Asyncio.sleep(0.001);
        Asyncio.sleep(0.001);
    }

    @Test
    void closingAServerLeavesLiveConnectionsAloneUntilCloseClients() {
        int port = run(() -> {
            Server server = echo(ServerOptions.of("127.0.0.1", 0));
            int p = server.port();
            StreamPair c = Asyncio.openConnection("127.0.0.1", p);
            assertArrayEquals("one".getBytes(UTF_8), roundTrip(c, "one"));
            server.close();
            assertFalse(server.isServing());
            assertTrue(server.sockets().isEmpty());
            assertThrows(ConnectException.class, () -> Asyncio.openConnection("127.0.0.1", p));
            assertArrayEquals("two".getBytes(UTF_8), roundTrip(c, "two")); // still served
            Task<Void> waiting = Asyncio.createTask(server::waitClosed);
            Asyncio.sleep(0);
            assertFalse(waiting.done());
            server.closeClients();
            assertArrayEquals(new byte[0], c.reader().read()); // the server side closed: EOF
            waiting.await();
            c.writer().close();
            return p;
        });
        assertTrue(port > 0);
    }

    /**
     * asyncio's close() closes the listening socket at once. java.nio keeps a channel closed while
     * registered with a selector open until the next poll, so a connect made before the loop polled
     * again used to be completed by the kernel (found by the graceful-sigterm example's test).
     */
    @Test
    void aConnectRightAfterCloseIsRefusedBeforeTheLoopPollsAgain() {
        String result = run(() -> {
            Server server = echo(ServerOptions.of("127.0.0.1", 0));
            int p = server.port();
            server.close();
            // no await since close(): a non-blocking loopback connect completes or fails in the call
            try (java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open()) {
                ch.configureBlocking(false);
                ch.connect(new InetSocketAddress("127.0.0.1", p));
                return ch.finishConnect() ? "connected" : "pending";
            } catch (ConnectException e) {
                return "refused";
            }
        });
        assertEquals("refused", result);
    }

    @Test
    void serveForeverRunsUntilCancelledThenCloses() {
        run(() -> {
            Server server = echo(ServerOptions.of("127.0.0.1", 0).withStartServing(false));
            assertFalse(server.isServing());
            Task<Void> forever = Asyncio.createTask(server::serveForever);
            Asyncio.sleep(0);
            assertTrue(server.isServing());
            StreamPair c = Asyncio.openConnection("127.0.0.1", server.port());
            assertArrayEquals("hi".getBytes(UTF_8), roundTrip(c, "hi"));
            assertSame(Asyncio.getRunningLoop(), server.getLoop());
            forever.cancel();
            until(() -> !server.isServing());
            for (int i = 0; i < 10; i++) {
                Asyncio.sleep(0);
            }
            // Issue 8 §1.7, asyncio 3.12+: closed, but waiting for the client still connected.
            assertFalse(forever.done(), "serveForever returned while a client was connected");
            assertEquals(1, server.activeConnections());
            c.writer().close();
            assertThrows(CancelledError.class, forever::await);
            assertEquals(0, server.activeConnections());
        });
    }

    @Test
    void bindsEveryHostOnOnePortAndResolvesNamesOffTheLoop() {
        run(() -> {
            List<String> hosts = new ArrayList<>(List.of("127.0.0.1"));
            boolean v6 = hasIpv6Loopback();
            if (v6) {
                hosts.add("::1");
            }
            try (Server server = echo(ServerOptions.of(hosts, 0))) {
                assertEquals(hosts.size(), server.addresses().size());
                for (var a : server.addresses()) {
                    assertEquals(server.port(), ((InetSocketAddress) a).getPort());
                }
                for (String host : hosts) {
                    StreamPair c = Asyncio.openConnection(host, server.port());
                    assertArrayEquals(host.getBytes(UTF_8), roundTrip(c, host));
                    c.writer().close();
                }
                StreamPair byName = Asyncio.openConnection("localhost", server.port());
                assertArrayEquals("name".getBytes(UTF_8), roundTrip(byName, "name"));
                byName.writer().close();
                server.closeClients();
            }
        });
    }

    @Test
    void noHostListensOnEveryInterfaceIpv4AndIpv6() {
        run(() -> {
            try (Server server = echo(ServerOptions.of((String) null, 0))) {
                assertEquals(1, server.addresses().size());
                List<String> hosts = hasIpv6Loopback() ? List.of("127.0.0.1", "::1") : List.of("127.0.0.1");
                for (String host : hosts) {
                    StreamPair c = Asyncio.openConnection(host, server.port());
                    assertArrayEquals(host.getBytes(UTF_8), roundTrip(c, host));
                    c.writer().close();
                }
                server.closeClients();
            }
        });
    }

    private static boolean hasIpv6Loopback() {
        try (var ch = ServerSocketChannel.open(StandardProtocolFamily.INET6)) {
            ch.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            return InetAddress.getByName("::1") instanceof Inet6Address;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
