package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.streams.StreamPair;
import io.jasyncio.transports.Server;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A line echo over a Unix-domain socket: {@code startUnixServer} and {@code openUnixConnection},
 * with the socket file in a fresh temporary directory (removed when the server closes).
 */
public final class UnixEcho implements Example {
    @Override
    public String name() {
        return "unix-echo";
    }

    @Override
    public String description() {
        return "an echo server and client over a Unix-domain socket, line by line";
    }

    @Override
    public void run(PrintStream out) throws Exception {
        Path dir = Files.createTempDirectory("jasyncio-unix-echo");
        Path path = dir.resolve("echo.sock");
        try {
            Asyncio.run(() -> {
                try (Server server = Asyncio.startUnixServer((reader, writer) -> {
                    for (byte[] line : reader.lines()) {
                        writer.write(line);
                        writer.drain();
                    }
                    writer.close();
                }, path)) {
                    StreamPair conn = Asyncio.openUnixConnection(path);
                    for (String line : new String[] {"first line", "second line"}) {
                        conn.writer().write((line + "\n").getBytes(StandardCharsets.UTF_8));
                        byte[] echoed = conn.reader().readline();
                        out.println("echoed: " + new String(echoed, StandardCharsets.UTF_8).strip());
                    }
                    conn.writer().close();
                    conn.writer().waitClosed();
                }
                out.println("socket file removed: " + !Files.exists(path));
            });
        } finally {
            Files.deleteIfExists(path);
            Files.delete(dir);
        }
    }
}
