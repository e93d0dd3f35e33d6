package io.jasyncio.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Task;
import io.jasyncio.locks.Event;
import io.jasyncio.streams.IncompleteReadError;
import io.jasyncio.transports.Server;
import io.jasyncio.web.Application;
import io.jasyncio.web.StreamResponse;

import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Streamed response bodies ({@code resp.content()}) against our own server and raw servers on
 * 127.0.0.1: the StreamReader-like reads, back-pressure (a reader that stops reading stops the
 * server), bodies cut short, gzip decoded as it arrives, and when the connection goes back.
 */
class ResponseContentTest {
    interface Body {
        void run(String base) throws Exception;
    }

    private static void served(Application app, Body body) {
        ServedApp.serve(app, port -> body.run("http://127.0.0.1:" + port));
    }

    /** A chunked response of {@code lines} lines "line i\n", each written (and drained) alone. */
    private static Application linesApp(int lines) {
        Application app = new Application();
        app.router().addGet("/lines", r -> {
            StreamResponse resp = new StreamResponse();
            resp.enableChunkedEncoding();
            resp.prepare(r);
            for (int i = 0; i < lines; i++) {
                resp.write(("line " + i + "\n").getBytes(UTF_8));
            }
            resp.writeEof();
            return resp;
        });
        return app;
    }

    @Test
    void readlineReadIterChunkedAndReadexactlyOverAChunkedBody() {
        served(linesApp(1000), base -> {
            try (ClientSession s = new ClientSession()) {
                try (ClientResponse r = s.get(base + "/lines")) {
                    ResponseContent c = r.content();
                    assertEquals("line 0\n", new String(c.readline(), UTF_8));
                    assertEquals("line", new String(c.readexactly(4), UTF_8));
                    assertEquals(" 1\n", new String(c.readuntil("\n".getBytes(UTF_8)), UTF_8));
                    byte[] two = c.read(3);
                    assertTrue(two.length >= 1 && two.length <= 3, "read(3) gave " + two.length);
                    c.readline(); // the rest of line 2
                    int n = 3;
                    for (byte[] line : c) { // async for line in resp.content
                        assertEquals("line " + n++ + "\n", new String(line, UTF_8));
                        if (n == 500) {
                            break;
                        }
                    }
                    ByteArrayOutputStream rest = new ByteArrayOutputStream();
                    for (byte[] chunk : c.iterChunked(7)) {
                        assertTrue(chunk.length <= 7);
                        rest.writeBytes(chunk);
                    }
                    StringBuilder want = new StringBuilder();
                    for (int i = 500; i < 1000; i++) {
                        want.append("line ").append(i).append('\n');
                    }
                    assertEquals(want.toString(), rest.toString(UTF_8));
                    assertTrue(c.atEof());
                    assertEquals(0, c.read(10).length);
                    assertEquals(0, c.readany().length);
                    assertEquals(0, c.readline().length);
                    assertThrows(IncompleteReadError.class, () -> c.readexactly(1));
                    assertEquals(0, s.connectionsInUse(), "the whole body read: the connection is back");
                    assertEquals(1, s.idleConnections());
                }
                try (ClientResponse r = s.get(base + "/lines")) {
                    int count = 0;
                    for (byte[] chunk : r.content().iterAny()) {
                        count += new String(chunk, UTF_8).split("\n", -1).length - 1;
                    }
                    assertEquals(1000, count);
                }
                assertEquals(1, s.connectionsOpened(), "a body read to its end leaves the connection reusable");
            }
        });
    }

    @Test
    void aReaderThatStopsReadingStopsTheServerAndReadsEverythingLater() {
        int total = 64 << 20;
        byte[] piece = new byte[1 << 20];
        new Random(7).nextBytes(piece);
        Asyncio.run(() -> {
            long[] sent = {0};
            Server server = Asyncio.startServer((reader, writer) -> {
                reader.readuntil("\r\n\r\n".getBytes(UTF_8));
                writer.write(("HTTP/1.1 200 OK\r\nContent-Length: " + total + "\r\n\r\n").getBytes(UTF_8));
                while (sent[0] < total) {
                    writer.write(piece);
                    writer.drain();
                    sent[0] += piece.length;
                }
            }, "127.0.0.1", 0);
            try (ClientSession s = new ClientSession()) {
                Asyncio.timeout(60, () -> {
                    try (ClientResponse r = s.get("http://127.0.0.1:" + server.port() + "/")) {
                        byte[] first = r.content().readexactly(1000);
                        assertArrayEquals(Arrays.copyOf(piece, 1000), first);
                        // Give an unthrottled server all the time it needs to push the whole body.
                        Asyncio.sleep(0.3);
                        long stalledAt = sent[0];
                        assertTrue(stalledAt < total / 2, "the server sent " + stalledAt + " of " + total
                                + " bytes to a reader that read 1000: no back-pressure");
                        assertTrue(r.content().buffered() <= Connection.READ_SIZE, "buffered " + r.content().buffered());
                        long got = first.length;
                        for (byte[] chunk : r.content().iterChunked(256 * 1024)) {
                            for (int i = 0; i < chunk.length; i++) {
                                if (chunk[i] != piece[(int) ((got + i) % piece.length)]) {
                                    throw new AssertionError("byte " + (got + i) + " differs");
                                }
                            }
                            got += chunk.length;
                        }
                        assertEquals(total, got);
                    }
                    return null;
                });
                assertEquals(1, s.idleConnections(), "read whole, the connection went back to the pool");
            } finally {
                server.close();
            }
        });
    }

