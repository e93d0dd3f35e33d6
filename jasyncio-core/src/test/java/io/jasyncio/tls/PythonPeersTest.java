package io.jasyncio.tls;

import static io.jasyncio.transports.RealLoop.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.streams.StreamPair;
import io.jasyncio.testfixtures.TestPki;
import io.jasyncio.transports.Server;
import io.jasyncio.transports.ServerOptions;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CPython's asyncio with {@code ssl} (Debian's /usr/bin/python3) against our server and our client: 50 MB each way, hashed. */
class PythonPeersTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final int SIZE = 50 << 20;

    private static final String SERVER = """
            import asyncio, ssl, sys
            async def main():
                ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
                ctx.load_cert_chain(sys.argv[1], sys.argv[2])
                async def echo(r, w):
                    while True:
                        d = await r.read(65536)
                        if not d:
                            break
                        w.write(d)
                        await w.drain()
                    w.close()
                    await w.wait_closed()
                    print('CLOSED', flush=True)
                srv = await asyncio.start_server(echo, '127.0.0.1', 0, ssl=ctx)
                print('PORT', srv.sockets[0].getsockname()[1], flush=True)
                await asyncio.sleep(120)
            asyncio.run(main())
            """;

    private static final String CLIENT = """
            import asyncio, hashlib, ssl, sys
            async def main():
                ctx = ssl.create_default_context(cafile=sys.argv[1])
                r, w = await asyncio.open_connection('127.0.0.1', int(sys.argv[2]), ssl=ctx, server_hostname='localhost')
                n = int(sys.argv[3])
                data = bytes(range(256)) * (n // 256)
                async def send():
                    for i in range(0, n, 1 << 20):
                        w.write(data[i:i + (1 << 20)])
                        await w.drain()
                t = asyncio.create_task(send())
                h = hashlib.sha256()
                got = 0
                while got < n:
                    d = await r.read(1 << 20)
                    if not d:
                        break
                    h.update(d)
                    got += len(d)
                await t
                same = h.hexdigest() == hashlib.sha256(data).hexdigest()
                print('GOT', got, 'SAME' if same else 'DIFFERENT', w.get_extra_info('ssl_object').version(), flush=True)
                w.close()
                await w.wait_closed()
            asyncio.run(main())
            """;

    private static TestPki pki;

    @BeforeAll
    static void check() {
        pki = TestPki.get();
        TestPki.requireTool(PYTHON, "-c", "import ssl, asyncio");
    }

    @Test
    void ourClientAgainstCPythonServer() {
        run(Duration.ofSeconds(90), () -> {
            try (Peer server = new Peer(List.of(PYTHON, "-c", SERVER, pki.serverCert.toString(), pki.serverKey.toString()))) {
                Asyncio.toThread(() -> {
                    server.awaitOutput("PORT ");
                    return null;
                });
                String out = server.output();
                int port = Integer.parseInt(out.substring(out.indexOf("PORT ") + 5).trim().split("\\s")[0]);
                StreamPair c = Asyncio.openConnection("127.0.0.1", port, TlsOptions.client(pki.clientContext()));
                byte[] data = new byte[SIZE];
                for (int i = 0; i < SIZE; i++) {
                    data[i] = (byte) (i * 31 + (i >>> 11));
                }
                Task<Void> send = Asyncio.createTask(() -> {
                    for (int off = 0; off < SIZE; off += 1 << 20) {
                        c.writer().write(java.nio.ByteBuffer.wrap(data, off, Math.min(1 << 20, SIZE - off)));
                        c.writer().drain();
                    }
                });
                MessageDigest back = MessageDigest.getInstance("SHA-256");
                int got = 0;
                while (got < SIZE) {
                    byte[] chunk = c.reader().read(1 << 20);
                    if (chunk.length == 0) {
                        break;
                    }
                    back.update(chunk);
                    got += chunk.length;
                }
                send.await();
                assertEquals(SIZE, got);
                assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), back.digest());
                c.writer().close(); // close_notify: the Python handler reads EOF and closes its side
                c.writer().waitClosed();
                Asyncio.toThread(() -> {
                    server.awaitOutput("CLOSED");
                    return null;
                });
            }
        });
    }

    @Test
    void cpythonClientAgainstOurServer() {
        run(Duration.ofSeconds(90), () -> {
            try (Server server = Asyncio.startServer((r, w) -> {
                for (;;) {
                    byte[] chunk = r.read(1 << 16);
                    if (chunk.length == 0) {
                        break;
                    }
                    w.write(chunk);
                    w.drain();
                }
                w.close();
            }, ServerOptions.of("127.0.0.1", 0), TlsOptions.server(pki.serverContext()))) {
                int port = server.port();
                String out = Asyncio.toThread(() -> {
                    try (Peer client = new Peer(List.of(PYTHON, "-c", CLIENT, pki.caCert.toString(),
                            String.valueOf(port), String.valueOf(SIZE)))) {
                        assertEquals(0, client.awaitExit(), client.output());
                        return client.output();
                    }
                });
                assertTrue(out.contains("GOT " + SIZE + " SAME TLSv1.3"), out);
                server.close();
                server.waitClosed();
            }
        });
    }
}
