package io.jasyncio.web;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maps method and path to a handler: aiohttp's {@code UrlDispatcher} ({@code app.router}).
 * Routes are tried in the order they were added; a path that matches with the wrong method
 * answers 405 with {@code Allow}, no match answers 404 (both as exceptions, so middlewares see
 * them). {@link #addGet} also answers HEAD, as aiohttp's {@code allow_head=True}.
 *
 * <p>Loop-confined; routes are added before the application starts (the router is frozen then).
 */
public final class Router {
    private final Application app;
    private final List<Resource> resources = new ArrayList<>();
    /**
     * Plain paths the linear scan would reach with no earlier resource matching them, built on the
     * first resolve after the last change: for such a path a hash lookup gives the scan's answer.
     */
    private Map<String, Resource> exact;
    /** The chain of a root router's matches: one immutable list shared by all of them. */
    private List<Application> rootChain;
    private final Map<String, Resource> named = new HashMap<>();
    private boolean frozen;

    Router(Application app) {
        this.app = app;
    }

    /** Adds GET (and HEAD) on {@code path}. */
    public Router addGet(String path, Handler handler) {
        return addGet(path, handler, null);
    }

    /** Adds GET (and HEAD) on {@code path}, named for {@link #urlFor}. */
    public Router addGet(String path, Handler handler, String name) {
        Resource r = route("GET", path, handler, name);
        r.methods.putIfAbsent("HEAD", handler);
        return this;
    }

    /** Adds POST on {@code path}. */
    public Router addPost(String path, Handler handler) {
        return addRoute("POST", path, handler, null);
    }

    /** Adds PUT on {@code path}. */
    public Router addPut(String path, Handler handler) {
        return addRoute("PUT", path, handler, null);
    }

    /** Adds PATCH on {@code path}. */
    public Router addPatch(String path, Handler handler) {
        return addRoute("PATCH", path, handler, null);
    }

    /** Adds DELETE on {@code path}. */
    public Router addDelete(String path, Handler handler) {
        return addRoute("DELETE", path, handler, null);
    }

    /** Adds HEAD on {@code path}. */
    public Router addHead(String path, Handler handler) {
        return addRoute("HEAD", path, handler, null);
    }

    /** Adds OPTIONS on {@code path}. */
    public Router addOptions(String path, Handler handler) {
        return addRoute("OPTIONS", path, handler, null);
    }

    /** Adds {@code method} ("*" for any) on {@code path}. */
    public Router addRoute(String method, String path, Handler handler) {
        return addRoute(method, path, handler, null);
    }

    /**
     * Adds {@code method} ("*" for any) on {@code path} ({@code /users/{id}}, {@code /f/{name:\\d+}}),
     * named (or null) for {@link #urlFor}.
     *
     * @throws IllegalArgumentException on a bad method, path, duplicate name or method on the path
     * @throws IllegalStateException once the application runs
     */
    public Router addRoute(String method, String path, Handler handler, String name) {
        route(method, path, handler, name);
        return this;
    }

    private Resource route(String method, String path, Handler handler, String name) {
        checkOpen();
        if (method == null || (!method.equals("*") && !method.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+"))) {
            throw new IllegalArgumentException("method must be a token or \"*\": " + method);
        }
        if (handler == null) {
            throw new IllegalArgumentException("handler is null");
        }
        PathPattern pattern = new PathPattern(path);
        Resource r = null;
        if (name == null && !resources.isEmpty()) {
            Resource last = resources.getLast();
            if (last.kind == Resource.Kind.PATH && last.pattern.path().equals(path)) {
                r = last; // aiohttp reuses the last resource for the same path
            }
        }
        if (r == null) {
            r = new Resource(Resource.Kind.PATH, name, pattern, null, null);
            register(r);
        }
        if (r.methods.containsKey(method)) {
            throw new IllegalArgumentException("method " + method + " is already registered for " + path);
        }
        r.methods.put(method, handler);
        return r;
    }

    /**
     * Serves the files under {@code directory} at {@code prefix/...} (GET and HEAD), as
     * {@code add_static}: no path outside the directory is ever served (".." and its encoded
     * forms, symlinks leading out unless {@code followSymlinks}: CVE-2024-23334).
     */
    public Router addStatic(String prefix, Path directory, String name, boolean followSymlinks) {
        checkOpen();
        if (prefix == null || !prefix.startsWith("/")) {
            throw new IllegalArgumentException("a static prefix must start with '/': " + prefix);
        }
        String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        StaticFiles files = new StaticFiles(directory, followSymlinks);
        Resource r = new Resource(Resource.Kind.STATIC, name, null, p, null);
        r.methods.put("GET", files::handle);
        r.methods.put("HEAD", files::handle);
        register(r);
        return this;
    }

    /** {@link #addStatic(String, Path, String, boolean)} unnamed, not following symlinks. */
    public Router addStatic(String prefix, Path directory) {
        return addStatic(prefix, directory, null, false);
    }

    void addSubapp(String prefix, Application subapp) {
        checkOpen();
        if (prefix == null || !prefix.startsWith("/") || prefix.endsWith("/")) {
            throw new IllegalArgumentException("a sub-application prefix must start and not end with '/': " + prefix);
        }
        Resource r = new Resource(Resource.Kind.SUBAPP, null, null, prefix, subapp);
        register(r);
    }

    private void register(Resource r) {
        if (r.name != null) {
            if (named.containsKey(r.name)) {
                throw new IllegalArgumentException("duplicate route name " + r.name);
            }
            named.put(r.name, r);
        }
        resources.add(r);
        exact = null;
    }

    /**
     * The exact-path shortcut. aiohttp's {@code UrlDispatcher} (3.8) tries resources in the order
     * added and the first that matches wins, so {@code /users/{id}} added before {@code /users/me}
     * takes {@code /users/me}. A plain path is put here only if no resource added before it
     * matches that very path (a parameter, a static prefix or a sub-application prefix could): then
     * the scan would reach it first and the lookup is provably the same answer. Only its first
     * resource goes in; when it lacks the method, resolve falls back to the scan (405, or a later
     * resource).
     */
    private Map<String, Resource> exact() {
        Map<String, Resource> m = exact;
        if (m == null) {
            m = new HashMap<>();
            for (int i = 0; i < resources.size(); i++) {
                Resource r = resources.get(i);
                if (r.kind != Resource.Kind.PATH || !r.pattern.isPlain() || m.containsKey(r.pattern.path())) {
                    continue;
                }
                String path = r.pattern.path();
                boolean shadowed = false;
                for (int j = 0; j < i && !shadowed; j++) {
                    shadowed = resources.get(j).match(path) != null;
                }
                if (!shadowed) {
                    m.put(path, r);
                }
            }
            exact = m;
        }
        return m;
    }

    /**
     * The path of the route named {@code name} with its parameters filled in (percent-encoded),
     * as {@code router[name].url_for(**params)}; for a static route, the {@code filename} parameter.
     *
     * @throws IllegalArgumentException on an unknown name or a missing parameter
     */
    public String urlFor(String name, Map<String, String> params) {
        Resource r = named.get(name);
        if (r == null) {
            throw new IllegalArgumentException("no route named " + name);
        }
        String path = switch (r.kind) {
            case PATH -> r.pattern.format(params);
            case STATIC -> {
                String f = params.get("filename");
                if (f == null) {
                    throw new IllegalArgumentException("url_for " + name + ": missing parameter filename");
                }
                StringBuilder sb = new StringBuilder(r.prefix);
                for (String seg : f.split("/", -1)) {
                    sb.append('/').append(UrlCodec.encodeSegment(seg));
                }
                yield sb.toString();
            }
            case SUBAPP -> r.prefix;
        };
        return app.prefix() + path;
    }

    /** {@link #urlFor(String, Map)} for a route without parameters. */
    public String urlFor(String name) {
        return urlFor(name, Map.of());
    }

    void freeze() {
        frozen = true;
        for (Resource r : resources) {
            if (r.kind == Resource.Kind.SUBAPP) {
                r.subapp.freeze();
            }
        }
    }

    private void checkOpen() {
        if (frozen) {
            throw new IllegalStateException("the router is frozen: add routes before the application starts");
        }
    }

    /**
     * Routing: the handler (one that throws 404/405 when nothing fits) and the parameters.
     * {@code outer} is the chain of the applications this router's is mounted in (empty for the
     * root's): the match's chain is that and this router's application, made only for a
     * sub-application (the root's is one list for every request).
     */
    MatchInfo resolve(String method, String path, List<Application> outer) {
        Resource hit = exact().get(path);
        if (hit != null) {
            Handler h = hit.handler(method);
            if (h != null) {
                return new MatchInfo(Map.of(), hit.name, chain(outer), h);
            }
        }
        Set<String> allowed = null; // made only when a path matches without the method: 405
        for (int i = 0, n = resources.size(); i < n; i++) {
            Resource r = resources.get(i);
            Map<String, String> params = r.match(path);
            if (params == null) {
                continue;
            }
            if (r.kind == Resource.Kind.SUBAPP) {
                String rest = path.substring(r.prefix.length());
                MatchInfo inner = r.subapp.router().resolve(method, rest.isEmpty() ? "/" : rest, chain(outer));
                if (!(inner.handler instanceof NoRoute nr) || nr.status == 405) {
                    return inner;
                }
                continue;
            }
            Handler h = r.handler(method);
            if (h != null) {
                return new MatchInfo(params, r.name, chain(outer), h);
            }
            if (allowed == null) {
                allowed = new TreeSet<>();
            }
            allowed.addAll(r.methods.keySet());
        }
        return new MatchInfo(Map.of(), null, chain(outer),
                allowed == null || allowed.isEmpty() ? new NoRoute(404, method, Set.of()) : new NoRoute(405, method, allowed));
    }

    /** {@code outer} and this router's application, immutable; a root router's is made once. */
    private List<Application> chain(List<Application> outer) {
        if (!outer.isEmpty()) {
            Application[] chain = outer.toArray(new Application[outer.size() + 1]);
            chain[outer.size()] = app;
            return List.of(chain);
        }
        List<Application> root = rootChain;
        if (root == null) {
            rootChain = root = List.of(app);
        }
        return root;
    }

    /** The handler when nothing matched: raises 404, or 405 with the allowed methods. */
    record NoRoute(int status, String method, Set<String> allowed) implements Handler {
        @Override
        public StreamResponse handle(Request request) {
            if (status == 405) {
                throw new HTTPMethodNotAllowed(method, allowed);
            }
            throw new HTTPNotFound();
        }
    }
}
