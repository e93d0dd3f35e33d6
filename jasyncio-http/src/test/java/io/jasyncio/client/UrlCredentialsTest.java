package io.jasyncio.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jasyncio.web.Application;
import io.jasyncio.web.Response;

import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * {@code http://user:pass@host/}: the credentials become Basic {@code Authorization} and leave the
 * URL (aiohttp's {@code strip_auth_from_url}); they win over the session's {@code auth}, and
 * combined with the request's own {@code Authorization} they are refused at the call, as aiohttp.
 */
class UrlCredentialsTest {
    private static Application echo(int[] served) {
        Application app = new Application();
        app.router().addGet("/x", r -> {
            served[0]++;
            return Response.ofText(r.rawPath() + " " + r.headers().get("Authorization"));
        });
        return app;
    }

    @Test
    void credentialsInTheUrlAreSentAsBasicAuthAndLeaveTheUrl() {
        int[] served = new int[1];
        ServedApp.serve(echo(served), port -> {
            String url = "http://us%20er:p%40ss@127.0.0.1:" + port + "/x?q=1";
            try (ClientSession s = new ClientSession(SessionOptions.defaults().withAuth(new BasicAuth("session", "pw")))) {
                try (ClientResponse r = s.get(url)) {
                    assertEquals("/x?q=1 " + new BasicAuth("us er", "p@ss").encode(), r.text(), "decoded, and over the session's auth");
                    assertEquals(URI.create("http://127.0.0.1:" + port + "/x?q=1"), r.url());
                    assertEquals(r.url(), r.requestInfo().url());
                }
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> s.get(url, RequestOptions.defaults().withBasicAuth(new BasicAuth("own", "pw"))));
                assertEquals("Cannot combine AUTHORIZATION header with AUTH argument or credentials encoded in URL", e.getMessage());
                assertEquals(1, served[0], "the refused request was not sent");
                try (ClientResponse r = s.get("http://nopass@127.0.0.1:" + port + "/x")) {
                    assertEquals("/x " + new BasicAuth("nopass", "").encode(), r.text(), "no password: an empty one");
                }
            }
        });
    }
}
