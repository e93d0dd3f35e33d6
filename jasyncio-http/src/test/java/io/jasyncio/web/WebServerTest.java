package io.jasyncio.web;

import static io.jasyncio.web.RawClient.exchange;
import static io.jasyncio.web.RawClient.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.http.MultiDict;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The server end to end over real sockets on 127.0.0.1: routing, bodies, framing, errors. */
class WebServerTest {
    static final String H = "Host: t\r\n";

    record User(String id, String name) {}

    static Application app() {
        Application app = new Application();
        app.router()
                .addGet("/", r -> Response.ofText("Hello, world"))
                .addGet("/users/{id}", r -> Response.json(Map.of("id", r.matchInfo().get("id"))), "user")
                .addGet("/files/{name:\\d+}.txt", r -> Response.ofText("file " + r.matchInfo().get("name")))
                .addPost("/echo", r -> Response.ofBytes(r.read()))
                .addPost("/json", r -> Response.json(r.json(User.class)))
                .addPost("/form", r -> Response.ofText(r.post().toString()))
                .addGet("/query", r -> Response.ofText(r.query().getAll("a") + " " + r.query().get("b")))
                .addGet("/stream", r -> {
                    StreamResponse s = new StreamResponse();
                    s.setContentType("text/plain");
                    s.prepare(r);
                    for (int i = 0; i < 3; i++) {
                        s.write("part" + i + ";");
                    }
                    s.writeEof();
                    return s;
                })
                .addGet("/missing", r -> {
                    throw new HTTPNotFound("no such thing");
                })
                .addGet("/boom", r -> {
                    throw new IllegalStateException("boom");
                })
                .addGet("/inject", r -> {
                    Response resp = Response.ofText("x");
                    resp.headers().add("X-Evil", r.query().get("v"));
                    return resp;
                })
                .addGet("/gzip", r -> Response.ofText("zip ".repeat(100)).enableCompression())
                .addGet("/cookies", r -> Response.ofText(r.cookies().toString()).setCookie("s", "1", "Path=/; HttpOnly"))
                .addRoute("*", "/any", r -> Response.ofText(r.method()));
        return app;
    }

    @Test
    void helloAndKeepAlive() {
        Served.serve(app(), (port, runner) -> {
            var answers = exchange(port, "GET / HTTP/1.1\r\n" + H + "\r\nGET / HTTP/1.1\r\n" + H + "\r\n", 2);
            assertEquals(2, answers.size());
            var a = answers.get(0);
            assertEquals(200, a.status());
            assertEquals("Hello, world", a.body());
            assertEquals("12", a.headers().get("Content-Length"));
            assertEquals("text/plain; charset=utf-8", a.headers().get("Content-Type"));
            assertNotNull(a.headers().get("Date"));
            assertNull(a.headers().get("Connection"));
        });
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() {
        Served.serve(app(), (port, runner) -> {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 40; i++) {
                sb.append("GET /users/").append(i).append(" HTTP/1.1\r\n").append(H).append("\r\n");
            }
            var answers = exchange(port, sb.toString(), 40);
            for (int i = 0; i < 40; i++) {
                assertEquals("{\"id\":\"" + i + "\"}", answers.get(i).body());
            }
        });
    }

    @Test
    void notFoundAndMethodNotAllowed() {
        Served.serve(app(), (port, runner) -> {
            var nf = one(port, "GET /nope HTTP/1.1\r\n" + H + "\r\n");
            assertEquals(404, nf.status());
            assertEquals("404: Not Found", nf.body());
            var na = one(port, "DELETE /echo HTTP/1.1\r\n" + H + "\r\n");
            assertEquals(405, na.status());
            assertEquals("POST", na.headers().get("Allow"));
            assertEquals(404, one(port, "GET /files/abc.txt HTTP/1.1\r\n" + H + "\r\n").status());
            assertEquals("file 42", one(port, "GET /files/42.txt HTTP/1.1\r\n" + H + "\r\n").body());
            assertEquals("PATCH", one(port, "PATCH /any HTTP/1.1\r\n" + H + "\r\n").body());
            assertEquals(404, one(port, "GET /missing HTTP/1.1\r\n" + H + "\r\n").status());
        });
    }

    @Test
    void headAnswersGetRoutesWithoutBody() {
        Served.serve(app(), (port, runner) -> {
            var a = exchange(port, ("HEAD / HTTP/1.1\r\n" + H + "\r\n").getBytes(), 1, true).get(0);
            assertEquals(200, a.status());
            assertEquals("12", a.headers().get("Content-Length"));
            assertEquals("", a.body());
        });
    }

