package io.jasyncio.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jasyncio.web.Application;
import io.jasyncio.web.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * aiohttp's {@code skip_auto_headers}: the session's and the request's sets together leave out
 * the generated Accept, Accept-Encoding, User-Agent, Host and body Content-Type; headers the
 * request sets itself still go.
 */
class SkipAutoHeadersTest {
    private static Application echo() {
        Application app = new Application();
        app.router().addRoute("*", "/h", r -> {
            List<String> lines = new ArrayList<>();
            for (Map.Entry<String, String> h : r.headers()) {
                lines.add(h.getKey().toLowerCase(java.util.Locale.ROOT) + ": " + h.getValue());
            }
            return Response.ofText(String.join("\n", lines));
        });
        return app;
    }

    private static String sent(ClientSession s, String url, RequestOptions opts) throws Exception {
        try (ClientResponse r = s.request("POST", url, opts)) {
            return r.text();
        }
    }

    @Test
    void theSessionsAndTheRequestsNamesAreLeftOut() {
        ServedApp.serve(echo(), port -> {
            String url = "http://127.0.0.1:" + port + "/h";
            RequestOptions text = RequestOptions.defaults().withText("x");
            try (ClientSession plain = new ClientSession()) {
                assertEquals("host: 127.0.0.1:" + port + "\naccept: */*\naccept-encoding: gzip, deflate\nuser-agent: jasyncio-http\n"
                        + "content-type: text/plain; charset=utf-8\ncontent-length: 1", sent(plain, url, text));
            }
            try (ClientSession s = new ClientSession(SessionOptions.defaults().withSkipAutoHeaders("user-agent", "ACCEPT-ENCODING"))) {
                assertEquals("host: 127.0.0.1:" + port + "\naccept: */*\ncontent-type: text/plain; charset=utf-8\ncontent-length: 1",
                        sent(s, url, text), "names are case-insensitive");
                assertEquals("host: 127.0.0.1:" + port + "\ncontent-length: 1",
                        sent(s, url, text.withSkipAutoHeaders("Accept", "Content-Type")), "the request's add to the session's");
                assertEquals("host: 127.0.0.1:" + port + "\naccept: */*\ncontent-type: text/plain; charset=utf-8\ncontent-length: 1"
                        + "\nuser-agent: mine", sent(s, url, text.withHeader("User-Agent", "mine")), "a header set by the request still goes");
            }
        });
    }

    @Test
    void badNamesFailAtTheCall() {
        assertThrows(IllegalArgumentException.class, () -> SessionOptions.defaults().withSkipAutoHeaders("Bad Name"));
        assertThrows(NullPointerException.class, () -> RequestOptions.defaults().withSkipAutoHeaders("A", null));
    }
}