    @Test
    void aBodyCutShortIsAPayloadErrorAfterTheBytesThatCameAndClosesTheConnection() {
        Asyncio.run(() -> {
            Server server = Asyncio.startServer((reader, writer) -> {
                reader.readuntil("\r\n\r\n".getBytes(UTF_8));
                writer.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello".getBytes(UTF_8));
                writer.drain();
                writer.close();
            }, "127.0.0.1", 0);
            try (ClientSession s = new ClientSession()) {
                try (ClientResponse r = Asyncio.timeout(30, () -> s.get("http://127.0.0.1:" + server.port() + "/"))) {
                    assertEquals("hello", new String(r.content().readexactly(5), UTF_8));
                    var e = assertThrows(ClientPayloadError.class, () -> r.content().read(5));
                    assertTrue(e.getMessage().contains("not completed"), e.getMessage());
                    assertThrows(ClientPayloadError.class, () -> r.content().readany(), "the error stays");
                    assertEquals(e, r.content().exception());
                    assertEquals(0, s.connectionsInUse());
                    assertEquals(0, s.idleConnections());
                }
                try (ClientResponse r = Asyncio.timeout(30, () -> s.get("http://127.0.0.1:" + server.port() + "/"))) {
                    var e = assertThrows(UncheckedIOException.class, () -> {
                        for (byte[] chunk : r.content().iterChunked(2)) {
                            assertTrue(chunk.length > 0);
                        }
                    });
                    assertTrue(e.getCause() instanceof ClientPayloadError, e.toString());
                }
            } finally {
                server.close();
            }
        });
    }

    @Test
    void gzipIsDecodedAsItArrivesAndABadStreamIsAPayloadError() throws Exception {
        byte[] plain = new byte[3 << 20];
        for (int i = 0; i < plain.length; i++) {
            plain[i] = (byte) ('a' + (i * 7 + i / 1000) % 26);
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(plain);
        }
        byte[] gzipped = gz.toByteArray();
        byte[] corrupt = gzipped.clone();
        corrupt[corrupt.length - 5] ^= 1; // the CRC of the trailer
        Asyncio.run(() -> {
            List<Server> servers = new ArrayList<>();
            for (byte[] body : List.of(gzipped, corrupt)) {
                servers.add(Asyncio.startServer((reader, writer) -> {
                    reader.readuntil("\r\n\r\n".getBytes(UTF_8));
                    writer.write("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(UTF_8));
                    for (int off = 0; off < body.length; off += 4000) {
                        int n = Math.min(4000, body.length - off);
                        writer.write((Integer.toHexString(n) + "\r\n").getBytes(UTF_8));
                        writer.write(Arrays.copyOfRange(body, off, off + n));
                        writer.write("\r\n".getBytes(UTF_8));
                        writer.drain();
                    }
                    writer.write("0\r\n\r\n".getBytes(UTF_8));
                    writer.drain();
                }, "127.0.0.1", 0));
            }
            try (ClientSession s = new ClientSession()) {
                Asyncio.timeout(60, () -> {
                    try (ClientResponse r = s.get("http://127.0.0.1:" + servers.get(0).port() + "/")) {
                        ByteArrayOutputStream got = new ByteArrayOutputStream();
                        int maxChunk = 0;
                        for (byte[] chunk : r.content().iterAny()) {
                            maxChunk = Math.max(maxChunk, chunk.length);
                            got.writeBytes(chunk);
                        }
                        assertArrayEquals(plain, got.toByteArray());
                        assertTrue(maxChunk < plain.length / 4, "decoded piece by piece, not whole: " + maxChunk);
                        assertEquals(gzipped.length, r.content().totalBytes());
                    }
                    try (ClientResponse r = s.get("http://127.0.0.1:" + servers.get(1).port() + "/")) {
                        var e = assertThrows(ClientPayloadError.class, r::read);
                        assertTrue(e.getMessage().contains("CRC"), e.getMessage());
                    }
                    return null;
                });
                assertEquals(0, s.connectionsInUse());
            } finally {
                for (Server srv : servers) {
                    srv.close();
                }
            }
        });
    }

    @Test
    void aCancelledReadLosesNothingAndClosingMidBodyClosesTheConnection() {
        Event more = new Event();
        Application app = new Application();
        app.router().addGet("/slow", r -> {
            StreamResponse resp = new StreamResponse();
            resp.enableChunkedEncoding();
            resp.prepare(r);
            resp.write("first\n".getBytes(UTF_8));
            more.await();
            resp.write("second\n".getBytes(UTF_8));
            resp.writeEof();
            return resp;
        });
        served(app, base -> {
            try (ClientSession s = new ClientSession()) {
                try (ClientResponse r = s.get(base + "/slow")) {
                    assertEquals("first\n", new String(r.content().readline(), UTF_8));
                    Task<byte[]> reading = Asyncio.createTask(() -> r.content().readline());
                    Asyncio.sleep(0); // the read starts and waits for the socket
                    reading.cancel();
                    assertThrows(CancelledError.class, reading::await);
                    assertEquals(1, s.connectionsInUse(), "a cancelled read keeps the connection");
                    more.set();
                    assertEquals("second\n", new String(r.content().readline(), UTF_8));
                    assertEquals(0, r.content().read().length);
                }
                assertEquals(1, s.idleConnections());
                more.clear();
                try (ClientResponse r = s.get(base + "/slow")) {
                    assertEquals("first\n", new String(r.content().readline(), UTF_8));
                } // closed before its end: the connection is closed, not reused
                more.set();
                assertEquals(0, s.connectionsInUse());
                assertEquals(0, s.idleConnections());
            }
        });
    }
}
