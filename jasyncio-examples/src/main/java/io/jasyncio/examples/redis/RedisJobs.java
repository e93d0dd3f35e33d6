package io.jasyncio.examples.redis;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.examples.Example;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A job queue over Redis Streams, past one process: two producer tasks queue ten jobs; a first
 * consumer process takes three and is killed (SIGKILL) before acknowledging them; a second
 * consumer process claims them (XAUTOCLAIM) and does the rest; nothing is lost. Jedis, a blocking
 * client over {@code java.net.Socket}, runs as it is inside tasks: each call parks only its task.
 * Starts its own redis-server on 127.0.0.1 and stops it.
 */
public final class RedisJobs implements Example {
    static final int JOBS = 10;
    private static final double CHILD_TIMEOUT = 60;

    @Override
    public String name() {
        return "redis-jobs";
    }

    @Override
    public String description() {
        return "a job queue on Redis Streams: producers, a consumer killed mid-job, its jobs claimed by another";
    }

    @Override
    public void run(PrintStream out) throws Exception {
        if (!LocalRedis.installed()) {
            out.println("redis-jobs needs redis-server (" + LocalRedis.SERVER + "): apt-get install redis-server");
            return;
        }
        Asyncio.run(() -> {
            try (LocalRedis redis = LocalRedis.start()) {
                try (Jedis admin = redis.connect()) {
                    admin.xgroupCreate(RedisJobConsumer.STREAM, RedisJobConsumer.GROUP, new StreamEntryID(), true);
                }
                produce(redis);
                out.println("2 producers queued " + JOBS + " jobs on stream '" + RedisJobConsumer.STREAM + "'");

                Process doomed = startConsumer(redis, "consumer-1", "crash");
                try (BufferedReader lines = reader(doomed)) {
                    String holding = Asyncio.timeout(CHILD_TIMEOUT, () -> Asyncio.toThread(lines::readLine));
                    out.println(holding + " jobs, then is killed before acknowledging them");
                } finally {
                    doomed.destroyForcibly(); // SIGKILL: no cleanup, no XACK
                    Asyncio.toThread(doomed::waitFor);
                }

                Process worker = startConsumer(redis, "consumer-2", "work");
                try (BufferedReader lines = reader(worker)) {
                    out.println(Asyncio.timeout(CHILD_TIMEOUT, () -> Asyncio.toThread(lines::readLine)));
                    out.println("consumer-2 exited with code " + Asyncio.toThread(worker::waitFor));
                } finally {
                    worker.destroyForcibly();
                }
                out.println(check(redis));
            }
        });
    }

    /** Two producer tasks, five jobs each, each with its own connection. */
    private static void produce(LocalRedis redis) {
        List<Task<Void>> producers = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            int first = p * (JOBS / 2);
            producers.add(Asyncio.createTask(() -> {
                try (Jedis j = redis.connect()) {
                    for (int i = first; i < first + JOBS / 2; i++) {
                        j.xadd(RedisJobConsumer.STREAM, XAddParams.xAddParams(),
                                Map.of("job", "job-" + i, "n", Integer.toString(i)));
                    }
                }
            }));
        }
        for (Task<Void> t : producers) {
            t.await();
        }
    }

    private static String check(LocalRedis redis) {
        try (Jedis j = redis.connect()) {
            Map<String, String> results = j.hgetAll(RedisJobConsumer.RESULTS);
            int correct = 0;
            for (int i = 0; i < JOBS; i++) {
                if (Long.toString((long) i * i).equals(results.get("job-" + i))) {
                    correct++;
                }
            }
            long pending = j.xpending(RedisJobConsumer.STREAM, RedisJobConsumer.GROUP).getTotal();
            return correct + " of " + JOBS + " results present and correct; " + pending + " jobs pending";
        }
    }

    /** The consumer in a JVM of its own (the same java, classpath and flags as this one). */
    private static Process startConsumer(LocalRedis redis, String name, String mode) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = List.of(java, "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), RedisJobConsumer.class.getName(),
                Integer.toString(redis.port()), name, mode, Integer.toString(JOBS));
        return Asyncio.toThread(() -> new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    private static BufferedReader reader(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }
}
