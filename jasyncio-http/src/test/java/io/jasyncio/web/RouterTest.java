package io.jasyncio.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Routing without sockets: the first resource added that matches wins, as aiohttp 3.8's
 * {@code UrlDispatcher.resolve} (checked with CPython's aiohttp: {@code /users/{id}} added before
 * {@code /users/me} takes {@code GET /users/me} with {@code id=me}), also where the exact-path
 * hash lookup is used; and the regex-free segment matcher agrees with the regex.
 */
class RouterTest {
    private static final Handler A = r -> Response.ofText("a");
    private static final Handler B = r -> Response.ofText("b");

    private static MatchInfo resolve(Application app, String method, String path) {
        return app.router().resolve(method, path, List.of());
    }

    @Test
    void anEarlierDynamicRouteWinsOverALaterPlainOne() {
        Application app = new Application();
        app.router().addGet("/users/{id}", A).addGet("/users/me", B);
        MatchInfo m = resolve(app, "GET", "/users/me");
        assertSame(A, m.handler);
        assertEquals(Map.of("id", "me"), m.params());
    }

    @Test
    void anEarlierDynamicRouteWithoutTheMethodLetsTheLaterPlainOneAnswer() {
        Application app = new Application();
        app.router().addPost("/p/{x}", A).addGet("/p/a", B);
        assertSame(B, resolve(app, "GET", "/p/a").handler);
        MatchInfo post = resolve(app, "POST", "/p/a");
        assertSame(A, post.handler);
        assertEquals("a", post.get("x"));
    }

    @Test
    void aPlainRouteBeforeADynamicOneWins() {
        Application app = new Application();
        app.router().addGet("/users/me", B, "me").addGet("/users/{id}", A);
        MatchInfo m = resolve(app, "GET", "/users/me");
        assertSame(B, m.handler);
        assertEquals("me", m.routeName());
        assertEquals(Map.of(), m.params());
        assertSame(A, resolve(app, "GET", "/users/7").handler);
    }

    @Test
    void anEarlierStaticOrSubappPrefixShadowsAPlainPath() {
        Application app = new Application();
        Application sub = new Application();
        sub.router().addGet("/x", A);
        app.addSubapp("/sub", sub);
        app.router().addStatic("/files", Path.of("."));
        app.router().addGet("/sub/x", B).addGet("/files/y", B).addGet("/other", B);
        assertSame(A, resolve(app, "GET", "/sub/x").handler);
        assertEquals(2, resolve(app, "GET", "/sub/x").apps().size());
        assertEquals("y", resolve(app, "GET", "/files/y").get("filename"));
        assertSame(B, resolve(app, "GET", "/other").handler);
    }

    @Test
    void aMatchCarriesTheChainOfApplicationsItWentThroughRootFirst() {
        Application root = new Application();
        Application mid = new Application();
        Application leaf = new Application();
        leaf.router().addGet("/z", A);
        mid.router().addGet("/{p}", B);
        mid.addSubapp("/leaf", leaf);
        root.addSubapp("/mid", mid);
        root.router().addGet("/{x}/y", A);
        assertEquals(List.of(root, mid, leaf), resolve(root, "GET", "/mid/leaf/z").apps());
        assertEquals(List.of(root, mid), resolve(root, "GET", "/mid/q").apps());
        MatchInfo top = resolve(root, "GET", "/a/y");
        assertEquals(List.of(root), top.apps());
        assertSame(top.apps(), resolve(root, "GET", "/b/y").apps(), "the root's chain is one list");
        assertEquals(List.of(root), resolve(root, "GET", "/nowhere").apps(), "404: the root's chain");
        assertEquals(List.of(root, mid, leaf), resolve(root, "POST", "/mid/leaf/z").apps(), "405: where it matched");
    }

    @Test
    void theSamePlainPathTwiceTriesBothInOrder() {
        Application app = new Application();
        app.router().addGet("/x", A, "first").addRoute("POST", "/x", B, "second");
        assertSame(A, resolve(app, "GET", "/x").handler);
        assertSame(B, resolve(app, "POST", "/x").handler);
        Router.NoRoute none = (Router.NoRoute) resolve(app, "PUT", "/x").handler;
        assertEquals(405, none.status());
        assertEquals(Set.of("GET", "HEAD", "POST"), none.allowed());
    }

    @Test
    void aRouteAddedAfterAResolveIsSeen() {
        Application app = new Application();
        app.router().addGet("/a", A);
        assertEquals(404, ((Router.NoRoute) resolve(app, "GET", "/b").handler).status());
        app.router().addGet("/{any}", A).addGet("/b", B);
        assertSame(A, resolve(app, "GET", "/b").handler);
    }

    @Test
    void segmentParameters() {
        PathPattern p = new PathPattern("/users/{id}/posts/{post}");
        assertEquals(Map.of("id", "7", "post", "x.y"), p.match("/users/7/posts/x.y"));
        assertNull(p.match("/users//posts/1"));
        assertNull(p.match("/users/7/posts/"));
        assertNull(p.match("/users/7/posts/1/"));
        assertNull(p.match("/users/{7}/posts/1"));
        assertNull(p.match("/users/7"));
        assertEquals(Map.of("name", "a.b"), new PathPattern("/f/{name}.json").match("/f/a.b.json"));
    }

    /** The segment matcher against the regex the route stands for, on random paths over a small alphabet. */
    @Test
    void segmentMatcherAgreesWithTheRegex() {
        String[] routes = {"/u/{id}", "/u/{id}/", "/{a}/{b}", "/u/{id}/x/{y}", "/{a}", "/a/{b}/c", "/f/{n}.txt", "/{a}-{b}"};
        char[] alphabet = {'/', 'u', 'x', 'a', 'c', '{', '}', '.', '-', '1'};
        Random random = new Random(11);
        for (String route : routes) {
            PathPattern p = new PathPattern(route);
            Pattern regex = Pattern.compile(route.replaceAll("\\{[a-z]+\\}", "([^{}/]+)").replace(".", "\\."));
            List<String> names = new ArrayList<>();
            Matcher n = Pattern.compile("\\{([a-z]+)\\}").matcher(route);
            while (n.find()) {
                names.add(n.group(1));
            }
            for (int i = 0; i < 20_000; i++) {
                String path = randomPath(random, alphabet, route);
                Matcher m = regex.matcher(path);
                Map<String, String> expected = null;
                if (m.matches()) {
                    expected = new LinkedHashMap<>();
                    for (int g = 0; g < names.size(); g++) {
                        expected.put(names.get(g), m.group(g + 1));
                    }
                }
                assertEquals(expected, p.match(path), route + " on " + path);
            }
        }
    }

    /** Half the time a mutation of the route's own shape, so that matches are common. */
    private static String randomPath(Random random, char[] alphabet, String route) {
        StringBuilder sb = new StringBuilder("/");
        if (random.nextBoolean()) {
            String shape = route.replaceAll("\\{[a-z]+\\}", "#").substring(1);
            for (char c : shape.toCharArray()) {
                if (c == '#') {
                    int len = random.nextInt(3);
                    for (int k = 0; k < len; k++) {
                        sb.append(alphabet[random.nextInt(alphabet.length)]);
                    }
                } else {
                    sb.append(c);
                }
            }
            return sb.toString();
        }
        int len = random.nextInt(8);
        for (int k = 0; k < len; k++) {
            sb.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return sb.toString();
    }
}
