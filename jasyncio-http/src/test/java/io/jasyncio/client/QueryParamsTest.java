package io.jasyncio.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jasyncio.http.MultiDict;
import io.jasyncio.web.Application;
import io.jasyncio.web.Response;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Repeated query parameters ({@code params} as pairs or a MultiDict), added after the URL's own
 * query as aiohttp 3.9+ does (yarl's {@code extend_query}), encoded as yarl encodes them.
 */
class QueryParamsTest {
    /** Names and values that every quoting rule of yarl's query-part quoter touches. */
    private static final List<String> CORPUS = List.of("plain", "a b", "a+b", "a&b=c;d", "100%", "x/y?z:@",
            "!$'()*,", "~-._", "#frag", "[]{}|^`\"<>\\", "é", "日本", "😀", "tab\there", "");

    private static Application echo() {
        Application app = new Application();
        app.router().addGet("/q", r -> {
            StringBuilder sb = new StringBuilder(r.queryString()).append('\n');
            for (Map.Entry<String, String> e : r.query()) {
                sb.append(e.getKey()).append('=').append(e.getValue()).append('\n');
            }
            return Response.ofText(sb.toString());
        });
        return app;
    }

    @Test
    void repeatedNamesGoOutInOrderAfterTheUrlsOwnQuery() {
        ServedApp.serve(echo(), port -> {
            try (ClientSession s = new ClientSession(SessionOptions.defaults().withBaseUrl("http://127.0.0.1:" + port))) {
                RequestOptions pairs = RequestOptions.defaults()
                        .withParams(List.of(Map.entry("a", "2"), Map.entry("b", "x y"), Map.entry("a", "3")));
                try (ClientResponse r = s.get("/q?a=1&c=%2B#top", pairs)) {
                    assertEquals("a=1&c=%2B&a=2&b=x+y&a=3\na=1\nc=+\na=2\nb=x y\na=3\n", r.text(),
                            "the URL's query kept byte for byte, the params after it");
                    assertEquals(URI.create("http://127.0.0.1:" + port + "/q?a=1&c=%2B&a=2&b=x+y&a=3"), r.url());
                    assertEquals("top", r.realUrl().getRawFragment(), "the fragment stays in real_url");
                }
                MultiDict<String> multi = new MultiDict<String>().add("k", "1").add("k", "2");
                try (ClientResponse r = s.get("/q?", RequestOptions.defaults().withParams(multi))) {
                    assertEquals("k=1&k=2\nk=1\nk=2\n", r.text(), "a MultiDict; an empty query gets no '&'");
                }
                try (ClientResponse r = s.get("/q?z=0&", RequestOptions.defaults().withParam("k", "1").withParam("k", "2"))) {
                    assertEquals("z=0&k=1&k=2\nz=0\nk=1\nk=2\n", r.text(), "withParam adds; a trailing '&' is not doubled");
                }
                Map<String, String> map = new LinkedHashMap<>();
                map.put("m", "1");
                map.put("n", "2");
                try (ClientResponse r = s.get("/q", RequestOptions.defaults().withParam("gone", "x").withParams(map))) {
                    assertEquals("m=1&n=2\nm=1\nn=2\n", r.text(), "withParams replaces what was set before");
                }
            }
        });
    }

    @Test
    void everyNameAndValueComesBackAsSent() {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (String v : CORPUS) {
            pairs.add(Map.entry(v.isEmpty() ? "empty" : v, v));
        }
        ServedApp.serve(echo(), port -> {
            try (ClientSession s = new ClientSession();
                    ClientResponse r = s.get("http://127.0.0.1:" + port + "/q", RequestOptions.defaults().withParams(pairs))) {
                String[] lines = r.text().split("\n", -1);
                for (int i = 0; i < pairs.size(); i++) {
                    assertEquals(pairs.get(i).getKey() + "=" + pairs.get(i).getValue(), lines[i + 1]);
                }
            }
        });
    }

    @Test
    void theEncodingIsYarls(@TempDir Path dir) throws Exception {
        PythonPeer.require("yarl", "python3-yarl");
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (String k : CORPUS) {
            for (String v : CORPUS) {
                pairs.add(Map.entry(k, v));
            }
        }
        Path in = Files.write(dir.resolve("pairs.json"), io.jasyncio.web.JsonCodec.jackson()
                .dumps(pairs.stream().map(e -> List.of(e.getKey(), e.getValue())).toList()));
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import json, sys, yarl\n"
                + "pairs = [tuple(p) for p in json.load(open(sys.argv[1], encoding='utf-8'))]\n"
                + "sys.stdout.write(yarl.URL('http://h/p').with_query(pairs).raw_query_string)\n", in.toString())
                .redirectErrorStream(true).start();
        String yarl = new String(p.getInputStream().readAllBytes(), UTF_8);
        assertEquals(true, p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), yarl);
        String ours = QueryParams.extend(URI.create("http://h/p"), pairs).getRawQuery();
        String[] expected = yarl.split("&", -1);
        String[] actual = ours.split("&", -1);
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], "pair " + pairs.get(i));
        }
    }

    @Test
    void badPairsFailAtTheCall() {
        assertEquals("params: a null value for a", assertThrows(NullPointerException.class,
                () -> RequestOptions.defaults().withParams(java.util.Arrays.asList(new java.util.AbstractMap.SimpleEntry<>("a", null))))
                .getMessage());
        assertEquals("params", assertThrows(NullPointerException.class,
                () -> RequestOptions.defaults().withParams((Map<String, String>) null)).getMessage());
        assertEquals("value", assertThrows(NullPointerException.class,
                () -> RequestOptions.defaults().withParam("a", null)).getMessage());
    }
}
