package io.jasyncio.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.tls.TlsOptions;
import io.jasyncio.web.JsonCodec;

import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Each {@code with...} method of {@link SessionOptions} changes its own component and nothing else, and leaves the original as it was. */
class SessionOptionsTest {
    private record Change(String component, UnaryOperator<SessionOptions> apply, Object expected) {
    }

    private static final ClientMiddleware MIDDLEWARE = (request, next) -> next.handle(request);
    private static final ClientTrace TRACE = new ClientTrace() {
    };
    private static final JsonCodec JSON = new JsonCodec() {
        @Override
        public byte[] dumps(Object value) {
            return JsonCodec.jackson().dumps(value);
        }

        @Override
        public <T> T loads(byte[] json, Class<T> type) {
            return JsonCodec.jackson().loads(json, type);
        }
    };
    private static final TlsOptions TLS = new TlsOptions(null, "example.org", true, 60, 30, List.of(), TlsOptions.ClientAuth.NONE, null);
    private static final BasicAuth AUTH = new BasicAuth("user", "pass");
    private static final ClientTimeout TIMEOUT = new ClientTimeout(5, 1, 2);

    private static List<Change> changes() {
        return List.of(
                new Change("headers", o -> o.withHeader("X-A", "1"), Map.of("X-A", "1")),
                new Change("baseUrl", o -> o.withBaseUrl("http://example.org/api/"), URI.create("http://example.org/api/")),
                new Change("timeout", o -> o.withTimeout(TIMEOUT), TIMEOUT),
                new Change("limit", o -> o.withLimit(7), 7),
                new Change("limitPerHost", o -> o.withLimitPerHost(3), 3),
                new Change("keepaliveTimeout", o -> o.withKeepaliveTimeout(2.5), 2.5),
                new Change("forceClose", o -> o.withForceClose(true), true),
                new Change("raiseForStatus", o -> o.withRaiseForStatus(true), RaiseForStatus.ON_ERROR),
                new Change("autoDecompress", o -> o.withAutoDecompress(false), false),
                new Change("maxRedirects", o -> o.withMaxRedirects(0), 0),
                new Change("json", o -> o.withJson(JSON), JSON),
                new Change("ssl", o -> o.withSsl(TLS), TLS),
                new Change("auth", o -> o.withAuth(AUTH), AUTH),
                new Change("proxy", o -> o.withProxy("proxy.local:3128"), URI.create("http://proxy.local:3128")),
                new Change("proxyAuth", o -> o.withProxyAuth(AUTH), AUTH),
                new Change("unixSocket", o -> o.withUnixSocket(Path.of("/tmp/s.sock")), Path.of("/tmp/s.sock")),
                new Change("middlewares", o -> o.withMiddlewares(MIDDLEWARE), List.of(MIDDLEWARE)),
                new Change("traces", o -> o.withTraces(TRACE), List.of(TRACE)));
    }

    private static Object component(SessionOptions o, String name) throws ReflectiveOperationException {
        return SessionOptions.class.getMethod(name).invoke(o);
    }

    @Test
    void everyWithMethodChangesOnlyItsComponentAndEveryComponentHasOne() throws Exception {
        SessionOptions base = SessionOptions.defaults();
        List<String> covered = new ArrayList<>();
        for (Change change : changes()) {
            SessionOptions changed = change.apply().apply(base);
            for (RecordComponent rc : SessionOptions.class.getRecordComponents()) {
                Object before = component(base, rc.getName());
                Object after = component(changed, rc.getName());
                if (rc.getName().equals(change.component())) {
                    assertEquals(change.expected(), after, change.component());
                    assertNotEquals(before, after, change.component() + " must differ from the default in this test");
                } else {
                    assertEquals(before, after, change.component() + " changed " + rc.getName());
                }
            }
            assertEquals(SessionOptions.defaults(), base, "the original is unchanged by " + change.component());
            covered.add(change.component());
        }
        List<String> all = new ArrayList<>();
        for (RecordComponent rc : SessionOptions.class.getRecordComponents()) {
            all.add(rc.getName());
        }
        assertEquals(Set.copyOf(all), Set.copyOf(covered), "a component without a with-method in this test");
    }

    @Test
    void changesCompose() {
        SessionOptions o = SessionOptions.defaults().withLimit(5).withHeader("A", "1").withHeader("B", "2").withHeader("A", "3");
        assertEquals(5, o.limit());
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("A", "3");
        expected.put("B", "2");
        assertEquals(expected, o.headers());
        assertSame(o.json(), o.withLimit(6).json());
    }

    @Test
    void theConstructorStillChecksEveryChangedCopy() {
        SessionOptions d = SessionOptions.defaults();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withLimit(-1)).getMessage().contains("limit"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withLimitPerHost(-1)).getMessage().contains("limitPerHost"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withKeepaliveTimeout(0)).getMessage().contains("keepaliveTimeout"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withMaxRedirects(-1)).getMessage().contains("maxRedirects"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withBaseUrl("/relative")).getMessage().contains("baseUrl"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withProxy("https://p:1")).getMessage().contains("proxy"));
        assertEquals("timeout", assertThrows(NullPointerException.class, () -> d.withTimeout(null)).getMessage());
        assertEquals("json", assertThrows(NullPointerException.class, () -> d.withJson(null)).getMessage());
        assertEquals("ssl", assertThrows(NullPointerException.class, () -> d.withSsl((TlsOptions) null)).getMessage());
        assertEquals("auth", assertThrows(NullPointerException.class, () -> d.withAuth(null)).getMessage());
        assertEquals("path", assertThrows(NullPointerException.class, () -> d.withUnixSocket(null)).getMessage());
        assertThrows(NullPointerException.class, () -> d.withMiddlewares(MIDDLEWARE, null));
    }
}
