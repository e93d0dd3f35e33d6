package io.jasyncio.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.locks.Semaphore;
import io.jasyncio.web.AppRunner;
import io.jasyncio.web.Application;
import io.jasyncio.web.Response;
import io.jasyncio.web.StreamResponse;
import io.jasyncio.web.TcpSite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * 10,000 requests against our own server, a seeded random third of them cancelled at a random
 * point (while waiting for the pool, connecting, sending a streamed body, waiting for the head or
 * in the middle of a streamed body): afterwards the pool has nothing in use, the idle connections
 * are within the limit, and once the session and server are closed no file descriptor and no task
 * is left beyond what was there before. Cancellation points are counted in loop iterations, not
 * wall-clock time, so the run is the same whatever the machine's speed.
 */
class CancellationLeakTest {
    private static final int REQUESTS = 10_000;
    private static final int CONCURRENCY = 40;
    private static final int LIMIT = 16;

    private static long openFds() throws IOException {
        return fds().size();
    }

    /** What each open descriptor is (a socket, a pipe, a file), to name a leak. */
    private static List<String> fds() throws IOException {
        List<String> out = new ArrayList<>();
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            for (Path p : s.toList()) {
                try {
                    out.add(p.getFileName() + "->" + Files.readSymbolicLink(p));
                } catch (IOException gone) {
                    // closed while listed (the listing's own descriptor)
                }
            }
        }
        return out;
    }

    private static Application app() {
        byte[] big = new byte[200_000];
        Application app = new Application();
        app.router().addGet("/small", r -> Response.ofText("ok"));
        app.router().addGet("/big", r -> Response.ofBytes(big));
        app.router().addGet("/lines", r -> {
            StreamResponse resp = new StreamResponse();
            resp.enableChunkedEncoding();
            resp.prepare(r);
            for (int i = 0; i < 20; i++) {
                resp.write(("line " + i + "\n").getBytes(UTF_8));
                Asyncio.sleep(0);
            }
            resp.writeEof();
            return resp;
        });
        app.router().addPost("/echo", r -> Response.ofBytes(r.read()));
        return app;
    }

    /** One request of a random kind; returns the bytes of body it read. */
    private static long oneRequest(ClientSession s, String base, int kind) throws IOException {
        switch (kind) {
            case 0 -> {
                try (ClientResponse r = s.get(base + "/small")) {
                    return r.read().length;
                }
            }
            case 1 -> {
                try (ClientResponse r = s.get(base + "/big")) {
                    long n = 0;
                    for (byte[] chunk : r.content().iterChunked(16 * 1024)) {
                        n += chunk.length;
                    }
                    return n;
                }
            }
            case 2 -> {
                try (ClientResponse r = s.get(base + "/big")) {
                    return r.content().read(1000).length; // closed mid-body: the connection is dropped
                }
            }
            case 3 -> {
                try (ClientResponse r = s.get(base + "/lines")) {
                    long n = 0;
                    for (byte[] line : r.content()) {
                        n += line.length;
                    }
                    return n;
                }
            }
            default -> {
                List<byte[]> chunks = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    chunks.add(new byte[4096]);
                }
                try (ClientResponse r = s.post(base + "/echo", RequestOptions.defaults().withData(Payload.ofChunks(chunks)))) {
                    return r.read().length;
                }
            }
        }
    }

    /** One request through a server and session of their own, both closed again. */
    private static void warmUp() throws Exception {
        AppRunner runner = new AppRunner(app());
        runner.setup();
        TcpSite site = new TcpSite(runner, "127.0.0.1", 0);
        site.start();
        try (ClientSession s = new ClientSession()) {
            for (int kind = 0; kind < 5; kind++) {
                oneRequest(s, "http://127.0.0.1:" + site.port(), kind);
            }
        } finally {
            runner.cleanup();
        }
        Asyncio.sleep(0.05);
    }

    @Test
    void tenThousandRequestsWithRandomCancellationsLeakNothing() {
        Asyncio.run(() -> {
            warmUp(); // the JVM opens some descriptors once, lazily (/dev/urandom for SecureRandom...)
            List<String> before = fds();
            long fdsBefore = before.size();
            int tasksBefore = Asyncio.allTasks().size();
            Random random = new Random(20261202L);
            int[] done = {0};
            int[] cancelled = {0};
            AppRunner runner = new AppRunner(app());
            runner.setup();
            TcpSite site = new TcpSite(runner, "127.0.0.1", 0);
            site.start();
            String base = "http://127.0.0.1:" + site.port();
            try (ClientSession s = new ClientSession(SessionOptions.defaults().withLimit(LIMIT))) {
                Asyncio.timeout(300, () -> {
                    Semaphore slots = new Semaphore(CONCURRENCY);
                    List<Task<Long>> all = new ArrayList<>(REQUESTS);
                    for (int n = 0; n < REQUESTS; n++) {
                        slots.acquire();
                        int kind = random.nextInt(5);
                        Task<Long> t = Asyncio.createTask(() -> oneRequest(s, base, kind));
                        // a callback, not a finally: a task cancelled before its first step never runs its body
                        t.addDoneCallback(f -> slots.release());
                        all.add(t);
                        if (random.nextInt(3) == 0) {
                            int steps = random.nextInt(40); // cancel after 0..39 loop iterations
                            Asyncio.createTask(() -> {
                                for (int i = 0; i < steps; i++) {
                                    Asyncio.sleep(0);
                                }
                                t.cancel();
                            });
                        }
                    }
                    Asyncio.wait(all);
                    for (Task<Long> t : all) {
                        if (t.cancelled()) {
                            cancelled[0]++;
                        } else {
                            assertTrue(t.result() >= 0);
                            done[0]++;
                        }
                    }
                });
                assertEquals(REQUESTS, done[0] + cancelled[0]);
                assertTrue(cancelled[0] > REQUESTS / 10, "cancelled " + cancelled[0]);
                assertTrue(done[0] > REQUESTS / 2, "completed " + done[0]);
                assertEquals(0, s.connectionsInUse(), "connections left in use after every request ended");
                assertTrue(s.idleConnections() <= LIMIT, "idle " + s.idleConnections());
                assertTrue(s.connectionsOpened() < REQUESTS, "keep-alive reuse happened: opened " + s.connectionsOpened());
            } finally {
                runner.cleanup();
            }
            // Closing is asynchronous (the transports close on a later iteration): give it a bounded while.
            double until = Asyncio.getRunningLoop().time() + 10;
            while ((openFds() > fdsBefore || Asyncio.allTasks().size() > tasksBefore)
                    && Asyncio.getRunningLoop().time() < until) {
                Asyncio.sleep(0.01);
            }
            List<String> after = fds();
            after.removeAll(before);
            assertTrue(openFds() <= fdsBefore, "open fds " + openFds() + " > " + fdsBefore + " before; new: " + after);
            assertEquals(tasksBefore, Asyncio.allTasks().size(), "tasks left: " + Asyncio.allTasks());
        });
    }
}
