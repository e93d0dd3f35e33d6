package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.streams.StreamPair;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The examples' tiny HTTP client on {@code openConnection}: one request with
 * {@code Connection: close}, the answer read to EOF. (The real client is the next issue's.)
 */
final class DemoHttp {
    private DemoHttp() {}

    /** A response: the status line, the raw head and the body. */
    record Answer(String statusLine, String head, String body) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    static Answer request(int port, String method, String path, String contentType, byte[] body) throws IOException {
        StreamPair conn = Asyncio.openConnection("127.0.0.1", port);
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n");
        if (body != null) {
            head.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        conn.writer().write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            conn.writer().write(body);
        }
        conn.writer().drain();
        String all = new String(Asyncio.timeout(30, () -> conn.reader().read()), StandardCharsets.UTF_8);
        conn.writer().close();
        int end = all.indexOf("\r\n\r\n");
        String h = all.substring(0, end);
        return new Answer(h.lines().findFirst().orElse(""), h, all.substring(end + 4));
    }

    static Answer get(int port, String path) throws IOException {
        return request(port, "GET", path, null, null);
    }
}
