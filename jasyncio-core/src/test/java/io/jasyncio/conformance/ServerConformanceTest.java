package io.jasyncio.conformance;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.streams.StreamPair;
import io.jasyncio.transports.RealLoop;
import io.jasyncio.transports.Server;
import io.jasyncio.transports.ServerOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * CPython's {@code Lib/test/test_asyncio/test_server.py}, ported test by test on 127.0.0.1 and
 * Unix sockets, each bounded by {@link RealLoop}'s timeout. CPython's blocking client threads are
 * jasyncio clients in a task here.
 */
class ServerConformanceTest {
    private static final byte[] HELLO_MSG = helloMsg();

    private static byte[] helloMsg() {
        byte[] msg = new byte[1024 * 5 + 1];
        Arrays.fill(msg, (byte) '1');
        msg[msg.length - 1] = '\n';
        return msg;
    }

    /** CPython's client(sock, addr): sends HELLO_MSG, waits for one byte back. */
    private static void helloClient(StreamPair c) throws IOException {
        c.writer().write(HELLO_MSG);
        c.reader().readexactly(1);
        c.writer().close();
    }

    /** CPython's serve(): reads the line, cancels the main task, answers one byte, closes. */
    private static io.jasyncio.streams.ClientConnected cancellingMain(Task<?>[] mainTask) {
        return (reader, writer) -> {
            reader.readline();
            mainTask[0].cancel();
            writer.write("1".getBytes(US_ASCII));
            writer.close();
            writer.waitClosed();
        };
    }

    /** What CPython checks after serve_forever was cancelled: closed, no sockets, "is closed". */
    private static void assertClosedAfterServeForever(Server srv) {
        assertEquals(0, srv.sockets().size());
        assertFalse(srv.isServing());
        IllegalStateException e = assertThrows(IllegalStateException.class, srv::serveForever);
        assertTrue(e.getMessage().contains("is closed"), e.getMessage());
    }

    @Test // test_server.py::SelectorStartServerTests::test_start_server_1
    void selectorStartServerTests_testStartServer1() {
        RealLoop.run(() -> {
            Task<?>[] mainTask = {null};
            Server srv = Asyncio.startServer(cancellingMain(mainTask),
                    ServerOptions.of("127.0.0.1", 0).withStartServing(false));
            assertFalse(srv.isServing());
            mainTask[0] = Asyncio.createTask(() -> {
                try (srv) {
                    srv.serveForever();
                }
            });
            Task<Void> client = Asyncio.createTask(() -> {
                RealLoop.until(srv::isServing);
                helloClient(Asyncio.openConnection("127.0.0.1", srv.port()));
            });
            assertThrows(CancelledError.class, mainTask[0]::await);
            client.await();
            assertClosedAfterServeForever(srv);
        });
    }

    @Test // test_server.py::SelectorStartServerTests::test_start_unix_server_1
    void selectorStartServerTests_testStartUnixServer1() throws IOException {
        Path dir = Files.createTempDirectory("jasyncio-conformance");
        Path addr = dir.resolve("srv.sock");
        try {
            RealLoop.run(() -> {
                Task<?>[] mainTask = {null};
                Server srv = Asyncio.startUnixServer(cancellingMain(mainTask), addr,
                        ServerOptions.of("127.0.0.1", 0).withStartServing(false));
                io.jasyncio.Future<Void> started = Asyncio.getRunningLoop().createFuture();
                mainTask[0] = Asyncio.createTask(() -> {
                    try (srv) {
                        assertFalse(srv.isServing());
                        srv.startServing();
                        assertTrue(srv.isServing());
                        started.setResult(null);
                        srv.serveForever();
                    }
                });
                Task<Void> client = Asyncio.createTask(() -> {
                    started.await();
                    helloClient(Asyncio.openUnixConnection(addr));
                });
                assertThrows(CancelledError.class, mainTask[0]::await);
                client.await();
                assertClosedAfterServeForever(srv);
            });
        } finally {
            Files.deleteIfExists(addr);
            Files.deleteIfExists(dir);
        }
    }

    /** CPython's serve(rd, wr): reads to EOF, then closes and waits until closed. */
    private static Server readToEofServer() throws IOException {
        return Asyncio.startServer((rd, wr) -> {
            try {
                rd.read();
            } finally {
                wr.close();
                wr.waitClosed();
            }
        }, "127.0.0.1", 0);
    }

