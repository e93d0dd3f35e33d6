package io.jasyncio.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A peer process for the TLS tests (openssl, python3), on 127.0.0.1: started by the test, its
 * output collected, stopped by its own PID when the test ends. Blocking: call it off the loop
 * thread ({@code Asyncio.toThread}).
 */
final class Peer implements AutoCloseable {
    private final Process process;
    private final StringBuilder out = new StringBuilder();
    private final Thread pump;

    Peer(List<String> command) throws IOException {
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        pump = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (out) {
                        out.append(line).append('\n');
                        out.notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
    }

    /** A free TCP port on 127.0.0.1 for a peer server to listen on. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Blocks until the output contains {@code text} (at most 20 s). */
    void awaitOutput(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        synchronized (out) {
            while (out.indexOf(text) < 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || !process.isAlive() && out.indexOf(text) < 0 && !pump.isAlive()) {
                    throw new AssertionError("peer never printed '" + text + "'; output:\n" + out);
                }
                out.wait(Math.min(left, 200));
            }
        }
    }

    /** Writes to the peer's stdin (and closes it if asked). */
    void send(byte[] data, boolean close) throws IOException {
        process.getOutputStream().write(data);
        process.getOutputStream().flush();
        if (close) {
            process.getOutputStream().close();
        }
    }

    /** Blocks until the process exits (at most 30 s); returns its exit code. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("peer did not exit; output:\n" + output());
        }
        pump.join(5000);
        return process.exitValue();
    }

    String output() {
        synchronized (out) {
            return out.toString();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
