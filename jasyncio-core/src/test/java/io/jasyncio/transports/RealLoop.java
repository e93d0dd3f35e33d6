package io.jasyncio.transports;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.VoidCoroutine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Test helpers for network tests: a loop on the real clock (sockets do not follow a virtual one),
 * the whole run bounded by a timeout so a hang fails the test instead of the build.
 */
public final class RealLoop {
    private RealLoop() {}

    public static <T> T run(Coroutine<T> main) {
        return run(Duration.ofSeconds(60), main);
    }

    public static void run(VoidCoroutine main) {
        run(Duration.ofSeconds(60), main.asCoroutine());
    }

    public static void run(Duration limit, VoidCoroutine main) {
        run(limit, main.asCoroutine());
    }

    public static <T> T run(Duration limit, Coroutine<T> main) {
        return assertTimeoutPreemptively(limit, () -> {
            EventLoop loop = EventLoop.newEventLoop();
            try {
                return loop.runUntilComplete(main);
            } finally {
                loop.close();
            }
        });
    }

    /** Yields until {@code condition} holds: for states other tasks reach without a future to await. */
    public static void until(BooleanSupplier condition) {
        while (!condition.getAsBoolean()) {
            Asyncio.sleep(0);
        }
    }

    /** How many file descriptors this process has open. */
    public static int openFds() throws IOException {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.count();
        }
    }
}
