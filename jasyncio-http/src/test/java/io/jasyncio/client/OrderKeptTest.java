package io.jasyncio.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.web.Application;
import io.jasyncio.web.Response;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Query parameters, headers and link parameters go out (and come back) in the order given, as
 * aiohttp's. Regression: the option records copied their maps with {@code Map.copyOf}, whose order
 * changes with each JVM start, so twenty parameters came out shuffled.
 */
class OrderKeptTest {
    private static final int N = 20;

    private static Application echo() {
        Application app = new Application();
        app.router().addGet("/", r -> {
            List<String> names = new ArrayList<>();
            for (Map.Entry<String, String> h : r.headers()) {
                if (h.getKey().startsWith("X-")) {
                    names.add(h.getKey());
                }
            }
            return Response.ofText(r.rawPath() + " " + String.join(",", names));
        });
        return app;
    }

    @Test
    void paramsAndHeadersKeepTheirOrder() {
        StringBuilder query = new StringBuilder();
        List<String> sessionNames = new ArrayList<>();
        List<String> requestNames = new ArrayList<>();
        Map<String, String> sessionHeaders = new LinkedHashMap<>();
        RequestOptions opts = RequestOptions.defaults();
        for (int i = 0; i < N; i++) {
            opts = opts.withParam("p" + i, Integer.toString(i)).withHeader("X-R" + i, "v");
            query.append(i == 0 ? "?" : "&").append("p").append(i).append('=').append(i);
            sessionHeaders.put("X-S" + i, "v");
            sessionNames.add("X-S" + i);
            requestNames.add("X-R" + i);
        }
        List<String> expectedNames = new ArrayList<>(sessionNames);
        expectedNames.addAll(requestNames);
        RequestOptions request = opts;
        SessionOptions withHeaders = SessionOptions.defaults();
        for (Map.Entry<String, String> h : sessionHeaders.entrySet()) {
            withHeaders = withHeaders.withHeader(h.getKey(), h.getValue());
        }
        SessionOptions session = withHeaders;
        ServedApp.serve(echo(), port -> {
            try (ClientSession s = new ClientSession(session);
                    ClientResponse r = s.get("http://127.0.0.1:" + port + "/", request)) {
                assertEquals("/" + query + " " + String.join(",", expectedNames), r.text());
            }
        });
    }

    @Test
    void linkParamsKeepTheirOrder() {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < N; i++) {
            params.put("k" + i, "v" + i);
        }
        assertEquals(new ArrayList<>(params.keySet()),
                new ArrayList<>(new Link(java.net.URI.create("http://h/"), params).params().keySet()));
    }
}
