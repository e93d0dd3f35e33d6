package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The jasyncio-http examples: their demonstration output, and web-rest served with --serve until SIGTERM in a child JVM. */
class WebExamplesTest {
    private static String output(Example e) {
        return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> ExampleOutput.of(e, false));
    }

    @Test
    void webHello() {
        assertEquals("""
                GET / -> HTTP/1.1 200 OK
                Hello, world
                """, output(new WebHello()));
    }

    @Test
    void webRest() {
        assertEquals("""
                GET / -> HTTP/1.1 200 OK Hello, World! (timed)
                GET /json -> HTTP/1.1 200 OK {"message":"Hello, World!"} (timed)
                GET /users/42 -> HTTP/1.1 200 OK {"id":"42"} (timed)
                GET /nope -> HTTP/1.1 404 Not Found 404: Not Found
                POST /echo -> HTTP/1.1 200 OK {"ping":1} as application/json
                """, output(new WebRest()));
    }

    @Test
    void webUpload() {
        assertEquals("""
                upload -> HTTP/1.1 200 OK: stored notes.txt (23 bytes) at /files/notes.txt
                download -> HTTP/1.1 200 OK: first line
                second line
                traversal -> HTTP/1.1 404 Not Found
                """, output(new WebUpload()));
    }

    @Test
    void webChat() {
        assertEquals("""
                ann sees: guest1 joined
                ann sees: guest2 joined
                bob sees: guest2 joined
                ann sees: guest1: hello Bob
                bob sees: guest1: hello Bob
                ann sees: guest2: hi Ann
                bob sees: guest2: hi Ann
                ann sees: guest2 left
                """, output(new WebChat()));
    }

    @Test
    void webRestServesUntilSigterm() throws Exception {
        try (ServedExample served = ServedExample.start("web-rest")) {
            int port = served.port();
            assertEquals("======== Running on http://127.0.0.1:" + port + " ========", served.awaitLine("======== Running on"));
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals("{\"message\":\"Hello, World!\"}", r.body());
            served.terminate();
            assertEquals(0, served.exitCode(), "runApp handled SIGTERM (a loop signal handler) and returned, as run_app does");
        }
    }

    @Test
    void webGroupAnswersFromEachLoopInTurnAndKeepsAConnectionOnItsLoop() {
        assertEquals("""
                HTTP on 2 loops, an Application per loop; connections handed round robin:
                new connection: GET / -> Hello from loop 1 of 2 (its request 1)
                new connection: GET / -> Hello from loop 2 of 2 (its request 1)
                new connection: GET / -> Hello from loop 1 of 2 (its request 2)
                new connection: GET / -> Hello from loop 2 of 2 (its request 2)
                one keep-alive connection: GET / -> Hello from loop 1 of 2 (its request 3)
                one keep-alive connection: GET / -> Hello from loop 1 of 2 (its request 4)
                one keep-alive connection: GET / -> Hello from loop 1 of 2 (its request 5)
                (1 connection: it stays on the loop that accepted it)
                32 connections spread by REUSE_PORT: every loop answered
                """, output(new WebGroup()));
    }

    @Test
    void webGroupOnThreeLoopsCountsPerLoop() {
        String out = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> ExampleOutput.of(new WebGroup(), false, "--loops", "3"));
        assertTrue(out.startsWith("""
                HTTP on 3 loops, an Application per loop; connections handed round robin:
                new connection: GET / -> Hello from loop 1 of 3 (its request 1)
                new connection: GET / -> Hello from loop 2 of 3 (its request 1)
                new connection: GET / -> Hello from loop 3 of 3 (its request 1)
                new connection: GET / -> Hello from loop 1 of 3 (its request 2)
                """), out);
        assertTrue(out.endsWith("32 connections spread by REUSE_PORT: every loop answered\n"), out);
    }

    @Test
    void webGroupServesUntilSigtermFromEveryLoop() throws Exception {
        try (ServedExample served = ServedExample.start("web-group")) {
            int port = served.port();
            assertEquals("======== Running on http://127.0.0.1:" + port + " ========", served.awaitLine("======== Running on"));
            Set<String> loops = new HashSet<>();
            for (int i = 0; i < 32; i++) { // a new connection each (the JDK client's pool is per client)
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode());
                assertTrue(r.body().startsWith("Hello from loop "), r.body());
                loops.add(r.body().substring(0, r.body().indexOf(" (")));
                client.close();
            }
            assertEquals(Set.of("Hello from loop 1 of 2", "Hello from loop 2 of 2"), loops,
                    "SO_REUSEPORT spread 32 connections over both loops");
            served.terminate();
            assertEquals(0, served.exitCode(), "runApp(group, ...) handled SIGTERM and returned, the group closed");
        }
    }
}
