package io.jasyncio.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jasyncio.Asyncio;
import io.jasyncio.testutils.TestServer;
import io.jasyncio.web.Response;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * aiohttp's {@code trust_env=True}: proxies from {@code http_proxy}/{@code https_proxy} (urllib's
 * rules), {@code no_proxy}, and {@code .netrc} credentials for proxies and servers. The session
 * reads a given environment map here; the process's own is {@code System.getenv()}.
 */
class TrustEnvTest {
    private static Map<String, String> env(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        m.putIfAbsent("NETRC", "/nonexistent/.netrc");
        return m;
    }

    @Test
    void proxyVariablesFollowUrllib() {
        TrustEnv e = TrustEnv.load(env("http_proxy", "http://lower:1", "HTTP_PROXY", "http://upper:2",
                "HTTPS_PROXY", "upper-only:3", "no_proxy", " .Internal.example , exact.host ,"));
        assertEquals(URI.create("http://lower:1"), e.proxyFor(URI.create("http://a.org/")).proxy(), "lower case wins");
        assertEquals(URI.create("http://upper-only:3"), e.proxyFor(URI.create("https://a.org/")).proxy(), "no scheme: http://");
        assertNull(e.proxyFor(URI.create("http://x.internal.EXAMPLE/")), "a domain in no_proxy, case-insensitive, leading dot ignored");
        assertNull(e.proxyFor(URI.create("http://internal.example/")));
        assertNull(e.proxyFor(URI.create("http://exact.host/")));
        assertEquals(URI.create("http://lower:1"), e.proxyFor(URI.create("http://notinternal.example/")).proxy(), "not a suffix match");

        assertNull(TrustEnv.load(env("HTTP_PROXY", "http://p:1", "REQUEST_METHOD", "GET")).proxyFor(URI.create("http://a/")),
                "HTTP_PROXY is ignored in a CGI environment (httpoxy)");
        assertNull(TrustEnv.load(env("http_proxy", "http://p:1", "NO_PROXY", "*")).proxyFor(URI.create("http://a/")));
        assertNull(TrustEnv.load(env("https_proxy", "https://p:1")).proxyFor(URI.create("https://a/")),
                "an https:// proxy is not supported: ignored, as aiohttp");
        TrustEnv.ProxyInfo withCreds = TrustEnv.load(env("http_proxy", "http://us%20er:p%40ss@p:1")).proxyFor(URI.create("http://a/"));
        assertEquals(URI.create("http://p:1"), withCreds.proxy(), "credentials are taken out of the proxy URL");
        assertEquals(new BasicAuth("us er", "p@ss"), withCreds.auth());
    }

    @Test
    void netrcAsPythonReadsIt(@TempDir Path dir) throws Exception {
        Path netrc = Files.writeString(dir.resolve("netrc"), """
                # a comment line
                machine api.example login alice password "s3 cr\\"et"
                macdef init
                cd /pub
                get file

                machine proxy.example
                    login bob
                    password pw  # trailing comment
                machine account.only account acct password x
                default login anon password guest
                """);
        TrustEnv e = TrustEnv.load(env("NETRC", netrc.toString(), "http_proxy", "http://proxy.example:3128"));
        assertEquals(new BasicAuth("alice", "s3 cr\"et"), e.authFor("api.example"));
        assertEquals(new BasicAuth("acct", "x"), e.authFor("account.only"), "no login: the account, as aiohttp");
        assertEquals(new BasicAuth("anon", "guest"), e.authFor("other.example"), "the default entry");
        assertEquals(new BasicAuth("bob", "pw"), e.proxyFor(URI.create("http://a/")).auth(), "proxy credentials from netrc");
        assertThrows(IllegalArgumentException.class, () -> Netrc.parse("machine h login"));
        assertThrows(IllegalArgumentException.class, () -> Netrc.parse("nonsense"));
        Path broken = Files.writeString(dir.resolve("broken"), "machine");
        assertNull(TrustEnv.load(env("NETRC", broken.toString())).authFor("h"), "a netrc that does not parse is ignored (a warning)");
    }

    @Test
    void aSessionWithTrustEnvSendsThroughTheEnvironmentsProxyAndNetrcCredentials(@TempDir Path dir) throws Exception {
        Asyncio.run(() -> {
            // the "proxy" answers itself: what matters is the request line and the credentials it got
            try (TestServer proxy = TestServer.raw(r -> Response.ofText("proxy " + r.rawPath() + " "
                    + r.headers().get("Proxy-Authorization") + " " + r.headers().get("Authorization")));
                    TestServer direct = TestServer.raw(r -> Response.ofText("direct " + r.headers().get("Authorization")))) {
                proxy.startServer();
                direct.startServer();
                Path netrc = Files.writeString(dir.resolve("netrc"), "machine 127.0.0.1 login me password secret\n");
                Map<String, String> vars = env("http_proxy", "http://pu:pp@127.0.0.1:" + proxy.port(), "no_proxy", "127.0.0.1",
                        "NETRC", netrc.toString());
                try (ClientSession s = new ClientSession(SessionOptions.defaults().withTrustEnv(true), CookieJar.create(), vars)) {
                    try (ClientResponse r = s.get("http://far.invalid/x?y=1")) {
                        assertEquals("proxy http://far.invalid/x?y=1 " + new BasicAuth("pu", "pp").encode() + " null", r.text(),
                                "absolute form to the proxy, its credentials from the URL; no netrc entry for far.invalid");
                    }
                    try (ClientResponse r = s.get("http://127.0.0.1:" + direct.port() + "/")) {
                        assertEquals("direct " + new BasicAuth("me", "secret").encode(), r.text(), "no_proxy, and netrc for the server");
                    }
                    try (ClientResponse r = s.get("http://127.0.0.1:" + direct.port() + "/",
                            RequestOptions.defaults().withBasicAuth(new BasicAuth("own", "pw")))) {
                        assertEquals("direct " + new BasicAuth("own", "pw").encode(), r.text(), "the request's own credentials win");
                    }
                }
                try (ClientSession s = new ClientSession(SessionOptions.defaults(), CookieJar.create(), vars);
                        ClientResponse r = s.get("http://127.0.0.1:" + direct.port() + "/")) {
                    assertEquals("direct null", r.text(), "without trustEnv the environment is not read");
                }
            }
        });
    }
}
