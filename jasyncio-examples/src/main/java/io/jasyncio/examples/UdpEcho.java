package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.transports.DatagramEndpoint;
import io.jasyncio.transports.DatagramProtocol;
import io.jasyncio.transports.DatagramTransport;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The UDP echo server and client of the asyncio documentation ({@code EchoServerProtocol},
 * {@code EchoClientProtocol} on {@code create_datagram_endpoint}), talking to each other.
 */
public final class UdpEcho implements Example {
    @Override
    public String name() {
        return "udp-echo";
    }

    @Override
    public String description() {
        return "a UDP echo server and client on createDatagramEndpoint";
    }

    @Override
    public void run(PrintStream out) {
        Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            DatagramEndpoint<DatagramProtocol> server = loop.createDatagramEndpoint(() -> new DatagramProtocol() {
                DatagramTransport transport;

                @Override
                public void connectionMade(DatagramTransport t) {
                    transport = t;
                }

                @Override
                public void datagramReceived(ByteBuffer data, SocketAddress addr) {
                    String message = StandardCharsets.UTF_8.decode(data.duplicate()).toString();
                    out.println("Server: received '" + message + "'");
                    out.println("Server: send '" + message + "'");
                    transport.sendto(data, addr);
                }
            }, new InetSocketAddress("127.0.0.1", 0), null);
            InetSocketAddress at = (InetSocketAddress) server.transport().getExtraInfo("sockname");

            Future<Void> onConLost = loop.createFuture();
            String message = "Hello World!";
            loop.createDatagramEndpoint(() -> new DatagramProtocol() {
                DatagramTransport transport;

                @Override
                public void connectionMade(DatagramTransport t) {
                    transport = t;
                    out.println("Client: send '" + message + "'");
                    t.sendto(message.getBytes(StandardCharsets.UTF_8), null);
                }

                @Override
                public void datagramReceived(ByteBuffer data, SocketAddress addr) {
                    out.println("Client: received '" + StandardCharsets.UTF_8.decode(data) + "'");
                    out.println("Client: close the socket");
                    transport.close();
                }

                @Override
                public void connectionLost(Throwable exc) {
                    out.println("Client: connection closed");
                    onConLost.setResult(null);
                }
            }, null, at);
            onConLost.await();
            server.transport().close();
        });
    }
}