    @Test
    void bodiesWithLengthAndChunked() {
        Served.serve(app(), (port, runner) -> {
            assertEquals("hello", one(port, "POST /echo HTTP/1.1\r\n" + H + "Content-Length: 5\r\n\r\nhello").body());
            assertEquals("hello world", one(port, "POST /echo HTTP/1.1\r\n" + H
                    + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\nX-T: 1\r\n\r\n").body());
            String json = "{\"id\":\"7\",\"name\":\"Ann\"}";
            var j = one(port, "POST /json HTTP/1.1\r\n" + H + "Content-Type: application/json\r\nContent-Length: " + json.length() + "\r\n\r\n" + json);
            assertEquals(json, j.body());
            assertEquals(400, one(port, "POST /json HTTP/1.1\r\n" + H + "Content-Length: 3\r\n\r\n{x}").status());
            var f = one(port, "POST /form HTTP/1.1\r\n" + H + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 12\r\n\r\na=1&b=x+y%21");
            assertEquals("MultiDict[a=1, b=x y!]", f.body());
            assertEquals("[1, 2] 3", one(port, "GET /query?a=1&a=2&b=3 HTTP/1.1\r\n" + H + "\r\n").body());
        });
    }

    @Test
    void unreadBodiesAreSkippedAndTheConnectionKept() {
        Served.serve(app(), (port, runner) -> {
            var answers = exchange(port, "POST /any HTTP/1.1\r\n" + H + "Content-Length: 5\r\n\r\nhelloGET / HTTP/1.1\r\n" + H + "\r\n", 2);
            assertEquals("POST", answers.get(0).body());
            assertEquals("Hello, world", answers.get(1).body());
        });
    }

    @Test
    void bodyOverClientMaxSizeIs413() {
        Application app = app();
        app.setClientMaxSize(10);
        Served.serve(app, (port, runner) -> {
            var a = one(port, "POST /echo HTTP/1.1\r\n" + H + "Content-Length: 11\r\n\r\nhello world");
            assertEquals(413, a.status());
            assertEquals("Maximum request body size 10 exceeded, actual body size 11", a.body());
            var c = one(port, "POST /echo HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n6\r\nhello \r\n6\r\nworld!\r\n0\r\n\r\n");
            assertEquals(413, c.status());
        });
    }

    @Test
    void expectContinueGetsA100BeforeTheBody() {
        Served.serve(app(), (port, runner) -> {
            var pair = Asyncio.openConnection("127.0.0.1", port);
            pair.writer().write(("POST /echo HTTP/1.1\r\n" + H + "Expect: 100-continue\r\nContent-Length: 2\r\n\r\n").getBytes());
            String interim = new String(Asyncio.timeout(10, () -> pair.reader().readuntil("\r\n\r\n".getBytes())));
            assertEquals("HTTP/1.1 100 Continue\r\n\r\n", interim);
            pair.writer().write("ok".getBytes());
            String rest = new String(Asyncio.timeout(10, () -> pair.reader().readuntil("ok".getBytes())));
            assertTrue(rest.startsWith("HTTP/1.1 200 OK\r\n"), rest);
            pair.writer().close();
        });
    }

    @Test
    void badRequestsAreRefusedAndTheConnectionClosed() {
        Served.serve(app(), (port, runner) -> {
            var a = one(port, "POST / HTTP/1.1\r\n" + H + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
            assertEquals(400, a.status());
            assertEquals("close", a.headers().get("Connection"));
            assertEquals(431, one(port, "GET / HTTP/1.1\r\n" + H + "X: " + "v".repeat(9000) + "\r\n\r\n").status());
            assertEquals(400, one(port, "GET / HTTP/1.1\r\n" + H + "X: a\r\n b\r\n\r\n").status());
            assertEquals(505, one(port, "GET / HTTP/2.0\r\n" + H + "\r\n").status());
            assertTrue(RawClient.closedAfter(port, "GET / HTTP/1.1\r\nX : y\r\n\r\n"));
        });
    }

    @Test
    void errorsInHandlersAre500AndInjectionIsRefused() {
        Served.serve(app(), (port, runner) -> {
            var boom = one(port, "GET /boom HTTP/1.1\r\n" + H + "\r\n");
            assertEquals(500, boom.status());
            var inj = one(port, "GET /inject?v=a%0D%0ASet-Cookie:%20x HTTP/1.1\r\n" + H + "\r\n");
            assertEquals(500, inj.status());
            assertNull(inj.headers().get("Set-Cookie"));
            assertThrows(IllegalArgumentException.class, () -> new Response().headers().set("X", "a\rb"));
        });
    }

    @Test
    void http10ClosesUnlessKeepAlive() {
        Served.serve(app(), (port, runner) -> {
            assertTrue(RawClient.closedAfter(port, "GET / HTTP/1.0\r\n\r\n"));
            var a = exchange(port, "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET / HTTP/1.0\r\n\r\n", 2);
            assertEquals("keep-alive", a.get(0).headers().get("Connection"));
            assertEquals("close", a.get(1).headers().get("Connection"));
            var s = exchange(port, "GET /stream HTTP/1.0\r\n\r\n", 1);
            assertEquals("part0;part1;part2;", s.get(0).body());
        });
    }

    @Test
    void streamResponsesAreChunked() {
        Served.serve(app(), (port, runner) -> {
            var a = one(port, "GET /stream HTTP/1.1\r\n" + H + "\r\n");
            assertEquals("chunked", a.headers().get("Transfer-Encoding"));
            assertEquals("part0;part1;part2;", a.body());
        });
    }

    @Test
    void gzipOnRequest() {
        Served.serve(app(), (port, runner) -> {
            var plain = one(port, "GET /gzip HTTP/1.1\r\n" + H + "\r\n");
            assertNull(plain.headers().get("Content-Encoding"));
            var z = one(port, "GET /gzip HTTP/1.1\r\n" + H + "Accept-Encoding: br, gzip\r\n\r\n");
            assertEquals("gzip", z.headers().get("Content-Encoding"));
            byte[] unzipped = new GZIPInputStream(new ByteArrayInputStream(z.bytes())).readAllBytes();
            assertEquals("zip ".repeat(100), new String(unzipped));
            assertTrue(z.bytes().length < 100);
        });
    }

    @Test
    void cookiesBothWays() {
        Served.serve(app(), (port, runner) -> {
            var a = one(port, "GET /cookies HTTP/1.1\r\n" + H + "Cookie: a=1; b=\"two\"\r\n\r\n");
            assertEquals("{a=1, b=two}", a.body());
            assertEquals("s=1; Path=/; HttpOnly", a.headers().get("Set-Cookie"));
        });
    }

    @Test
    void middlewaresRunInOrderAndSeeNotFound() {
        List<String> seen = new ArrayList<>();
        Application app = app();
        app.addMiddleware((r, h) -> {
            seen.add("outer>");
            try {
                return h.handle(r);
            } catch (HTTPNotFound e) {
                return Response.ofText(404, "custom 404");
            } finally {
                seen.add("<outer");
            }
        });
        app.addMiddleware((r, h) -> {
            seen.add("inner>");
            StreamResponse resp = h.handle(r);
            resp.headers().set("X-Inner", "1");
            return resp;
        });
        Served.serve(app, (port, runner) -> {
            var a = one(port, "GET / HTTP/1.1\r\n" + H + "\r\n");
            assertEquals("1", a.headers().get("X-Inner"));
            assertEquals(List.of("outer>", "inner>", "<outer"), seen);
            assertEquals("custom 404", one(port, "GET /nope HTTP/1.1\r\n" + H + "\r\n").body());
        });
    }

    @Test
    void subappsUrlForAndState() {
        AppKey<String> greeting = AppKey.of("greeting", String.class);
        Application admin = new Application();
        admin.set(greeting, "hi admin");
        admin.router().addGet("/users/{id}", r -> Response.ofText(r.matchInfo().apps().get(1).get(greeting) + " " + r.matchInfo().get("id")), "admin-user");
        Application app = app();
        app.addSubapp("/admin", admin);
        assertEquals("/users/a%20b", app.router().urlFor("user", Map.of("id", "a b")));
        assertEquals("/admin/users/7", admin.router().urlFor("admin-user", Map.of("id", "7")));
        assertThrows(IllegalArgumentException.class, () -> app.router().urlFor("nope"));
        assertThrows(IllegalArgumentException.class, () -> app.router().urlFor("user", Map.of()));
        Served.serve(app, (port, runner) -> {
            assertEquals("hi admin 7", one(port, "GET /admin/users/7 HTTP/1.1\r\n" + H + "\r\n").body());
            assertEquals(404, one(port, "GET /admin/nope HTTP/1.1\r\n" + H + "\r\n").status());
            assertThrows(IllegalStateException.class, () -> app.router().addGet("/late", r -> Response.ofText("")));
        });
    }

    @Test
    void lifeCycleHooksRunInOrder() {
        List<String> seen = new ArrayList<>();
        Application app = app();
        app.onStartup(a -> seen.add("startup")).onShutdown(a -> seen.add("shutdown")).onCleanup(a -> seen.add("cleanup"));
        Served.serve(app, (port, runner) -> seen.add("serving"));
        assertEquals(List.of("startup", "serving", "shutdown", "cleanup"), seen);
    }

    @Test
    void gracefulShutdownLetsALiveRequestFinishAndClosesIdleConnections() {
        Application app = new Application();
        io.jasyncio.Future<?>[] gate = new io.jasyncio.Future<?>[1];
        boolean[] slowStarted = {false};
        app.router().addGet("/slow", r -> {
            slowStarted[0] = true;
            gate[0].await();
            return Response.ofText("finished");
        });
        app.router().addGet("/", r -> Response.ofText("ok"));
        AppRunner runner = new AppRunner(app);
        Asyncio.run(() -> {
            gate[0] = Asyncio.getRunningLoop().createFuture();
            runner.setup();
            TcpSite site = new TcpSite(runner, "127.0.0.1", 0);
            site.start();
            int port = site.port();
            var idle = Asyncio.openConnection("127.0.0.1", port);
            idle.writer().write(("GET / HTTP/1.1\r\n" + H + "\r\n").getBytes());
            Asyncio.timeout(10, () -> idle.reader().readuntil("ok".getBytes()));
            var slow = Asyncio.createTask(() -> one(port, "GET /slow HTTP/1.1\r\n" + H + "\r\n"));
            // Wait for the handler itself, not only the connection: a connection accepted whose
            // request is not read yet is idle, and a graceful shutdown rightly closes it.
            while (!slowStarted[0]) {
                Asyncio.sleep(0.001);
            }
            var cleanup = Asyncio.createTask(() -> {
                runner.cleanup();
            });
            assertEquals(0, Asyncio.timeout(10, () -> idle.reader().read()).length, "the idle connection is closed");
            assertFalse(cleanup.done());
            ((io.jasyncio.Future<Object>) gate[0]).setResult(null);
            var answer = slow.await();
            assertEquals("finished", answer.body());
            assertEquals("close", answer.headers().get("Connection"));
            Asyncio.timeout(10, () -> cleanup.await());
            assertEquals(0, runner.activeConnections());
        });
    }

    @Test
    void idleConnectionsCloseAfterTheKeepAliveTimeout() {
        AppRunner runner = new AppRunner(app()).setKeepAliveTimeout(0.05).setHeaderTimeout(0.05);
        Served.serve(runner, (port, r) -> {
            var pair = Asyncio.openConnection("127.0.0.1", port);
            pair.writer().write(("GET / HTTP/1.1\r\n" + H + "\r\n").getBytes());
            byte[] all = Asyncio.timeout(10, () -> pair.reader().read());
            assertTrue(new String(all).endsWith("Hello, world"), "answered, then closed when idle");
            var slowloris = Asyncio.openConnection("127.0.0.1", port);
            slowloris.writer().write("GET / HTTP/1.1\r\nHo".getBytes());
            assertEquals(0, Asyncio.timeout(10, () -> slowloris.reader().read()).length, "a head not finished in time is dropped");
        });
    }

    @Test
    void argumentChecks() {
        Application app = new Application();
        assertThrows(IllegalArgumentException.class, () -> app.router().addGet("nope", r -> null));
        assertThrows(IllegalArgumentException.class, () -> app.router().addGet("/{a}/{a}", r -> null));
        assertThrows(IllegalArgumentException.class, () -> app.router().addGet("/{a:(x)}", r -> null));
        assertThrows(IllegalArgumentException.class, () -> app.router().addRoute("G T", "/", r -> null));
        app.router().addPost("/x", r -> null);
        assertThrows(IllegalArgumentException.class, () -> app.router().addPost("/x", r -> null));
        assertThrows(IllegalArgumentException.class, () -> new AppRunner(null));
        assertThrows(IllegalArgumentException.class, () -> app.setClientMaxSize(0));
        assertThrows(IllegalArgumentException.class, () -> new Response(42, null));
        assertThrows(IllegalArgumentException.class, () -> new Response().setCookie("a b", "v", null));
        MultiDict<String> q = new MultiDict<>();
        assertThrows(UnsupportedOperationException.class, () -> q.readOnly().add("a", "b"));
    }
}
