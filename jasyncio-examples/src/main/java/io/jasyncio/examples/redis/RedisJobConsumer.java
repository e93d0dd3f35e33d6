package io.jasyncio.examples.redis;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A consumer process of the {@code redis-jobs} example: takes jobs from the Redis stream with
 * XREADGROUP, does them, records each result and only then acknowledges it (XACK), so a job taken
 * by a consumer that dies is still pending and another consumer can claim it (XAUTOCLAIM):
 * at-least-once delivery.
 *
 * <p>Usage: {@code RedisJobConsumer PORT NAME crash|work TOTAL}. {@code crash} takes three jobs,
 * says so, and hangs without acknowledging them (the parent kills it); {@code work} runs four
 * worker tasks, each with its own Jedis connection, until TOTAL results exist.
 */
public final class RedisJobConsumer {
    static final String STREAM = "jobs";
    static final String GROUP = "workers";
    static final String RESULTS = "results";
    /** A pending job idle this long belongs to a consumer presumed dead. */
    static final long CLAIM_AFTER_MS = 100;
    private static final int WORKERS = 4;

    private RedisJobConsumer() {}

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        String name = args[1];
        String mode = args[2];
        int total = Integer.parseInt(args[3]);
        Asyncio.run(() -> {
            if (mode.equals("crash")) {
                crash(port, name);
            } else {
                work(port, name, total);
            }
        });
    }

    private static void crash(int port, String name) {
        try (Jedis redis = new Jedis("127.0.0.1", port)) {
            var taken = redis.xreadGroup(GROUP, name, XReadGroupParams.xReadGroupParams().count(3),
                    Map.of(STREAM, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
            int n = taken == null ? 0 : taken.get(0).getValue().size();
            System.out.println(name + " holding " + n);
            System.out.flush();
            Asyncio.sleep(3600); // "dies" mid-job: the parent kills this process now
        }
    }

    private static void work(int port, String name, int total) {
        Set<StreamEntryID> recovered = new HashSet<>(); // loop-confined: no lock, one thread
        int[] fresh = {0};
        List<Task<Void>> workers = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            workers.add(Asyncio.createTask(() -> {
                try (Jedis redis = new Jedis("127.0.0.1", port)) {
                    while (redis.hlen(RESULTS) < total) {
                        var claimed = redis.xautoclaim(STREAM, GROUP, name, CLAIM_AFTER_MS, new StreamEntryID(),
                                XAutoClaimParams.xAutoClaimParams().count(10));
                        for (StreamEntry e : claimed.getValue()) {
                            recovered.add(e.getID());
                            finish(redis, e);
                        }
                        var taken = redis.xreadGroup(GROUP, name, XReadGroupParams.xReadGroupParams().count(2).block(50),
                                Map.of(STREAM, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
                        if (taken != null) {
                            for (StreamEntry e : taken.get(0).getValue()) {
                                fresh[0]++;
                                finish(redis, e);
                            }
                        }
                    }
                }
            }));
        }
        Asyncio.gather(workers).await();
        System.out.println(name + " took over " + recovered.size() + " jobs of a dead consumer (XAUTOCLAIM) and did "
                + fresh[0] + " new ones");
    }

    /** Does the job, records its result, then acknowledges it: never acknowledge undone work. */
    private static void finish(Jedis redis, StreamEntry job) {
        long n = Long.parseLong(job.getFields().get("n"));
        redis.hset(RESULTS, job.getFields().get("job"), Long.toString(n * n));
        redis.xack(STREAM, GROUP, job.getID());
    }
}
