package io.jasyncio.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jasyncio.Asyncio;
import io.jasyncio.testutils.TestClient;
import io.jasyncio.testutils.TestServer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** aiohttp's cleanup_ctx: order against the hooks, partial startup, every cleanup part run, CleanupError. */
class CleanupContextTest {
    private static final AppKey<String> RESOURCE = AppKey.of("resource", String.class);

    private static CleanupContext ctx(List<String> log, String name) {
        return app -> {
            Asyncio.sleep(0); // both parts may suspend
            log.add("enter " + name);
            return () -> {
                Asyncio.sleep(0);
                log.add("exit " + name);
            };
        };
    }

    @Test
    void contextsEnterBeforeStartupHooksAndExitInReverseBeforeCleanupHooks() {
        List<String> log = new ArrayList<>();
        Application app = new Application();
        app.onStartup(a -> log.add("on_startup"));
        app.onCleanup(a -> log.add("on_cleanup"));
        app.addCleanupCtx(ctx(log, "a"));
        app.addCleanupCtx(a -> {
            a.set(RESOURCE, "pool");
            log.add("enter b");
            return () -> log.add("exit b");
        });
        app.router().addGet("/", r -> Response.ofText(r.app().get(RESOURCE)));
        Asyncio.run(() -> {
            try (TestClient client = TestClient.start(app)) {
                assertEquals("pool", client.get("/").text());
                assertEquals(List.of("enter a", "enter b", "on_startup"), log);
            }
        });
        assertEquals(List.of("enter a", "enter b", "on_startup", "exit b", "exit a", "on_cleanup"), log);
        assertThrows(IllegalStateException.class, () -> app.addCleanupCtx(ctx(log, "late")));
    }

    @Test
    void aFailedEnterLeavesLaterContextsOutAndEarlierOnesAreClosed() {
        List<String> log = new ArrayList<>();
        IOException boom = new IOException("database down");
        Application app = new Application();
        app.addCleanupCtx(ctx(log, "a"));
        app.addCleanupCtx(a -> {
            throw boom;
        });
        app.addCleanupCtx(ctx(log, "c"));
        app.onStartup(a -> log.add("on_startup"));
        Asyncio.run(() -> {
            IOException e = assertThrows(IOException.class, () -> new TestServer(app).startServer());
            assertSame(boom, e);
        });
        assertEquals(List.of("enter a", "exit a"), log);
    }

    @Test
    void everyCleanupPartRunsAndTwoFailuresAreACleanupError() {
        List<String> log = new ArrayList<>();
        IllegalStateException first = new IllegalStateException("first");
        IOException second = new IOException("second");
        Application app = new Application();
        app.addCleanupCtx(ctx(log, "a"));
        app.addCleanupCtx(a -> () -> {
            log.add("exit b fails");
            throw second;
        });
        app.addCleanupCtx(a -> () -> {
            log.add("exit c fails");
            throw first;
        });
        app.onCleanup(a -> log.add("on_cleanup"));
        Asyncio.run(() -> {
            AppRunner runner = new AppRunner(app);
            runner.setup();
            CleanupError e = assertThrows(CleanupError.class, runner::cleanup);
            assertEquals("Multiple errors on cleanup stage", e.getMessage());
            assertEquals(List.of(first, second), e.errors());
            assertEquals(2, e.getSuppressed().length);
        });
        // aiohttp stops at the failing cleanup stage: the on_cleanup hooks after it do not run
        assertEquals(List.of("enter a", "exit c fails", "exit b fails", "exit a"), log);
    }

    @Test
    void oneFailureIsThrownAsItIsAndMisuseFailsAtTheCall() {
        IOException only = new IOException("only");
        Application app = new Application();
        app.addCleanupCtx(a -> () -> {
            throw only;
        });
        Asyncio.run(() -> {
            AppRunner runner = new AppRunner(app);
            runner.setup();
            assertSame(only, assertThrows(IOException.class, runner::cleanup));
        });
        assertThrows(IllegalArgumentException.class, () -> new Application().addCleanupCtx(null));
        Application nullExit = new Application();
        nullExit.addCleanupCtx(a -> null);
        Asyncio.run(() -> {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> new AppRunner(nullExit).setup());
            assertEquals(true, e.getMessage().contains("no cleanup part"), e.getMessage());
        });
    }
}
