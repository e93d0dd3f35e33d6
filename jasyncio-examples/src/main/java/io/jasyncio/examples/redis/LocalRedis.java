package io.jasyncio.examples.redis;

import io.jasyncio.Asyncio;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A throwaway redis-server on 127.0.0.1 for the example: a free port, no persistence, stopped by
 * {@link #close()}. Loop-confined (its methods suspend while the server starts).
 */
final class LocalRedis implements AutoCloseable {
    /** Where Debian's redis-server package puts the server. */
    static final Path SERVER = Path.of(System.getProperty("jasyncio.redisServer", "/usr/bin/redis-server"));

    private final Process process;
    private final int port;

    private LocalRedis(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Whether a redis-server binary is installed. */
    static boolean installed() {
        return Files.isExecutable(SERVER);
    }

    /** Starts a server and suspends until it answers PING (at most 10 s). */
    static LocalRedis start() throws IOException {
        int port = Asyncio.toThread(() -> {
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return probe.getLocalPort();
            }
        });
        List<String> command = List.of(SERVER.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning");
        // Process start blocks (fork/exec): off the loop thread, as DESIGN §7 hazard 4 says.
        Process p = Asyncio.toThread(() -> new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start());
        LocalRedis redis = new LocalRedis(p, port);
        try {
            Asyncio.timeout(10, () -> {
                while (true) {
                    try (Jedis j = redis.connect()) {
                        if ("PONG".equals(j.ping())) {
                            return;
                        }
                    } catch (RuntimeException notYet) {
                        if (!p.isAlive()) {
                            throw new IOException("redis-server exited with code " + p.exitValue());
                        }
                    }
                    Asyncio.sleep(0.02);
                }
            });
        } catch (Throwable e) { // the timeout's TimeoutError, or the IOException thrown through it
            redis.close();
            throw e;
        }
        return redis;
    }

    int port() {
        return port;
    }

    /** A new connection. Jedis talks over java.net.Socket: in a task, each call parks the task. */
    Jedis connect() {
        return new Jedis("127.0.0.1", port);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            Asyncio.toThread(process::waitFor);
        } catch (IllegalStateException noLoop) {
            process.destroyForcibly();
        }
    }
}
