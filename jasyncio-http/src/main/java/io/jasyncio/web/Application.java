package io.jasyncio.web;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A web application: routes, middlewares, life-cycle hooks and typed state, aiohttp's
 * {@code web.Application}. Serve it with {@link WebRunner#runApp} or {@link AppRunner}.
 *
 * <p>Loop-confined. Configure it before it starts; starting freezes the router (as aiohttp
 * freezes the app). Sub-applications ({@link #addSubapp}) get their own routes, middlewares and
 * state under a path prefix; the parent's middlewares run around theirs.
 */
public final class Application {
    /** aiohttp's default {@code client_max_size}: 1 MiB. */
    public static final long DEFAULT_CLIENT_MAX_SIZE = 1024 * 1024;

    private final Router router = new Router(this);
    private final List<Middleware> middlewares = new ArrayList<>();
    private final List<AppHook> onStartup = new ArrayList<>();
    private final List<AppHook> onShutdown = new ArrayList<>();
    private final List<AppHook> onCleanup = new ArrayList<>();
    private final List<CleanupContext> cleanupCtx = new ArrayList<>();
    private final List<AutoCloseable> entered = new ArrayList<>();
    private final List<Application> subapps = new ArrayList<>();
    private final Map<AppKey<?>, Object> state = new IdentityHashMap<>();
    private long clientMaxSize = DEFAULT_CLIENT_MAX_SIZE;
    private JsonCodec jsonCodec = JsonCodec.jackson();
    private String prefix = "";
    private boolean frozen;

    /** An empty application. */
    public Application() {}

    /** The router ({@code app.router}). */
    public Router router() {
        return router;
    }

    /** Appends a middleware; they run in the order added, the first outermost. */
    public Application addMiddleware(Middleware middleware) {
        checkOpen();
        if (middleware == null) {
            throw new IllegalArgumentException("middleware is null");
        }
        middlewares.add(middleware);
        return this;
    }

    /** Adds an {@code on_startup} hook (run by the runner's setup, in order). */
    public Application onStartup(AppHook hook) {
        onStartup.add(checkHook(hook));
        return this;
    }

    /** Adds an {@code on_shutdown} hook (run when the server stops accepting, before connections close). */
    public Application onShutdown(AppHook hook) {
        onShutdown.add(checkHook(hook));
        return this;
    }

    /** Adds an {@code on_cleanup} hook (run last, after every connection is gone). */
    public Application onCleanup(AppHook hook) {
        onCleanup.add(checkHook(hook));
        return this;
    }

    /**
     * Adds a {@link CleanupContext} ({@code app.cleanup_ctx.append(ctx)}): its startup part runs
     * at startup, before the {@code on_startup} hooks, and its cleanup part at cleanup, in reverse
     * order, before the {@code on_cleanup} hooks.
     */
    public Application addCleanupCtx(CleanupContext ctx) {
        checkOpen();
        if (ctx == null) {
            throw new IllegalArgumentException("cleanup context is null");
        }
        cleanupCtx.add(ctx);
        return this;
    }

    /** Stores state under a typed key ({@code app[key] = value}). */
    public <T> Application set(AppKey<T> key, T value) {
        if (key == null) {
            throw new IllegalArgumentException("key is null");
        }
        state.put(key, key.type().cast(value));
        return this;
    }

    /** The state under {@code key}, or null. */
    public <T> T get(AppKey<T> key) {
        return key.type().cast(state.get(key));
    }

    /**
     * Mounts {@code subapp} under {@code prefix} ({@code /admin}): its routes answer at
     * {@code prefix + route}, as {@code add_subapp}.
     */
    public Application addSubapp(String prefix, Application subapp) {
        if (subapp == null || subapp == this) {
            throw new IllegalArgumentException("subapp must be another application");
        }
        if (!subapp.prefix.isEmpty()) {
            throw new IllegalArgumentException("the sub-application is already mounted at " + subapp.prefix);
        }
        router.addSubapp(prefix, subapp);
        subapp.prefix = this.prefix + prefix;
        subapps.add(subapp);
        return this;
    }

    /** The largest body {@code Request.read()} accepts, in bytes. */
    public long clientMaxSize() {
        return clientMaxSize;
    }

    /** Sets {@code client_max_size}. */
    public Application setClientMaxSize(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("clientMaxSize must be positive: " + bytes);
        }
        clientMaxSize = bytes;
        return this;
    }

    /** The JSON codec of {@code Request.json} (Jackson 3 by default). */
    public JsonCodec jsonCodec() {
        return jsonCodec;
    }

    /** Replaces the JSON codec. */
    public Application setJsonCodec(JsonCodec codec) {
        if (codec == null) {
            throw new IllegalArgumentException("codec is null");
        }
        jsonCodec = codec;
        return this;
    }

    /** The mount prefix ("" for a root application). */
    String prefix() {
        return prefix;
    }

    void freeze() {
        frozen = true;
        router.freeze();
    }

    void startup() throws Exception {
        freeze();
        for (CleanupContext ctx : cleanupCtx) {
            AutoCloseable exit = ctx.enter(this);
            if (exit == null) {
                throw new IllegalStateException("a cleanup context returned no cleanup part (null): " + ctx);
            }
            entered.add(exit);
        }
        runHooks(onStartup);
        for (Application sub : subapps) {
            sub.startup();
        }
    }

    void shutdown() throws Exception {
        runHooks(onShutdown);
        for (Application sub : subapps) {
            sub.shutdown();
        }
    }

    void cleanup() throws Exception {
        closeEntered();
        runHooks(onCleanup);
        for (Application sub : subapps) {
            sub.cleanup();
        }
    }

    /** Every entered context's cleanup part, last first; all run even if some fail (aiohttp's {@code _on_cleanup}). */
    private void closeEntered() throws Exception {
        List<Exception> errors = new ArrayList<>();
        for (int i = entered.size() - 1; i >= 0; i--) {
            try {
                entered.get(i).close();
            } catch (Exception e) {
                errors.add(e);
            }
        }
        entered.clear();
        if (errors.size() == 1) {
            throw errors.getFirst();
        }
        if (!errors.isEmpty()) {
            throw new CleanupError("Multiple errors on cleanup stage", errors);
        }
    }

    private void runHooks(List<AppHook> hooks) throws Exception {
        for (AppHook hook : hooks) {
            hook.run(this);
        }
    }

    /** Routes the request and runs it through every application's middlewares, outermost first. */
    StreamResponse handle(Request request) throws Exception {
        MatchInfo match = router.resolve(request.method(), request.path(), List.of());
        request.setMatchInfo(match);
        Handler handler = match.handler;
        List<Application> apps = match.apps();
        for (int a = apps.size() - 1; a >= 0; a--) {
            List<Middleware> mws = apps.get(a).middlewares;
            for (int i = mws.size() - 1; i >= 0; i--) {
                Middleware mw = mws.get(i);
                Handler next = handler;
                handler = r -> mw.handle(r, next);
            }
        }
        return handler.handle(request);
    }

    private AppHook checkHook(AppHook hook) {
        checkOpen();
        if (hook == null) {
            throw new IllegalArgumentException("hook is null");
        }
        return hook;
    }

    private void checkOpen() {
        if (frozen) {
            throw new IllegalStateException("the application is frozen: it has started");
        }
    }

    @Override
    public String toString() {
        return "<Application" + (prefix.isEmpty() ? "" : " at " + prefix) + ">";
    }
}
