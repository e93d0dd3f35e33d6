package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import redis.clients.jedis.Jedis;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * How a Redis client meets a loop (issue 15, docs/benchmarks.md "Redis clients"): CONC concurrent
 * workers each doing OPS {@code SET k v} round trips against a redis-server on 127.0.0.1.
 * <ul>
 *   <li>{@code jedis-tasks}: Jedis (blocking, java.net.Socket) inside jasyncio tasks on one loop,
 *       one connection per task: each call parks only its task;</li>
 *   <li>{@code jedis-threads}: the same on CONC platform threads (the plain-Java baseline);</li>
 *   <li>{@code lettuce-tasks}: Lettuce's async API on one shared connection (Netty inside), each
 *       {@code CompletionStage} awaited from a task through {@link Asyncio#wrapFuture}.</li>
 * </ul>
 * Prints ops/s and the process's CPU time per operation (client side; the server is another
 * process). Usage: {@code RedisClients PORT MODE CONC OPS}.
 */
public final class RedisClients {
    private RedisClients() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String mode = args[1];
        int conc = Integer.parseInt(args[2]);
        int ops = Integer.parseInt(args[3]);
        for (int round = 0; round < 2; round++) { // the first round warms the JIT up
            long cpu0 = cpuNanos();
            long t0 = System.nanoTime();
            switch (mode) {
                case "jedis-tasks" -> jedisTasks(port, conc, ops);
                case "jedis-threads" -> jedisThreads(port, conc, ops);
                case "lettuce-tasks" -> lettuceTasks(port, conc, ops);
                default -> throw new IllegalArgumentException("mode: jedis-tasks, jedis-threads or lettuce-tasks");
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            double cpuUs = (cpuNanos() - cpu0) / 1e3;
            long total = (long) conc * ops;
            if (round == 1) {
                System.out.printf("%s conc=%d ops/s=%.0f client_cpu_us/op=%.2f%n", mode, conc, total / secs, cpuUs / total);
            }
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void jedisTasks(int port, int conc, int ops) {
        Asyncio.run(() -> {
            List<Task<Void>> all = new ArrayList<>();
            for (int c = 0; c < conc; c++) {
                String key = "k" + c;
                all.add(Asyncio.createTask(() -> {
                    try (Jedis j = new Jedis("127.0.0.1", port)) {
                        for (int i = 0; i < ops; i++) {
                            j.set(key, "v");
                        }
                    }
                }));
            }
            for (Task<Void> t : all) {
                t.await();
            }
        });
    }

    private static void jedisThreads(int port, int conc, int ops) throws InterruptedException {
        List<Thread> all = new ArrayList<>();
        for (int c = 0; c < conc; c++) {
            String key = "k" + c;
            all.add(Thread.ofPlatform().start(() -> {
                try (Jedis j = new Jedis("127.0.0.1", port)) {
                    for (int i = 0; i < ops; i++) {
                        j.set(key, "v");
                    }
                }
            }));
        }
        for (Thread t : all) {
            t.join();
        }
    }

    private static void lettuceTasks(int port, int conc, int ops) {
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
        try (StatefulRedisConnection<String, String> conn = client.connect()) {
            RedisAsyncCommands<String, String> cmd = conn.async();
            Asyncio.run(() -> {
                List<Task<Void>> all = new ArrayList<>();
                for (int c = 0; c < conc; c++) {
                    String key = "k" + c;
                    all.add(Asyncio.createTask(() -> {
                        for (int i = 0; i < ops; i++) {
                            // RedisFuture is both a CompletionStage and a j.u.c.Future: pick the stage.
                            Asyncio.wrapFuture((CompletionStage<String>) cmd.set(key, "v")).await();
                        }
                    }));
                }
                for (Task<Void> t : all) {
                    t.await();
                }
            });
        } finally {
            client.shutdown();
        }
    }
}