    @Test // test_server.py::TestServer2::test_wait_closed_basic
    void testServer2_testWaitClosedBasic() {
        RealLoop.run(() -> {
            try (Server srv = readToEofServer()) {
                // no connection, not closed: waits
                Task<Void> task1 = Asyncio.createTask(srv::waitClosed);
                Asyncio.sleep(0);
                assertFalse(task1.done());
                // a connection, not closed: waits
                StreamPair c = Asyncio.openConnection("127.0.0.1", srv.port());
                Task<Void> task2 = Asyncio.createTask(srv::waitClosed);
                Asyncio.sleep(0);
                assertFalse(task1.done());
                assertFalse(task2.done());
                srv.close();
                Asyncio.sleep(0);
                // a connection, closed: still waits
                Task<Void> task3 = Asyncio.createTask(srv::waitClosed);
                Asyncio.sleep(0);
                assertFalse(task1.done());
                assertFalse(task2.done());
                assertFalse(task3.done());
                c.writer().close();
                c.writer().waitClosed();
                // no connection, closed: every wait ends
                task1.await();
                task2.await();
                task3.await();
                srv.waitClosed(); // at once
            }
        });
    }

    /** A regression in 3.12.0, fixed in 3.12.1. */
    @Test // test_server.py::TestServer2::test_wait_closed_race
    void testServer2_testWaitClosedRace() {
        RealLoop.run(() -> {
            try (Server srv = readToEofServer()) {
                Task<Void> task = Asyncio.createTask(srv::waitClosed);
                Asyncio.sleep(0);
                assertFalse(task.done());
                StreamPair c = Asyncio.openConnection("127.0.0.1", srv.port());
                EventLoop loop = Asyncio.getRunningLoop();
                loop.callSoon(srv::close);
                loop.callSoon(c.writer()::close);
                srv.waitClosed();
            }
        });
    }

    @Test // test_server.py::TestServer2::test_close_clients
    void testServer2_testCloseClients() {
        RealLoop.run(() -> {
            try (Server srv = readToEofServer()) {
                StreamPair c = Asyncio.openConnection("127.0.0.1", srv.port());
                try {
                    Task<Void> task = Asyncio.createTask(srv::waitClosed);
                    Asyncio.sleep(0);
                    assertFalse(task.done());
                    srv.close();
                    srv.closeClients();
                    RealLoop.until(task::done); // CPython: two loop iterations
                } finally {
                    c.writer().close();
                }
            }
        });
    }

    /** Unix server socket removal: the default case. */
    @Test // test_server.py::UnixServerCleanupTests::test_unix_server_addr_cleanup
    void unixServerCleanupTests_testUnixServerAddrCleanup() throws IOException {
        Path dir = Files.createTempDirectory("jasyncio-conformance");
        Path addr = dir.resolve("srv.sock");
        try {
            RealLoop.run(() -> {
                Server srv = Asyncio.startUnixServer((r, w) -> {}, addr);
                srv.close();
                assertFalse(Files.exists(addr));
            });
        } finally {
            Files.deleteIfExists(addr);
            Files.deleteIfExists(dir);
        }
    }

    /** Someone else removed the socket file already: close() still works. */
    @Test // test_server.py::UnixServerCleanupTests::test_unix_server_cleanup_gone
    void unixServerCleanupTests_testUnixServerCleanupGone() throws IOException {
        Path dir = Files.createTempDirectory("jasyncio-conformance");
        Path addr = dir.resolve("srv.sock");
        try {
            RealLoop.run(() -> {
                Server srv = Asyncio.startUnixServer((r, w) -> {}, addr);
                Files.delete(addr);
                srv.close();
                assertFalse(Files.exists(addr));
            });
        } finally {
            Files.deleteIfExists(addr);
            Files.deleteIfExists(dir);
        }
    }

    /** Someone else replaced the socket file with their own: close() leaves it alone. */
    @Test // test_server.py::UnixServerCleanupTests::test_unix_server_cleanup_replaced
    void unixServerCleanupTests_testUnixServerCleanupReplaced() throws IOException {
        Path dir = Files.createTempDirectory("jasyncio-conformance");
        Path addr = dir.resolve("srv.sock");
        try {
            RealLoop.run(() -> {
                Server srv = Asyncio.startUnixServer((r, w) -> {}, addr);
                Files.delete(addr);
                try (var other = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
                    other.bind(java.net.UnixDomainSocketAddress.of(addr));
                    srv.close();
                    assertTrue(Files.exists(addr));
                }
            });
        } finally {
            Files.deleteIfExists(addr);
            Files.deleteIfExists(dir);
        }
    }
}
