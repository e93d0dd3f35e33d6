package io.jasyncio.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.web.Application;
import io.jasyncio.web.Response;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code raise_for_status} as aiohttp 3.9 has it: a bool or a callable on the session, replaced
 * per request by a bool or a callable; the callable sees the last response of a redirect chain,
 * may read it and suspend, and what it throws reaches the caller with the response released.
 */
class RaiseForStatusTest {
    /** A check that records what it saw and rejects 5xx only, with the body in the message. */
    private static final class Only5xx implements RaiseForStatus {
        final List<String> seen = new ArrayList<>();

        @Override
        public void check(ClientResponse resp) throws IOException {
            Asyncio.sleep(0); // a coroutine callable: it may suspend
            seen.add(resp.status() + " " + resp.url().getPath());
            if (resp.status() >= 500) {
                throw new ClientResponseError(resp.status(), "server said: " + resp.text(), resp.url());
            }
        }
    }

    private static Application app() {
        Application app = new Application();
        app.router().addGet("/status/{code}", r -> {
            Response resp = Response.ofText("body of " + r.matchInfo().get("code"));
            resp.setStatus(Integer.parseInt(r.matchInfo().get("code")), "Status");
            return resp;
        });
        app.router().addGet("/moved", r -> {
            Response resp = Response.ofText("moved");
            resp.setStatus(302, "Found");
            resp.headers().set("Location", "/status/503");
            return resp;
        });
        return app;
    }

    private static void served(SessionOptions options, SessionBody body) {
        ServedApp.serve(app(), port -> {
            try (ClientSession s = new ClientSession(options.withBaseUrl("http://127.0.0.1:" + port))) {
                body.run(s);
            }
        });
    }

    private interface SessionBody {
        void run(ClientSession s) throws Exception;
    }

    @Test
    void aSessionCallableSeesTheLastResponseAndItsErrorReachesTheCaller() {
        Only5xx check = new Only5xx();
        served(SessionOptions.defaults().withRaiseForStatus(check), s -> {
            try (ClientResponse r = s.get("/status/404")) {
                assertEquals("body of 404", r.text(), "a 404 passes this check, body unread by it");
            }
            ClientResponseError e = assertThrows(ClientResponseError.class, () -> s.get("/moved"));
            assertEquals(503, e.status());
            assertTrue(e.getMessage().contains("server said: body of 503"), e.getMessage());
            assertEquals(List.of("404 /status/404", "503 /status/503"), check.seen, "once per request, after the redirect");
            assertEquals(0, s.connectionsInUse(), "the rejected response was released");
        });
    }

    @Test
    void aRequestsSettingReplacesTheSessions() {
        Only5xx check = new Only5xx();
        served(SessionOptions.defaults().withRaiseForStatus(true), s -> {
            assertEquals(418, assertThrows(ClientResponseError.class, () -> s.get("/status/418")).status());
            try (ClientResponse r = s.get("/status/418", RequestOptions.defaults().withRaiseForStatus(false))) {
                assertEquals(418, r.status());
            }
            try (ClientResponse r = s.get("/status/404", RequestOptions.defaults().withRaiseForStatus(check))) {
                assertEquals(404, r.status());
            }
            assertThrows(ClientResponseError.class, () -> s.get("/status/500", RequestOptions.defaults().withRaiseForStatus(check)));
            assertEquals(List.of("404 /status/404", "500 /status/500"), check.seen);
        });
        served(SessionOptions.defaults(), s -> {
            try (ClientResponse r = s.get("/status/500")) {
                assertEquals(500, r.status(), "the default is False");
            }
            assertEquals(500, assertThrows(ClientResponseError.class,
                    () -> s.get("/status/500", RequestOptions.defaults().withRaiseForStatus(true))).status());
            assertEquals(0, s.connectionsInUse());
        });
    }

    @Test
    void anyExceptionOfTheCallableGoesThroughAsItIs() {
        IllegalStateException boom = new IllegalStateException("boom");
        served(SessionOptions.defaults().withRaiseForStatus(resp -> {
            throw boom;
        }), s -> {
            assertEquals(boom, assertThrows(IllegalStateException.class, () -> s.get("/status/200")));
            assertEquals(0, s.connectionsInUse());
        });
    }

    @Test
    void nullIsRefusedAtTheCall() {
        assertEquals("raiseForStatus", assertThrows(NullPointerException.class,
                () -> SessionOptions.defaults().withRaiseForStatus((RaiseForStatus) null)).getMessage());
        assertEquals("raiseForStatus", assertThrows(NullPointerException.class,
                () -> RequestOptions.defaults().withRaiseForStatus((RaiseForStatus) null)).getMessage());
    }
}
