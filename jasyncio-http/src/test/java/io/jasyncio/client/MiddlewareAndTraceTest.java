package io.jasyncio.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.http.Headers;
import io.jasyncio.locks.Event;
import io.jasyncio.transports.Server;
import io.jasyncio.web.Application;
import io.jasyncio.web.Response;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Client middlewares (retry, auth, order, every redirect hop) and trace hooks, against our server. */
class MiddlewareAndTraceTest {
    interface Body {
        void run(String base) throws Exception;
    }

    private static void served(Application app, Body body) {
        ServedApp.serve(app, port -> body.run("http://127.0.0.1:" + port));
    }

    private static Application app(int[] flakyCalls, Event release) {
        Application app = new Application();
        app.router().addGet("/flaky", r -> {
            Response resp = Response.ofText("try " + ++flakyCalls[0]);
            if (flakyCalls[0] < 3) {
                resp.setStatus(503, "Service Unavailable");
            }
            return resp;
        });
        app.router().addGet("/auth", r -> Response.ofText(String.valueOf(r.headers().get("Authorization"))));
        app.router().addGet("/redirect", r -> {
            Response resp = Response.ofText("moved");
            resp.setStatus(302, "Found");
            resp.headers().set("Location", "/auth");
            return resp;
        });
        app.router().addGet("/wait", r -> {
            release.await();
            return Response.ofText("waited");
        });
        return app;
    }

    @Test
    void aRetryMiddlewareAnAuthMiddlewareTheirOrderAndEveryRedirectHop() {
        int[] calls = {0};
        served(app(calls, new Event()), base -> {
            List<String> seen = new ArrayList<>();
            ClientMiddleware retry = (request, next) -> {
                for (int attempt = 1; ; attempt++) {
                    ClientResponse resp = next.handle(request);
                    if (resp.status() < 500 || attempt == 3) {
                        return resp;
                    }
                    resp.release();
                }
            };
            ClientMiddleware outer = (request, next) -> {
                seen.add("outer in " + request.url().getPath());
                ClientResponse resp = next.handle(request);
                seen.add("outer out " + resp.status());
                return resp;
            };
            ClientMiddleware token = (request, next) -> {
                seen.add("token " + request.url().getPath());
                request.headers().set("Authorization", "Bearer t0ken");
                return next.handle(request);
            };
            try (ClientSession s = new ClientSession(SessionOptions.defaults().withMiddlewares(outer, retry, token))) {
                try (ClientResponse r = s.get(base + "/flaky")) {
                    assertEquals(200, r.status());
                    assertEquals("try 3", r.text());
                }
                assertEquals(List.of("outer in /flaky", "token /flaky", "token /flaky", "token /flaky", "outer out 200"), seen);
                seen.clear();
                try (ClientResponse r = s.get(base + "/redirect")) {
                    assertEquals("Bearer t0ken", r.text());
                }
                assertEquals(List.of("outer in /redirect", "token /redirect", "outer out 302",
                        "outer in /auth", "token /auth", "outer out 200"), seen, "middlewares run for every hop");
                seen.clear();
                try (ClientResponse r = s.get(base + "/auth", RequestOptions.defaults().withMiddlewares(token))) {
                    assertEquals("Bearer t0ken", r.text());
                }
                assertEquals(List.of("token /auth"), seen, "a request's middlewares replace the session's");
                try (ClientResponse r = s.get(base + "/auth", RequestOptions.defaults().withMiddlewares())) {
                    assertEquals("null", r.text(), "no middlewares at all");
                }
            }
            ClientMiddleware rewrite = (request, next) -> {
                request.setUrl(URI.create(base + "/auth"));
                return next.handle(request);
            };
            try (ClientSession s = new ClientSession(SessionOptions.defaults().withMiddlewares(rewrite))) {
                try (ClientResponse r = s.get(base + "/flaky")) {
                    assertEquals("null", r.text());
                    assertEquals(base + "/auth", r.url().toString());
                }
            }
            assertThrows(NullPointerException.class, () -> SessionOptions.defaults().withMiddlewares((ClientMiddleware) null));
        });
    }

    @Test
    void traceHooksSayWhatEachRequestDid() {
        Event release = new Event();
        served(app(new int[] {0}, release), base -> {
            List<String> events = new ArrayList<>();
            ClientTrace trace = new ClientTrace() {
                @Override
                public void onRequestStart(String method, URI url, Headers headers) {
                    events.add("start " + method + " " + url.getPath() + " " + headers.get("X-Test"));
                }

                @Override
                public void onRequestRedirect(String method, URI url, ClientResponse response) {
                    events.add("redirect " + url.getPath() + " " + response.status());
                }

                @Override
                public void onRequestEnd(String method, URI url, ClientResponse response) {
                    events.add("end " + url.getPath() + " " + response.status());
                }

                @Override
                public void onRequestException(String method, URI url, Throwable error) {
                    events.add("exception " + error.getClass().getSimpleName());
                }

                @Override
                public void onConnectionQueuedStart(String host, int port) {
                    events.add("queued");
                }

                @Override
                public void onConnectionQueuedEnd(String host, int port) {
                    events.add("dequeued");
                }

                @Override
                public void onConnectionCreateStart(String host, int port) {
                    events.add("create " + host);
                }

                @Override
                public void onConnectionCreateEnd(String host, int port) {
                    events.add("created");
                }

                @Override
                public void onConnectionReuseconn(String host, int port) {
                    events.add("reuse");
                }
            };
            int closedPort;
            try (Server srv = Asyncio.startServer((r, w) -> w.close(), "127.0.0.1", 0)) {
                closedPort = srv.port();
            }
            try (ClientSession s = new ClientSession(SessionOptions.defaults().withLimit(1).withTraces(trace))) {
                try (ClientResponse r = s.get(base + "/auth", RequestOptions.defaults().withHeader("X-Test", "1"))) {
                    r.read();
                }
                try (ClientResponse r = s.get(base + "/redirect")) {
                    r.read();
                }
                assertEquals(List.of("start GET /auth 1", "create 127.0.0.1", "created", "end /auth 200",
                        "start GET /redirect null", "reuse", "redirect /redirect 302", "reuse", "end /auth 200"), events);
                events.clear();
                Task<String> holder = Asyncio.createTask(() -> {
                    try (ClientResponse r = s.get(base + "/wait")) {
                        return r.text();
                    }
                });
                while (s.connectionsInUse() == 0) {
                    Asyncio.sleep(0.001);
                }
                Task<String> waiter = Asyncio.createTask(() -> {
                    try (ClientResponse r = s.get(base + "/auth")) {
                        return r.text();
                    }
                });
                while (!events.contains("queued")) {
                    Asyncio.sleep(0); // until the second request waits for the one connection
                }
                release.set();
                assertEquals("waited", holder.await());
                assertEquals("null", waiter.await());
                assertEquals(List.of("start GET /wait null", "reuse", "start GET /auth null", "queued", "end /wait 200",
                        "dequeued", "reuse", "end /auth 200"), events);
                events.clear();
                assertThrows(ClientConnectorError.class, () -> s.get("http://127.0.0.1:" + closedPort + "/"));
                assertEquals(List.of("start GET / null", "create 127.0.0.1", "exception ClientConnectorError"), events);
            }
        });
    }
}
