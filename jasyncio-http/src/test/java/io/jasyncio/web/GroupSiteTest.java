package io.jasyncio.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoopGroup;
import io.jasyncio.GroupServer;
import io.jasyncio.client.ClientResponse;
import io.jasyncio.client.ClientSession;
import io.jasyncio.client.SessionOptions;
import io.jasyncio.testfixtures.TestPki;
import io.jasyncio.tls.TlsContexts;
import io.jasyncio.tls.TlsOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The HTTP server on an {@link EventLoopGroup}: one application per loop (made by the factory on
 * that loop, hooks per loop), connections spread by one acceptor in turn or by SO_REUSEPORT,
 * plain and https, graceful close on every loop.
 */
class GroupSiteTest {
    private final AtomicInteger apps = new AtomicInteger();
    private final AtomicInteger startups = new AtomicInteger();
    private final AtomicInteger cleanups = new AtomicInteger();

    private static final AppKey<String> NAME = AppKey.of("name", String.class);

    /** An app that answers with its own name and how many requests it has served (no lock: one loop). */
    private AppRunner runner() {
        Application app = new Application();
        app.set(NAME, "app" + apps.getAndIncrement());
        int[] served = {0};
        app.router().addGet("/who", r -> Response.ofText(r.app().get(NAME) + " " + ++served[0]));
        app.onStartup(a -> startups.incrementAndGet());
        app.onCleanup(a -> cleanups.incrementAndGet());
        return new AppRunner(app);
    }

    private static List<String> get(String url, SessionOptions opts, int times) {
        return Asyncio.run(() -> {
            List<String> answers = new ArrayList<>();
            try (ClientSession s = new ClientSession(opts)) {
                for (int i = 0; i < times; i++) {
                    try (ClientResponse r = s.get(url)) {
                        answers.add(r.text());
                    }
                }
            }
            return answers;
        });
    }

    @Test
    void oneAcceptorSpreadsConnectionsOverTheLoopsEachWithItsOwnApplication() throws Exception {
        try (EventLoopGroup group = new EventLoopGroup(2)) {
            GroupSite site = GroupSite.start(group, this::runner, "127.0.0.1", 0, null, GroupServer.Balancing.ONE_ACCEPTOR);
            try {
                assertEquals(2, startups.get(), "the startup hooks ran once on each loop");
                assertEquals(GroupServer.Balancing.ONE_ACCEPTOR, site.balancing());
                assertEquals("http://127.0.0.1:" + site.port(), site.name());
                String url = "http://127.0.0.1:" + site.port() + "/who";
                List<String> fresh = get(url, SessionOptions.defaults().withForceClose(true), 4);
                // connection k is served by loop k mod 2: the two apps alternate, each counting its own
                assertEquals(fresh.get(0).split(" ")[0], fresh.get(2).split(" ")[0]);
                assertEquals(fresh.get(1).split(" ")[0], fresh.get(3).split(" ")[0]);
                assertNotEquals(fresh.get(0).split(" ")[0], fresh.get(1).split(" ")[0]);
                assertEquals(Set.of("app0", "app1"), Set.of(fresh.get(0).split(" ")[0], fresh.get(1).split(" ")[0]));
                assertEquals(List.of("1", "1", "2", "2"), fresh.stream().map(a -> a.split(" ")[1]).toList());
                List<String> kept = get(url, SessionOptions.defaults(), 3);
                String app = kept.get(0).split(" ")[0];
                assertEquals(List.of(app + " 3", app + " 4", app + " 5"), kept, "one kept-alive connection stays on one loop");
            } finally {
                site.close();
            }
            assertEquals(2, cleanups.get(), "the cleanup hooks ran once on each loop");
            assertEquals(List.of(0, 0), site.activeConnections());
            site.close(); // idempotent
            assertEquals(2, cleanups.get());
        }
    }

    @Test
    void httpsWithReusePortOnEveryLoop() throws Exception {
        TestPki certs = TestPki.get();
        try (EventLoopGroup group = new EventLoopGroup(2)) {
            TlsOptions ssl = TlsOptions.server(TlsContexts.create(null, certs.serverCert, certs.serverKey));
            try (GroupSite site = GroupSite.start(group, this::runner, "127.0.0.1", 0, ssl, GroupServer.Balancing.REUSE_PORT)) {
                assertEquals("https://127.0.0.1:" + site.port(), site.name());
                SessionOptions opts = SessionOptions.defaults().withSsl(TlsOptions.client(TlsContexts.trusting(certs.caCert)));
                List<String> answers = get("https://127.0.0.1:" + site.port() + "/who", opts, 3);
                assertEquals(3, answers.size());
                assertTrue(answers.get(2).matches("app[01] 3"), answers.toString());
            }
        }
    }

    @Test
    void aStartupHookFailingOnOneLoopFailsTheStartAndCleansUpTheOthers() throws Exception {
        try (EventLoopGroup group = new EventLoopGroup(2)) {
            AtomicInteger made = new AtomicInteger();
            var e = assertThrows(IllegalStateException.class, () -> GroupSite.start(group, () -> {
                AppRunner r = runner();
                if (made.getAndIncrement() == 1) {
                    r.app().onStartup(a -> {
                        throw new IllegalStateException("no database on this loop");
                    });
                }
                return r;
            }, "127.0.0.1", 0));
            assertEquals("no database on this loop", e.getMessage());
            assertEquals(1, cleanups.get(), "the loop whose startup succeeded was cleaned up");
            var noGroup = assertThrows(IllegalArgumentException.class, () -> GroupSite.start(null, this::runner, "127.0.0.1", 0));
            assertEquals("group is null", noGroup.getMessage());
            var nullRunner = assertThrows(IllegalArgumentException.class, () -> GroupSite.start(group, () -> null, "127.0.0.1", 0));
            assertEquals("runnerFactory returned null", nullRunner.getMessage());
        }
    }

    @Test
    void closeLetsALiveRequestOnAnotherLoopFinishThenRunsEveryCleanup() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CompletableFuture<Void> release = new CompletableFuture<>();
        try (EventLoopGroup group = new EventLoopGroup(2)) {
            GroupSite site = GroupSite.start(group, () -> {
                AppRunner r = runner();
                r.app().router().addGet("/slow", req -> {
                    entered.countDown();
                    Asyncio.wrapFuture(release).await();
                    return Response.ofText("done");
                });
                return r;
            }, "127.0.0.1", 0, null, GroupServer.Balancing.ONE_ACCEPTOR);
            String url = "http://127.0.0.1:" + site.port();
            // the first connection goes to loop 0, this one to loop 1
            assertEquals(1, get(url + "/who", SessionOptions.defaults(), 1).size());
            var answer = CompletableFuture.supplyAsync(
                    () -> get(url + "/slow", SessionOptions.defaults(), 1).get(0));
            assertTrue(entered.await(30, TimeUnit.SECONDS));
            var closing = CompletableFuture.runAsync(() -> {
                try {
                    site.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThrows(TimeoutException.class, () -> closing.get(200, TimeUnit.MILLISECONDS),
                    "close() waits for the live request");
            release.complete(null);
            assertEquals("done", answer.get(30, TimeUnit.SECONDS));
            closing.get(30, TimeUnit.SECONDS);
            assertEquals(2, cleanups.get());
            assertEquals(List.of(0, 0), site.activeConnections());
        }
    }
}
