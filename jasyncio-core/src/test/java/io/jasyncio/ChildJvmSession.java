package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running a main class of the test classpath, with the test's own {@code java} and
 * scheduler flags, read line by line while it runs: the test waits for lines (never sleeps), sends
 * it real signals, and collects its exit code, each step bounded in time. Closing kills it.
 */
final class ChildJvmSession implements AutoCloseable {
    private static final long STEP_SECONDS = 60;
    private static final String EOF = "\u0000eof";

    private final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private ChildJvmSession(Process process) {
        this.process = process;
        Thread.ofPlatform().daemon().name("child-jvm-output").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException closed) {
                // the child is gone
            }
            lines.add(EOF);
        });
    }

    /**
     * Starts {@code main} with {@code args}; {@code shellPrefix} (may be empty) runs before
     * {@code exec java …} in {@code /bin/sh}, for {@code trap '' INT} and environment variables.
     */
    static ChildJvmSession start(String shellPrefix, List<String> jvmArgs, Class<?> main, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"));
        String scheduler = System.getProperty("jasyncio.scheduler", "loop");
        if (scheduler.equals("loop")) {
            cmd.add("--add-opens");
            cmd.add("java.base/java.lang=ALL-UNNAMED");
        }
        cmd.add("-Djasyncio.scheduler=" + scheduler);
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        StringBuilder sh = new StringBuilder(shellPrefix).append(" exec");
        for (String c : cmd) {
            sh.append(" '").append(c.replace("'", "'\\''")).append('\'');
        }
        return new ChildJvmSession(new ProcessBuilder("/bin/sh", "-c", sh.toString()).redirectErrorStream(true).start());
    }

    long pid() {
        return process.pid(); // sh exec'd the JVM: same process
    }

    /** Waits for the next line starting with {@code prefix} (skipping others) and returns it. */
    String awaitLine(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STEP_SECONDS);
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || line.equals(EOF)) {
                fail("the child printed no line starting with \"" + prefix + "\" " + (line == null ? "in "
                        + STEP_SECONDS + " s" : "before it ended") + "; its output: " + seen);
            }
            seen.add(line);
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** Sends a real signal ({@code "TERM"}, {@code "HUP"}…) with the shell's {@code kill}. */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -s " + name + " " + pid()).inheritIO().start();
        assertTrue(kill.waitFor(STEP_SECONDS, TimeUnit.SECONDS), "kill -s " + name + " finished");
        assertTrue(kill.exitValue() == 0, "kill -s " + name + " " + pid() + " succeeded");
    }

    /** Waits for the child to exit; returns its exit code. All its output is then in {@link #output()}. */
    int exitCode() throws InterruptedException {
        assertTrue(process.waitFor(STEP_SECONDS, TimeUnit.SECONDS), "the child exited in time; its output: " + seen);
        for (String line; (line = lines.poll(STEP_SECONDS, TimeUnit.SECONDS)) != null && !line.equals(EOF); ) {
            seen.add(line);
        }
        return process.exitValue();
    }

    /** The lines read so far. */
    List<String> output() {
        return List.copyOf(seen);
    }

    /** ProcessHandle.destroy(): the JDK's way to send SIGTERM. */
    void terminate() {
        process.toHandle().destroy();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
