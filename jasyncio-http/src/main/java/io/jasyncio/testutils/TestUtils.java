package io.jasyncio.testutils;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.http.BadHttpMessage;
import io.jasyncio.http.Headers;
import io.jasyncio.http.internal.MockedRequests;
import io.jasyncio.http.internal.h1.HttpHead;
import io.jasyncio.http.internal.h1.HttpParser;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.web.Application;
import io.jasyncio.web.Request;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * aiohttp's {@code aiohttp.test_utils} functions: {@link #makeMockedRequest} builds a
 * {@link Request} with no server and no socket, for calling a handler directly in a unit test.
 *
 * <pre>{@code
 * @AsyncioTest
 * void showsTheUser() throws Exception {
 *     Request req = TestUtils.makeMockedRequest("GET", "/users/7?fields=name",
 *             MockedRequestOptions.defaults().withMatchInfo(Map.of("id", "7")).withApp(app));
 *     StreamResponse resp = handlers.showUser(req);     // resp = await handler(req)
 *     assertEquals(200, resp.status());
 * }
 * }</pre>
 *
 * <p>{@code make_mocked_coro} is not here: a coroutine in jasyncio is a plain method or lambda, so
 * a stand-in for one is a lambda ({@code () -> value}, {@code () -> { throw e; }}) or any mocking
 * library's mock of the interface; there is no awaitable to fake. {@code loop_context} and
 * {@code unused_port} are not either: {@code @AsyncioTest} gives the loop, port 0 a free port.
 *
 * <p>Not a class to instantiate.
 */
public final class TestUtils {
    private TestUtils() {}

    /** {@link #makeMockedRequest(String, String, MockedRequestOptions)} with the defaults. */
    public static Request makeMockedRequest(String method, String path) {
        return makeMockedRequest(method, path, MockedRequestOptions.defaults());
    }

    /**
     * A request as the server would hand it to a handler, without a connection: aiohttp's
     * {@code make_mocked_request(method, path, headers, match_info=, app=, payload=, ...)}. The
     * head is parsed by the server's own parser, so {@code path()}, {@code query()},
     * {@code headers()}, {@code cookies()}, {@code keepAlive()} and {@code contentLength()} read
     * as on a real request; {@code matchInfo()} has the given path parameters and the application;
     * the body methods read the payload. An HTTP/1.1 head without {@code Host} gets
     * {@code Host: localhost} (our parser, as RFC 9112 §3.2, refuses a 1.1 request without one).
     *
     * <p>What needs a connection is refused with an {@link IllegalStateException} naming it:
     * {@code StreamResponse.prepare(request)} (a handler that streams its response) and a
     * WebSocket handshake; test those through a {@link TestClient}. A handler that returns a
     * {@code Response} is what this is for.
     *
     * <p>Call it inside a task (the body is a {@link StreamReader} of the running loop).
     *
     * @throws IllegalArgumentException if the method, path or headers do not make a valid request head
     * @throws IllegalStateException if no loop is running
     */
    public static Request makeMockedRequest(String method, String path, MockedRequestOptions opts) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(opts, "opts");
        Headers.checkName(method);
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/' (a path and query, not a URL), got " + path);
        }
        EventLoop loop = Asyncio.getRunningLoop();
        HttpHead head = parseHead(method, path, opts);
        StreamReader body = opts.content();
        if (body == null) {
            body = new StreamReader(loop);
            if (opts.payload() != null) {
                body.feedData(opts.payload());
            }
            body.feedEof();
        }
        Application app = opts.app() != null ? opts.app() : new Application();
        return MockedRequests.factory().create(head, body, app, opts.matchInfo(),
                opts.transport() != null ? opts.transport() : new MockedTransport(opts.extraInfo()));
    }

    private static HttpHead parseHead(String method, String path, MockedRequestOptions opts) {
        StringBuilder sb = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.").append(opts.versionMinor())
                .append("\r\n");
        boolean host = false;
        boolean framed = false;
        for (Map.Entry<String, String> h : opts.headers()) {
            sb.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            host |= h.getKey().equalsIgnoreCase("Host");
            framed |= h.getKey().equalsIgnoreCase("Content-Length") || h.getKey().equalsIgnoreCase("Transfer-Encoding");
        }
        if (!host && opts.versionMinor() == 1) {
            sb.append("Host: localhost\r\n");
        }
        if (!framed && opts.payload() != null && opts.payload().length > 0) {
            sb.append("Content-Length: ").append(opts.payload().length).append("\r\n");
        }
        sb.append("\r\n");
        HttpHead[] parsed = new HttpHead[1];
        HttpParser parser = HttpParser.forRequests(new HttpParser.Listener() {
            @Override
            public void onHead(HttpHead h) {
                parsed[0] = h;
            }

            @Override
            public void onBody(ByteBuffer data) {}

            @Override
            public void onComplete(Headers trailers) {}
        });
        try {
            parser.feed(ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (BadHttpMessage e) {
            throw new IllegalArgumentException("not a valid request head for makeMockedRequest(" + method + ", " + path
                    + "): " + e.getMessage(), e);
        }
        if (parsed[0] == null) {
            throw new IllegalArgumentException("not a complete request head: " + method + " " + path);
        }
        return parsed[0];
    }
}
