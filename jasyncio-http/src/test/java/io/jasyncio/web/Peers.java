package io.jasyncio.web;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jasyncio.Asyncio;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs real peer programs (curl, wrk, /usr/bin/python3) from a task, bounded in time; CI=true makes a missing peer a failure. */
final class Peers {
    record Result(int exit, String out, String err) {}

    static void require(String program, String check, String install) {
        boolean ok;
        try {
            Process p = new ProcessBuilder("/bin/sh", "-c", check).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            ok = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            ok = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ok = false;
        }
        if (!ok && "true".equals(System.getenv("CI"))) {
            fail(program + " is missing: " + install + " (.ci/setup.d/30-http.sh)");
        }
        assumeTrue(ok, program + " is missing: install it with " + install);
    }

    /** Runs the command on a platform thread (the loop keeps serving), with input on stdin. */
    static Result run(List<String> command, byte[] stdin, int timeoutSeconds) {
        return Asyncio.toThread(() -> {
            Process p = new ProcessBuilder(command).start();
            try {
                Thread feeder = Thread.ofPlatform().start(() -> {
                    try (var in = p.getOutputStream()) {
                        if (stdin != null) {
                            in.write(stdin);
                        }
                    } catch (IOException e) {
                        // the peer exited before reading its input: its exit code tells
                    }
                });
                var err = new java.util.concurrent.CompletableFuture<String>();
                Thread.ofPlatform().start(() -> {
                    try {
                        err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        err.complete(e.toString());
                    }
                });
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s");
                }
                feeder.join();
                return new Result(p.exitValue(), out, err.get(timeoutSeconds, TimeUnit.SECONDS));
            } finally {
                p.destroyForcibly();
            }
        });
    }

    static Path script(Path dir, String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
