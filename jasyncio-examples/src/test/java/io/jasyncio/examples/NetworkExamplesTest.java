package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The network examples, run on the real clock (sockets), each bounded in time. */
class NetworkExamplesTest {
    private static String output(Example e) {
        return assertTimeoutPreemptively(Duration.ofSeconds(30), () -> ExampleOutput.of(e, false));
    }

    @Test
    void tcpEchoStreams() {
        assertEquals("""
                Client sends 'Hello World!'
                Server received 'Hello World!'
                Server sends 'Hello World!'
                Server closes the connection
                Client received 'Hello World!'
                Client closes the connection
                """, output(new TcpEchoStreams()));
    }

    @Test
    void tcpEchoProtocol() {
        assertEquals("""
                Client: data sent: 'Hello World!'
                Server: data received: 'Hello World!'
                Server: send: 'Hello World!'
                Server: close the client socket
                Client: data received: 'Hello World!'
                Client: the server closed the connection
                """, output(new TcpEchoProtocol()));
    }

    @Test
    void helloHttp() {
        assertEquals("""
                server: GET / HTTP/1.1
                client: HTTP/1.1 200 OK
                client: body 'Hello, world!'
                """, output(new HelloHttp()));
    }

    @Test
    void tlsEcho() {
        assertEquals("""
                Certificate made for localhost and 127.0.0.1
                Client verified CN=localhost
                Server received 'Hello TLS!' over TLSv1.3
                Client received 'Hello TLS!'
                Client read EOF: true
                """, output(new TlsEcho()));
    }

    @Test
    void udpEcho() {
        assertEquals("""
                Client: send 'Hello World!'
                Server: received 'Hello World!'
                Server: send 'Hello World!'
                Client: received 'Hello World!'
                Client: close the socket
                Client: connection closed
                """, output(new UdpEcho()));
    }

    @Test
    void unixEcho() {
        assertEquals("""
                echoed: first line
                echoed: second line
                socket file removed: true
                """, output(new UnixEcho()));
    }

    @Test
    void multiLoopEcho() {
        assertEquals("""
                echo server on 2 loops, one listening socket each
                64 of 64 clients got their message back
                every loop served connections
                """, assertTimeoutPreemptively(Duration.ofSeconds(60),
                        () -> ExampleOutput.of(new MultiLoopEcho(), false, "--loops", "2")));
    }

    /**
     * Regression: the banner was printed before runForever put the signal handlers in place, so a
     * SIGTERM sent on seeing it could meet the JVM's default handler and exit 143 (a CI flake).
     */
    @Test
    void multiLoopEchoSigtermRightAfterTheBannerExits0() throws Exception {
        try (ServedExample served = ServedExample.start("multi-loop-echo")) {
            served.awaitLine("echo server on");
            served.terminate();
            assertEquals(0, served.exitCode(), "the banner comes after the SIGTERM handler is in place");
        }
    }

    /** --serve: echoes on every loop until SIGTERM, which closes the whole group (EventLoopGroup.runForever), exit 0. */
    @Test
    void multiLoopEchoServesUntilSigtermAndExits0() throws Exception {
        try (ServedExample served = ServedExample.start("multi-loop-echo")) {
            String banner = served.awaitLine("echo server on");
            assertTrue(banner.startsWith("echo server on 127.0.0.1:" + served.port() + ", "), banner);
            try (Socket s = new Socket("127.0.0.1", served.port())) {
                s.setSoTimeout(60_000);
                PrintWriter w = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                w.println("hello loops");
                assertEquals("hello loops", in.readLine());
            }
            served.terminate();
            assertEquals(0, served.exitCode(), "SIGTERM closed the group and main returned (before: exit 143 from a shutdown hook)");
        }
    }
}
