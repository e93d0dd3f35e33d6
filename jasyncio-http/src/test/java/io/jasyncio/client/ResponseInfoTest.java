package io.jasyncio.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.http.MultiDict;
import io.jasyncio.web.Application;
import io.jasyncio.web.Response;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ClientResponse's request_info, real_url, links and get_encoding(), as aiohttp's
 * tests/test_client_response.py pins them, against our server on 127.0.0.1.
 */
class ResponseInfoTest {
    /** Answers with the Link / Content-Type headers named by the query (repeated ?link= for several headers). */
    private static Application app() {
        Application app = new Application();
        app.router().addGet("/page", r -> {
            Response resp = Response.ofBytes("héllo".getBytes(StandardCharsets.ISO_8859_1));
            for (String link : r.query().getAll("link")) {
                resp.headers().add("Link", link);
            }
            String ct = r.query().get("ct");
            if (ct != null) {
                resp.headers().set("Content-Type", ct);
            }
            return resp;
        });
        return app;
    }

    private static MultiDict<Link> links(ClientSession s, String base, String... values) throws Exception {
        StringBuilder query = new StringBuilder();
        for (String v : values) { // by hand: a repeated query name (RequestOptions' params are a map)
            query.append(query.isEmpty() ? "?" : "&").append("link=").append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8));
        }
        try (ClientResponse r = s.get(base + "/page" + query)) {
            return r.links();
        }
    }

    @Test
    void linksAreKeyedByRelResolvedAndUnquotedAsAiohttpDoes() {
        ServedApp.serve(app(), port -> {
            String base = "http://127.0.0.1:" + port;
            try (ClientSession s = new ClientSession()) {
                MultiDict<Link> comma = links(s, base, "<http://example.com/page/1.html>; rel=next, <http://example.com/>; rel=home");
                assertEquals(2, comma.size());
                assertEquals(URI.create("http://example.com/page/1.html"), comma.get("next").url());
                assertEquals(Map.of("rel", "next"), comma.get("next").params());
                assertEquals(URI.create("http://example.com/"), comma.get("home").url());

                MultiDict<Link> headers = links(s, base, "<http://example.com/page/1.html>; rel=next", "<http://example.com/>; rel=home");
                List<String> keys = new java.util.ArrayList<>();
                headers.forEach(e -> keys.add(e.getKey()));
                assertEquals(List.of("next", "home"), keys);

                MultiDict<Link> noRel = links(s, base, "<http://example.com/>");
                assertEquals(URI.create("http://example.com/"), noRel.get("http://example.com/").url());
                assertNull(noRel.get("http://example.com/").rel());

                MultiDict<Link> quoted = links(s, base, "<http://example.com/>; rel=\"home-page\"; title='Home, sweet'");
                assertEquals("home-page", quoted.get("home-page").rel());
                assertEquals("Home, sweet", quoted.get("home-page").params().get("title"));

                MultiDict<Link> relative = links(s, base, "</relative/path>; rel=rel");
                assertEquals(URI.create(base + "/relative/path"), relative.get("rel").url());

                MultiDict<Link> twoNext = links(s, base, "</a>; rel=next, </b>; rel=next");
                assertEquals(2, twoNext.getAll("next").size());

                assertTrue(links(s, base).isEmpty());
                assertTrue(links(s, base, "not a link; rel=x").isEmpty()); // skipped, as aiohttp's regex does
            }
        });
    }

    @Test
    void getEncodingIsTheDeclaredCharsetElseUtf8() {
        ServedApp.serve(app(), port -> {
            String base = "http://127.0.0.1:" + port + "/page";
            try (ClientSession s = new ClientSession()) {
                try (ClientResponse r = s.get(base, RequestOptions.defaults().withParam("ct", "Text/Plain; charset=ISO-8859-1"))) {
                    assertEquals(StandardCharsets.ISO_8859_1, r.getEncoding());
                    assertEquals("héllo", r.text());
                    assertEquals("text/plain", r.contentType(), "content_type: lower case, no parameters");
                    assertEquals("ISO-8859-1", r.charset());
                    assertEquals(5, r.contentLength());
                    assertEquals("h\ufffdllo", r.text(StandardCharsets.UTF_8), "text(encoding=) overrides the header");
                }
                try (ClientResponse r = s.get(base, RequestOptions.defaults().withParam("ct", "text/plain; charset=\"latin1\""))) {
                    assertEquals(StandardCharsets.ISO_8859_1, r.getEncoding());
                }
                try (ClientResponse r = s.get(base, RequestOptions.defaults().withParam("ct", "text/plain; charset=no-such-charset"))) {
                    assertEquals(StandardCharsets.UTF_8, r.getEncoding());
                }
                try (ClientResponse r = s.get(base, RequestOptions.defaults().withParam("ct", "application/json"))) {
                    assertEquals(StandardCharsets.UTF_8, r.getEncoding());
                    assertEquals(null, r.charset());
                }
            }
        });
    }

    @Test
    void requestInfoHoldsWhatWasSentAndRealUrlKeepsTheFragment() {
        ServedApp.serve(app(), port -> {
            String base = "http://127.0.0.1:" + port;
            try (ClientSession s = new ClientSession(SessionOptions.defaults().withHeader("X-Session", "1"));
                    ClientResponse r = s.get(base + "/page?q=1#section", RequestOptions.defaults().withHeader("X-Req", "2"))) {
                assertEquals(URI.create(base + "/page?q=1"), r.url());
                assertEquals(URI.create(base + "/page?q=1#section"), r.realUrl());
                RequestInfo info = r.requestInfo();
                assertEquals("GET", info.method());
                assertEquals(r.url(), info.url());
                assertEquals(r.realUrl(), info.realUrl());
                assertEquals("127.0.0.1:" + port, info.headers().get("Host"));
                assertEquals("1", info.headers().get("X-Session"));
                assertEquals("2", info.headers().get("X-Req"));
            }
        });
    }
}
