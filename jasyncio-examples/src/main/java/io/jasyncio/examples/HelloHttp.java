package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.streams.StreamPair;
import io.jasyncio.transports.Server;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The tiny "Hello, world!" HTTP server on {@code startServer}: read the request head up to the
 * blank line, answer with a fixed response. A client on {@code openConnection} sends one request
 * and prints the response.
 */
public final class HelloHttp implements Example {
    private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n"
            + "Connection: close\r\n\r\nHello, world!").getBytes(StandardCharsets.US_ASCII);

    @Override
    public String name() {
        return "http-hello";
    }

    @Override
    public String description() {
        return "a \"Hello, world!\" HTTP server on startServer, and one request to it";
    }

    @Override
    public void run(PrintStream out) {
        Asyncio.run(() -> {
            try (Server server = Asyncio.startServer((reader, writer) -> {
                byte[] head = reader.readuntil("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                String requestLine = new String(head, StandardCharsets.US_ASCII).lines().findFirst().orElse("");
                out.println("server: " + requestLine);
                writer.write(RESPONSE);
                writer.drain();
                writer.close();
            }, "127.0.0.1", 0)) {
                StreamPair conn = Asyncio.openConnection("127.0.0.1", server.port());
                conn.writer().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                String response = new String(conn.reader().read(), StandardCharsets.US_ASCII);
                out.println("client: " + response.lines().findFirst().orElse(""));
                out.println("client: body '" + response.substring(response.indexOf("\r\n\r\n") + 4) + "'");
                conn.writer().close();
            }
        });
    }
}
