package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.tls.SslEngineFactory;
import io.jasyncio.tls.TlsContexts;
import io.jasyncio.tls.TlsOptions;
import io.jasyncio.transports.Server;
import io.jasyncio.transports.ServerOptions;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * The TLS echo server of {@code bin/echo-tls}, as the peers' TLS echo servers are configured: TLS
 * 1.3 only, no session tickets (run with {@code -Djdk.tls.server.newSessionTicketCount=0}), on
 * the JDK's SSLEngine or netty-tcnative's BoringSSL engine.
 *
 * <p>Usage: {@code TlsEchoServer PORT streams|protocol CERT.pem KEY.pem jdk|openssl}. Listens on
 * 127.0.0.1 until killed.
 */
public final class TlsEchoServer {
    private TlsEchoServer() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: TlsEchoServer PORT streams|protocol CERT.pem KEY.pem jdk|openssl");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        String mode = args[1];
        Path cert = Path.of(args[2]);
        Path key = Path.of(args[3]);
        SslEngineFactory engines = switch (args[4]) {
            case "jdk" -> {
                SSLContext ctx = TlsContexts.create(null, cert, key);
                yield (host, p, server) -> {
                    SSLEngine e = ctx.createSSLEngine();
                    e.setEnabledProtocols(new String[] {"TLSv1.3"});
                    return e;
                };
            }
            case "openssl" -> {
                SslContext ctx = SslContextBuilder.forServer(cert.toFile(), key.toFile())
                        .sslProvider(SslProvider.OPENSSL).protocols("TLSv1.3").build();
                yield (host, p, server) -> ctx.newEngine(ByteBufAllocator.DEFAULT);
            }
            default -> throw new IllegalArgumentException("engine must be jdk or openssl: " + args[4]);
        };
        TlsOptions tls = TlsOptions.client().withEngineFactory(engines);
        Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            ServerOptions options = ServerOptions.of("127.0.0.1", port).withBacklog(1024);
            Server server = switch (mode) {
                case "streams" -> Asyncio.startServer(EchoServer.STREAMS_ECHO, options, tls);
                case "protocol" -> loop.createServer(EchoServer.Echo::new, options, tls);
                default -> throw new IllegalArgumentException("mode must be streams or protocol: " + mode);
            };
            System.out.println("jasyncio " + mode + " TLS echo (" + args[4] + ") on 127.0.0.1:" + server.port()
                    + " scheduler=" + loop.schedulerName());
            server.serveForever();
        });
    }
}
