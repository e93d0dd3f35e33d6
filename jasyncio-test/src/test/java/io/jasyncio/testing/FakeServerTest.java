package io.jasyncio.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jasyncio.streams.StreamPair;
import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.Transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A fake server serves protocols and stream handlers as a TCP server would, without sockets. */
class FakeServerTest {
    /** The protocol under test: upper-cases what it receives. */
    static final class Upper implements Protocol {
        private Transport transport;

        @Override
        public void connectionMade(Transport t) {
            transport = t;
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            transport.write(new String(b, StandardCharsets.UTF_8).toUpperCase().getBytes(StandardCharsets.UTF_8));
        }
    }

    @AsyncioTest
    void eachConnectionGetsItsOwnProtocol() throws IOException {
        try (FakeServer server = FakeServer.of(Upper::new)) {
            StreamPair a = server.connect();
            StreamPair b = server.connect();
            a.writer().write("abc".getBytes(StandardCharsets.UTF_8));
            b.writer().write("xyz".getBytes(StandardCharsets.UTF_8));
            assertArrayEquals("ABC".getBytes(StandardCharsets.UTF_8), a.reader().readexactly(3));
            assertArrayEquals("XYZ".getBytes(StandardCharsets.UTF_8), b.reader().readexactly(3));
            assertEquals(2, server.connectionCount());
            a.writer().close();
            b.writer().close();
        }
    }

    @AsyncioTest
    void aStreamHandlerRunsAsATaskPerConnection() throws IOException {
        try (FakeServer server = FakeServer.ofStreams((reader, writer) -> {
            byte[] line = reader.readline();
            writer.write(("echo: " + new String(line, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
            writer.drain();
        })) {
            StreamPair c = server.connect();
            c.writer().write("hello\n".getBytes(StandardCharsets.UTF_8));
            assertArrayEquals("echo: hello\n".getBytes(StandardCharsets.UTF_8), c.reader().read());
            assertEquals(0, c.reader().read().length, "the handler's end closes the connection: EOF");
            c.writer().close();
            c.writer().waitClosed();
        }
    }

    @AsyncioTest
    void aClosedServerRefusesConnections() {
        FakeServer server = FakeServer.of(Upper::new);
        server.close();
        assertThrows(IllegalStateException.class, server::connect);
    }
}
