package io.jasyncio.web;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.ContextVar;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.locks.Event;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The connection's fast path: a request whose handler never suspends is answered inside the
 * transport's {@code dataReceived}, in an eagerly started task; a handler that suspends falls back
 * to that task, and what comes behind it waits in order. Driven through a recording transport,
 * each read delivered from a plain loop callback as a socket transport delivers it.
 */
class FastPathTest {
    private static final String H = "Host: t\r\n";

    /** Runs {@code body} with a connection of {@code app} on a recording transport. */
    private static void withConnection(Application app, ConnectionBody body) {
        ServedConnection.with(app, (loop, transport, connection, runner) -> {
            body.run(loop, transport, connection, runner);
            return null;
        });
    }

    interface ConnectionBody {
        void run(EventLoop loop, RecordingTransport transport, HttpConnection connection, AppRunner runner) throws Exception;
    }

    /** Delivers {@code raw} from a loop callback; returns what {@code probe} saw right after dataReceived returned. */
    private static <T> T deliver(EventLoop loop, HttpConnection connection, String raw, Function<Void, T> probe) {
        Future<T> seen = loop.createFuture();
        loop.callSoon(() -> {
            connection.dataReceived(ByteBuffer.wrap(raw.getBytes(US_ASCII)));
            seen.setResult(probe.apply(null));
        });
        return seen.await();
    }

    private static boolean connectionTaskAlive() {
        return Asyncio.allTasks().stream().anyMatch(t -> "http-connection".equals(t.getName()));
    }

    @Test
    void aHandlerThatNeverSuspendsIsAnsweredInsideDataReceived() {
        Application app = new Application();
        app.router().addGet("/", r -> Response.ofText("hello"));
        withConnection(app, (loop, transport, connection, runner) -> {
            String atReturn = deliver(loop, connection, "GET / HTTP/1.1\r\n" + H + "\r\n", v -> transport.written());
            assertTrue(atReturn.startsWith("HTTP/1.1 200 OK\r\n") && atReturn.endsWith("\r\n\r\nhello"), atReturn);
            assertFalse(connectionTaskAlive(), "no task is left waiting between requests");
            String second = deliver(loop, connection, "GET / HTTP/1.1\r\n" + H + "\r\n", v -> transport.written());
            assertEquals(2, second.split("HTTP/1.1 200 OK", -1).length - 1, second);
            assertFalse(transport.isClosing(), "keep-alive");
        });
    }

    @Test
    void aHandlerThatSuspendsFallsBackToItsTaskAndWhatFollowsWaitsInOrder() {
        Event release = new Event();
        Application app = new Application();
        app.router()
                .addGet("/fast", r -> Response.ofText("fast"))
                .addGet("/slow", r -> {
                    release.await();
                    return Response.ofText("slow");
                });
        withConnection(app, (loop, transport, connection, runner) -> {
            String atReturn = deliver(loop, connection, "GET /slow HTTP/1.1\r\n" + H + "\r\nGET /fast HTTP/1.1\r\n" + H + "\r\n",
                    v -> transport.written());
            assertEquals("", atReturn, "the slow handler waits; the fast one behind it is not answered first");
            assertTrue(connectionTaskAlive());
            // a read while the task is suspended queues behind it rather than starting another
            assertEquals("", deliver(loop, connection, "GET /fast HTTP/1.1\r\n" + H + "\r\n", v -> transport.written()));
            release.set();
            while (connectionTaskAlive()) {
                Asyncio.sleep(0);
            }
            String all = transport.written();
            int slow = all.indexOf("\r\n\r\nslow");
            int fast1 = all.indexOf("\r\n\r\nfast");
            int fast2 = all.lastIndexOf("\r\n\r\nfast");
            assertTrue(slow > 0 && slow < fast1 && fast1 < fast2, all);
        });
    }

    @Test
    void eachRequestRunsInItsOwnContext() {
        ContextVar<String> var = new ContextVar<>("request-var");
        List<String> seen = new ArrayList<>();
        Application app = new Application();
        app.router().addGet("/{name}", r -> {
            seen.add(var.get(null));
            var.set(r.matchInfo().get("name"));
            return Response.ofText("ok");
        });
        withConnection(app, (loop, transport, connection, runner) -> {
            // two pipelined requests in one read (one task serves both), then one more read
            deliver(loop, connection, "GET /a HTTP/1.1\r\n" + H + "\r\nGET /b HTTP/1.1\r\n" + H + "\r\n", v -> null);
            deliver(loop, connection, "GET /c HTTP/1.1\r\n" + H + "\r\n", v -> null);
            assertEquals(java.util.Arrays.asList(null, null, null), seen, "no request sees a value set by another");
        });
    }

    @Test
    void theEndOfTheStreamWhileIdleClosesAndUnregisters() {
        Application app = new Application();
        app.router().addGet("/", r -> Response.ofText("hello"));
        withConnection(app, (loop, transport, connection, runner) -> {
            deliver(loop, connection, "GET / HTTP/1.1\r\n" + H + "\r\n", v -> null);
            assertEquals(1, runner.activeConnections());
            Future<Boolean> closedAtReturn = loop.createFuture();
            loop.callSoon(() -> {
                connection.eofReceived();
                closedAtReturn.setResult(transport.isClosing());
            });
            assertTrue(closedAtReturn.await(), "closed inside eofReceived");
            assertEquals(0, runner.activeConnections());
            assertFalse(connectionTaskAlive());
        });
    }

    @Test
    void aHandlerErrorIsA500AndTheConnectionStaysUsable() {
        Application app = new Application();
        app.router()
                .addGet("/boom", r -> {
                    throw new IllegalStateException("boom (expected by the test)");
                })
                .addGet("/", r -> Response.ofText("hello"));
        withConnection(app, (loop, transport, connection, runner) -> {
            String out = deliver(loop, connection, "GET /boom HTTP/1.1\r\n" + H + "\r\nGET / HTTP/1.1\r\n" + H + "\r\n",
                    v -> transport.written());
            assertTrue(out.startsWith("HTTP/1.1 500 Internal Server Error\r\n"), out);
            assertTrue(out.endsWith("\r\n\r\nhello"), out);
        });
    }
}
