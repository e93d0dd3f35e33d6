package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An example served with {@code --serve PORT} by the tour in a child JVM, with the test's own
 * {@code java} and task scheduler, read line by line while it runs: the test waits for lines
 * (never sleeps), sends it SIGTERM and collects its exit code, each step bounded in time.
 * Closing kills it.
 */
final class ServedExample implements AutoCloseable {
    private static final long STEP_SECONDS = 60;
    private static final String EOF = "\u0000eof";

    private final Process process;
    private final int port;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private ServedExample(Process process, int port) {
        this.process = process;
        this.port = port;
        Thread.ofPlatform().daemon().name("served-example-output").start(() -> {
            try (BufferedReader r = process.inputReader(StandardCharsets.UTF_8)) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException gone) {
                // the child ended
            }
            lines.add(EOF);
        });
    }

    /** Starts {@code Tour --only name --serve PORT} on a port that was free a moment ago. */
    static ServedExample start(String name) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"));
        String scheduler = System.getProperty("jasyncio.scheduler", "loop");
        if (scheduler.equals("loop")) {
            cmd.addAll(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED"));
        }
        cmd.addAll(List.of("-Djasyncio.scheduler=" + scheduler, "-cp", System.getProperty("java.class.path"),
                "io.jasyncio.examples.Tour", "--only", name, "--serve", Integer.toString(port)));
        return new ServedExample(new ProcessBuilder(cmd).redirectErrorStream(true).start(), port);
    }

    /** The port it serves on. */
    int port() {
        return port;
    }

    /** Waits for the next line starting with {@code prefix} (skipping others) and returns it. */
    String awaitLine(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STEP_SECONDS);
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || line.equals(EOF)) {
                fail("the example printed no line starting with \"" + prefix + "\" " + (line == null ? "in "
                        + STEP_SECONDS + " s" : "before it ended") + "; its output: " + seen);
            }
            seen.add(line);
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** Sends SIGTERM (the JDK's {@code destroy()}). */
    void terminate() {
        process.toHandle().destroy();
    }

    /** Waits for the child to exit; returns its exit code. */
    int exitCode() throws InterruptedException {
        assertTrue(process.waitFor(STEP_SECONDS, TimeUnit.SECONDS), "the example exited in time; its output: " + seen);
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
