package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.ServerOptions;
import io.jasyncio.transports.Transport;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Several loops in one JVM: round-robin submission, shutdown guarantees, one server per loop. */
class EventLoopGroupTest {
    private static final long WAIT_S = 30;

    @Test
    void submitRunsOnEachLoopInTurnAndReturnsTheResult() throws Exception {
        try (EventLoopGroup group = new EventLoopGroup(3)) {
            List<CompletableFuture<EventLoop>> ran = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                ran.add(group.submit(() -> {
                    Asyncio.sleep(0);
                    return Asyncio.getRunningLoop();
                }));
            }
            for (int i = 0; i < 6; i++) {
                assertSame(group.loops().get(i % 3), ran.get(i).get(WAIT_S, TimeUnit.SECONDS));
            }
            assertEquals(42, group.submit(group.loops().get(1), () -> 42).get(WAIT_S, TimeUnit.SECONDS));
        }
    }

    @Test
    void closeCancelsPendingTasksAndLetsTheirCleanupAwait() throws Exception {
        List<String> steps = new CopyOnWriteArrayList<>();
        EventLoopGroup group = new EventLoopGroup(2);
        List<CompletableFuture<Void>> started = new ArrayList<>();
        List<CompletableFuture<Object>> forever = new ArrayList<>();
        for (EventLoop loop : group.loops()) {
            CompletableFuture<Void> s = new CompletableFuture<>();
            started.add(s);
            forever.add(group.submit(loop, () -> {
                try {
                    s.complete(null);
                    return Asyncio.getRunningLoop().createFuture().await();
                } finally {
                    Asyncio.sleep(0.001); // cleanup that awaits still runs
                    steps.add("cleaned up");
                }
            }));
        }
        for (CompletableFuture<Void> s : started) {
            s.get(WAIT_S, TimeUnit.SECONDS);
        }
        group.close();
        assertEquals(List.of("cleaned up", "cleaned up"), steps);
        for (CompletableFuture<Object> f : forever) {
            assertTrue(f.isCancelled());
            assertThrows(CancellationException.class, f::join);
        }
        for (EventLoop loop : group.loops()) {
            assertTrue(loop.isClosed());
        }
        assertTrue(group.isClosed());
        group.close(); // idempotent
        var e = assertThrows(IllegalStateException.class, () -> group.submit(() -> 1));
        assertEquals("the EventLoopGroup is closed", e.getMessage());
    }

    @Test
    void aServerOnEveryLoopSharesOnePortAndEachLoopServesItsOwnConnections() throws Exception {
        Map<EventLoop, AtomicInteger> servedBy = new ConcurrentHashMap<>();
        try (EventLoopGroup group = new EventLoopGroup(2)) {
            GroupServer server = group.startServer((reader, writer) -> {
                servedBy.computeIfAbsent(Asyncio.getRunningLoop(), l -> new AtomicInteger()).incrementAndGet();
                byte[] line = reader.readline();
                writer.write(line);
                writer.drain();
                writer.close();
            }, "127.0.0.1", 0);
            assertEquals(2, server.size());
            assertTrue(server.port() > 0);
            // Linux spreads connections over the listeners by a hash of their addresses: with 64
            // connections, the chance that one loop gets none is 2^-63.
            for (int i = 0; i < 64; i++) {
                try (Socket s = new Socket("127.0.0.1", server.port())) {
                    s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_S));
                    OutputStream out = s.getOutputStream();
                    out.write(("hello " + i + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    InputStream in = s.getInputStream();
                    assertEquals("hello " + i + "\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            server.closeAndWait();
            assertEquals(Set.copyOf(group.loops()), servedBy.keySet());
            assertEquals(64, servedBy.values().stream().mapToInt(AtomicInteger::get).sum());
            assertEquals(List.of(0, 0), server.activeConnections());
        }
    }

    @Test
    void aProtocolServerOnEveryLoop() throws Exception {
        try (EventLoopGroup group = new EventLoopGroup(2)) {
            GroupServer server = group.createServer(() -> new Protocol() {
                private Transport transport;

                @Override
                public void connectionMade(Transport t) {
                    transport = t;
                }

                @Override
                public void dataReceived(ByteBuffer data) {
                    byte[] copy = new byte[data.remaining()];
                    data.get(copy);
                    transport.write(copy);
                    transport.close();
                }
            }, ServerOptions.of("127.0.0.1", 0));
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_S));
                s.getOutputStream().write("ping".getBytes(StandardCharsets.UTF_8));
                assertEquals("ping", new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            server.close();
        }
    }

    @Test
    void loopLocalGivesEachLoopItsOwnValue() throws Exception {
        AtomicInteger made = new AtomicInteger();
        LoopLocal<List<String>> cache = new LoopLocal<>(loop -> {
            made.incrementAndGet();
            return new ArrayList<>();
        });
        try (EventLoopGroup group = new EventLoopGroup(2)) {
            List<Object> values = new ArrayList<>();
            for (EventLoop loop : group.loops()) {
                for (int i = 0; i < 3; i++) {
                    values.add(group.submit(loop, () -> {
                        cache.get().add("x");
                        return cache.get();
                    }).get(WAIT_S, TimeUnit.SECONDS));
                }
            }
            assertSame(values.get(0), values.get(2));
            assertSame(values.get(3), values.get(5));
            assertNotSame(values.get(0), values.get(3));
            assertEquals(2, made.get());
            assertEquals(List.of("x", "x", "x"), values.get(0));
        }
        assertThrows(IllegalStateException.class, cache::get); // no running loop here
    }

    @Test
    void badUseIsRefusedAtTheCall() throws Exception {
        var size = assertThrows(IllegalArgumentException.class, () -> new EventLoopGroup(0));
        assertEquals("size must be > 0, got 0", size.getMessage());
        try (EventLoopGroup group = new EventLoopGroup(1); EventLoop other = EventLoop.newEventLoop()) {
            assertThrows(IllegalArgumentException.class, () -> group.submit(other, () -> 1));
            assertThrows(NullPointerException.class, () -> group.submit((Coroutine<Object>) null));
            assertThrows(NullPointerException.class, () -> group.startServer(null, "127.0.0.1", 0));
            CompletableFuture<Throwable> fromInside = group.submit(() -> {
                try {
                    group.close();
                    return null;
                } catch (IllegalStateException e) {
                    return e;
                }
            });
            assertEquals("EventLoopGroup.close() cannot be called from one of its loops",
                    fromInside.get(WAIT_S, TimeUnit.SECONDS).getMessage());
        }
    }

    @Test
    void inDebugModeAFutureLockOrQueueOfOneLoopRefusesToBeUsedFromAnother() throws Exception {
        try (EventLoopGroup group = new EventLoopGroup(2)) {
            EventLoop a = group.loops().get(0);
            EventLoop b = group.loops().get(1);
            for (EventLoop l : group.loops()) {
                group.submit(l, () -> {
                    Asyncio.getRunningLoop().setDebug(true);
                    return null;
                }).get(WAIT_S, TimeUnit.SECONDS);
            }
            io.jasyncio.locks.Lock lock = new io.jasyncio.locks.Lock();
            io.jasyncio.queues.Queue<String> queue = new io.jasyncio.queues.Queue<>();
            Future<?>[] onA = new Future<?>[1];
            group.submit(a, () -> {
                lock.acquire(); // uncontended: in debug mode this first use binds the lock to a
                onA[0] = Asyncio.getRunningLoop().createFuture();
                Asyncio.createTask(() -> queue.get()); // binds the queue to loop a
                Asyncio.sleep(0);
                return null;
            }).get(WAIT_S, TimeUnit.SECONDS);
            CompletableFuture<List<String>> fromB = group.submit(b, () -> {
                List<String> errors = new ArrayList<>();
                try {
                    lock.acquire();
                } catch (IllegalStateException e) {
                    errors.add(e.getMessage());
                }
                try {
                    queue.get();
                } catch (IllegalStateException e) {
                    errors.add(e.getMessage());
                }
                try {
                    onA[0].await();
                } catch (IllegalStateException e) {
                    errors.add(e.getMessage().replaceAll("Task-\\d+", "Task-N").replaceAll("<Future.*>", "F"));
                }
                return errors;
            });
            List<String> errors = fromB.get(WAIT_S, TimeUnit.SECONDS);
            assertEquals(3, errors.size(), errors.toString());
            assertTrue(errors.get(0).endsWith("is bound to a different event loop"), errors.get(0));
            assertTrue(errors.get(1).endsWith("is bound to a different event loop"), errors.get(1));
            assertTrue(errors.get(2).contains("attached to a different loop"), errors.get(2));
        }
    }

    @Test
    void runForeverEndsWhenAnotherThreadClosesTheGroupAndRefusesToBlockALoop() throws Exception {
        EventLoopGroup group = new EventLoopGroup(2);
        var onLoop = assertThrows(ExecutionException.class, () -> group.submit(() -> {
            group.runForever();
            return null;
        }).get(WAIT_S, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, onLoop.getCause());
        assertTrue(onLoop.getCause().getMessage().contains("thread outside the group"), onLoop.getCause().getMessage());
        CompletableFuture<Void> handling = new CompletableFuture<>();
        Thread waiter = Thread.ofPlatform().start(() -> group.runForever(() -> handling.complete(null)));
        handling.get(WAIT_S, TimeUnit.SECONDS);
        assertTrue(waiter.isAlive(), "runForever waits while the group is open");
        group.close();
        waiter.join(TimeUnit.SECONDS.toMillis(WAIT_S));
        assertFalse(waiter.isAlive(), "runForever returned once close() had closed every loop");
        assertTrue(group.isClosed());
        group.runForever(); // a closed group: returns at once
    }
}
