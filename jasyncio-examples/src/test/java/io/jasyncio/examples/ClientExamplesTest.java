package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The HTTP client examples: their output against the local server, and with --url against another example's. */
class ClientExamplesTest {
    /** The output with the local server's port replaced by PORT. */
    private static String output(Example e, String... args) {
        return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> ExampleOutput.of(e, false, args))
                .replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:PORT");
    }

    @Test
    void fetch() {
        assertEquals("""
                Status: 200
                Content-type: text/plain; charset=utf-8
                Body: Hello, world
                """, output(new Fetch()));
    }

    @Test
    void fetchGather() {
        assertEquals("""
                /a -> 200: page a
                /b -> 200: page b
                /c -> 200: page c
                3 fetches over 3 connections
                """, output(new FetchGather()));
    }

    @Test
    void fetchChain() {
        assertEquals("""
                /chain/1 -> {next=/chain/2, step=1}
                /chain/2 -> {next=/chain/3, step=2}
                /chain/3 -> {done=true, step=3}
                connections opened: 1
                """, output(new FetchChain()));
    }

    @Test
    void fetchTimeout() {
        assertEquals("""
                TimeoutError: total timeout: GET http://127.0.0.1:PORT/slow took more than 0.5 s
                """, output(new FetchTimeout()));
    }

    @Test
    void wsClient() {
        assertEquals("""
                ann sees: guest1 joined
                ann sees: guest2 joined
                bob sees: guest2 joined
                ann sees: guest1: hello Bob
                bob sees: guest1: hello Bob
                ann sees: guest2: hi Ann
                bob sees: guest2: hi Ann
                ann sees: guest2 left
                ann closed with 1000
                """, output(new WsClient()));
    }

    /** --url against the JDK's own com.sun.net.httpserver on 127.0.0.1 (its threads, not our loop). */
    @Test
    void fetchAndGatherWithUrlFetchFromTheServerNamed() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = ("jdk " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/x";
            assertEquals("""
                    Status: 200
                    Content-type: text/plain
                    Body: jdk /x
                    """, output(new Fetch(), "--url", url));
            assertEquals("""
                    /x -> 200: jdk /x
                    /x -> 200: jdk /x
                    /x -> 200: jdk /x
                    """, output(new FetchGather(), "--url", url).lines().limit(3).map(l -> l + "\n")
                    .collect(Collectors.joining()));
        } finally {
            server.stop(0);
        }
    }
}
