package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.streams.StreamPair;
import io.jasyncio.transports.Server;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The TCP echo client and server of the asyncio streams documentation, talking to each other:
 * <pre>
 * async def handle_echo(reader, writer):
 *     data = await reader.read(100)
 *     writer.write(data); await writer.drain()
 *     writer.close(); await writer.wait_closed()
 * server = await asyncio.start_server(handle_echo, '127.0.0.1', 0)
 * reader, writer = await asyncio.open_connection('127.0.0.1', port)
 * </pre>
 */
public final class TcpEchoStreams implements Example {
    @Override
    public String name() {
        return "tcp-echo";
    }

    @Override
    public String description() {
        return "a TCP echo server and client on streams (startServer, openConnection) talking";
    }

    @Override
    public void run(PrintStream out) {
        Asyncio.run(() -> {
            try (Server server = Asyncio.startServer((reader, writer) -> {
                String message = new String(reader.read(100), StandardCharsets.UTF_8);
                out.println("Server received '" + message + "'");
                out.println("Server sends '" + message + "'");
                writer.write(message.getBytes(StandardCharsets.UTF_8));
                writer.drain();
                out.println("Server closes the connection");
                writer.close();
                writer.waitClosed();
            }, "127.0.0.1", 0)) {
                StreamPair conn = Asyncio.openConnection("127.0.0.1", server.port());
                String message = "Hello World!";
                out.println("Client sends '" + message + "'");
                conn.writer().write(message.getBytes(StandardCharsets.UTF_8));
                conn.writer().drain();
                String answer = new String(conn.reader().read(100), StandardCharsets.UTF_8);
                out.println("Client received '" + answer + "'");
                out.println("Client closes the connection");
                conn.writer().close();
                conn.writer().waitClosed();
                server.close();
                server.waitClosed(); // closed, and its connection too
            }
        });
    }
}
