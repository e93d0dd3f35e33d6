package io.jasyncio.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jasyncio.Asyncio;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Our client against CPython's aiohttp.web ({@code ../shared/peers/http/aiohttp_app.py}, Debian's
 * python3-aiohttp run as /usr/bin/python3) on 127.0.0.1: text, JSON, path parameters, a POST
 * body echoed, keep-alive reuse, and concurrent requests through one pool. Bounded: the peer is
 * killed after the test, every request has a timeout.
 */
class AiohttpPeerTest {
    private static final Path APP = Path.of("../../shared/peers/http/aiohttp_app.py");

    private static void requireAiohttp() {
        boolean ok;
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import aiohttp").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            ok = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.isRegularFile(APP);
        } catch (IOException | InterruptedException e) {
            ok = false;
        }
        if (!ok && "true".equals(System.getenv("CI"))) {
            fail("/usr/bin/python3 with aiohttp, or " + APP + ", is missing: apt-get install python3-aiohttp (.ci/setup.d/30-http.sh)");
        }
        assumeTrue(ok, "/usr/bin/python3 with aiohttp is missing: install it with apt-get install python3-aiohttp");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * Waits (bounded) until the peer answers: aiohttp prints its line from on_startup, before the
     * site listens, so the first connections may be refused.
     */
    private static void awaitListening(ClientSession s, String base) throws Exception {
        Asyncio.timeout(30, () -> {
            while (true) {
                try (ClientResponse r = s.get(base + "/")) {
                    r.read();
                    return null;
                } catch (ClientConnectorError e) {
                    Asyncio.sleep(0.05);
                }
            }
        });
    }

    @Test
    void ourClientTalksToAiohttpWeb() throws Exception {
        requireAiohttp();
        int port = freePort();
        Process peer = new ProcessBuilder("/usr/bin/python3", APP.toString(), Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String base = "http://127.0.0.1:" + port;
            Asyncio.run(() -> Asyncio.timeout(60, () -> {
                try (ClientSession s = new ClientSession()) {
                    awaitListening(s, base);
                    int opened = s.connectionsOpened();
                    try (ClientResponse r = s.get(base + "/")) {
                        assertEquals(200, r.status());
                        assertEquals("text/plain; charset=utf-8", r.headers().get("Content-Type"));
                        assertEquals("Hello, world", r.text());
                    }
                    try (ClientResponse r = s.get(base + "/json")) {
                        assertEquals(Map.of("message", "Hello, World!"), r.json(Map.class));
                    }
                    try (ClientResponse r = s.get(base + "/user/42")) {
                        assertEquals("user 42", r.text());
                    }
                    byte[] payload = "ping \u00e9".getBytes(UTF_8);
                    try (ClientResponse r = s.post(base + "/echo", RequestOptions.defaults().withBody(payload))) {
                        assertEquals("ping \u00e9", new String(r.read(), UTF_8));
                    }
                    try (ClientResponse r = s.get(base + "/nope")) {
                        assertEquals(404, r.status());
                        assertTrue(r.text().contains("404"));
                    }
                    assertEquals(opened, s.connectionsOpened(), "aiohttp keeps the connection alive: one connection");
                    List<Object> bodies = Asyncio.gather(
                            () -> text(s, base + "/user/1"), () -> text(s, base + "/user/2"), () -> text(s, base + "/user/3"))
                            .await();
                    assertEquals(List.of("user 1", "user 2", "user 3"), bodies);
                }
                return null;
            }));
        } finally {
            peer.destroy();
            if (!peer.waitFor(10, TimeUnit.SECONDS)) {
                peer.destroyForcibly();
            }
        }
    }

    private static String text(ClientSession s, String url) throws IOException {
        try (ClientResponse r = s.get(url)) {
            return r.text();
        }
    }
}
