package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.Server;
import io.jasyncio.transports.Transport;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The TCP echo server and client of the asyncio "Transports and Protocols" documentation
 * ({@code EchoServerProtocol}, {@code EchoClientProtocol}), talking to each other.
 */
public final class TcpEchoProtocol implements Example {
    @Override
    public String name() {
        return "tcp-echo-protocol";
    }

    @Override
    public String description() {
        return "the same echo pair written with Protocol callbacks (createServer, createConnection)";
    }

    @Override
    public void run(PrintStream out) {
        Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            try (Server server = loop.createServer(() -> new EchoServerProtocol(out), "127.0.0.1", 0)) {
                Future<Void> onConLost = loop.createFuture();
                loop.createConnection(() -> new EchoClientProtocol("Hello World!", onConLost, out), "127.0.0.1",
                        server.port());
                onConLost.await(); // until the server closes the connection
                server.close();
                server.waitClosed(); // closed, and its connection too
            }
        });
    }

    private static final class EchoServerProtocol implements Protocol {
        private final PrintStream out;
        private Transport transport;

        EchoServerProtocol(PrintStream out) {
            this.out = out;
        }

        @Override
        public void connectionMade(Transport t) {
            transport = t; // printing here would race with the client's connectionMade
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            String message = StandardCharsets.UTF_8.decode(data.duplicate()).toString();
            out.println("Server: data received: '" + message + "'");
            out.println("Server: send: '" + message + "'");
            transport.write(data);
            out.println("Server: close the client socket");
            transport.close();
        }
    }

    private static final class EchoClientProtocol implements Protocol {
        private final String message;
        private final Future<Void> onConLost;
        private final PrintStream out;

        EchoClientProtocol(String message, Future<Void> onConLost, PrintStream out) {
            this.message = message;
            this.onConLost = onConLost;
            this.out = out;
        }

        @Override
        public void connectionMade(Transport t) {
            t.write(message.getBytes(StandardCharsets.UTF_8));
            out.println("Client: data sent: '" + message + "'");
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            out.println("Client: data received: '" + StandardCharsets.UTF_8.decode(data) + "'");
        }

        @Override
        public void connectionLost(Throwable exc) {
            out.println("Client: the server closed the connection");
            onConLost.setResult(null);
        }
    }
}
