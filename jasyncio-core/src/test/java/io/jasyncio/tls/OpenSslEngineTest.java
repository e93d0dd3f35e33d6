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
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * netty-tcnative's BoringSSL engine plugged in through {@link SslEngineFactory}, against the
 * JDK's engine on the other side: the layer accepts any SSLEngine.
 */
class OpenSslEngineTest {
    private static TestPki pki;

    @BeforeAll
    static void available() {
        pki = TestPki.get();
        // The static BoringSSL build ships for linux-x86_64; on this machine it loads (asserted, not assumed).
        assertTrue(OpenSsl.isAvailable(), () -> "netty-tcnative did not load: " + OpenSsl.unavailabilityCause());
    }

    private static SslEngineFactory boringSsl(boolean server) throws Exception {
        SslContext ctx = server
                ? SslContextBuilder.forServer(pki.serverCert.toFile(), pki.serverKey.toFile()).sslProvider(SslProvider.OPENSSL).build()
                : SslContextBuilder.forClient().trustManager(pki.caCert.toFile()).sslProvider(SslProvider.OPENSSL).build();
        return (host, port, serverSide) -> ctx.newEngine(ByteBufAllocator.DEFAULT, host, port);
    }

    @Test
    void boringSslServerAndClientInterworkWithTheJdkEngine() {
        run(() -> {
            byte[] data = new byte[2 << 20];
            new Random(5).nextBytes(data);
            try (Server server = Asyncio.startServer((r, w) -> {
                w.write(r.readexactly(data.length));
                w.drain();
                w.close();
            }, ServerOptions.of("127.0.0.1", 0), TlsOptions.client().withEngineFactory(boringSsl(true)).withShutdownTimeout(5))) {
                // JDK client -> BoringSSL server
                StreamPair c = Asyncio.openConnection("127.0.0.1", server.port(), TlsOptions.client(pki.clientContext()));
                Task<Void> send = Asyncio.createTask(() -> {
                    c.writer().write(data);
                    c.writer().drain();
                });
                byte[] back = c.reader().readexactly(data.length);
                send.await();
                assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data),
                        MessageDigest.getInstance("SHA-256").digest(back));
                assertEquals("TLSv1.3", c.writer().getExtraInfo("tlsVersion"));
                c.writer().close();
                c.writer().waitClosed();
                server.close();
                server.waitClosed();
            }
            try (Server server = Asyncio.startServer((r, w) -> {
                w.write(r.readline());
                w.drain();
                w.close();
            }, ServerOptions.of("127.0.0.1", 0), TlsOptions.server(pki.serverContext()))) {
                // BoringSSL client (hostname checked by the options) -> JDK server
                StreamPair c = Asyncio.openConnection("127.0.0.1", server.port(),
                        TlsOptions.client().withEngineFactory(boringSsl(false)).withServerHostname("localhost").withShutdownTimeout(5));
                c.writer().write("boring\n".getBytes());
                assertArrayEquals("boring\n".getBytes(), c.reader().readline());
                assertTrue(c.writer().getExtraInfo("sslEngine").getClass().getName().contains("OpenSsl"));
                c.writer().close();
                c.writer().waitClosed();
                server.close();
                server.waitClosed();
            }
        });
    }
}
