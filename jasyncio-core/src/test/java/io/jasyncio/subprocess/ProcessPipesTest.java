package io.jasyncio.subprocess;

import static io.jasyncio.subprocess.ProcessTest.PIPES;
import static io.jasyncio.subprocess.ProcessTest.PYTHON;
import static io.jasyncio.subprocess.ProcessTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The pipes under load: communicate both ways at once, and back-pressure from a reader that stops. */
class ProcessPipesTest {
    private static final int MB = 1024 * 1024;
    /** ReadPipe's chunk: once the reader pauses, nothing more is delivered to it. */
    private static final int PUMP_CHUNK = 64 * 1024;

    /** Copies stdin to stdout AND stderr, chunk by chunk, partial writes handled. */
    private static final String TEE_BOTH = """
            import os
            while True:
                b = os.read(0, 65536)
                if not b:
                    break
                for fd in (1, 2):
                    v = memoryview(b)
                    while v:
                        v = v[os.write(fd, v):]
            """;

    @Test
    void communicateHundredMegabytesInAndBackOnStdoutAndStderrAtOnce() {
        byte[] input = new byte[100 * MB];
        new Random(9).nextBytes(input);
        CommunicateResult r = run(() -> {
            Process p = Asyncio.createSubprocessExec(PIPES, PYTHON, "-c", TEE_BOTH);
            CommunicateResult out = p.communicate(input);
            assertEquals(0, p.returncode(), () -> "child failed: "
                    + new String(out.stderr(), 0, Math.min(2000, out.stderr().length), StandardCharsets.UTF_8));
            return out;
        });
        // No deadlock: the child blocks on stdout or stderr whenever we are slow on one, and we
        // keep feeding stdin while reading both.
        assertEquals(input.length, r.stdout().length);
        assertEquals(input.length, r.stderr().length);
        assertArrayEquals(input, r.stdout());
        assertArrayEquals(input, r.stderr());
    }

    @Test
    void aReaderThatStopsReadingStopsThePumpAndTheChildBlocks() {
        int limit = 4096;
        List<Long> r = run(() -> {
            Process p = Asyncio.createSubprocessExec(SubprocessOptions.defaults().withStdout(Stdio.PIPE)
                    .withLimit(limit), "head", "-c", String.valueOf(100 * MB), "/dev/zero");
            // Nobody reads stdout. Wait (bounded) until the reader has paused its pipe (over 2 x limit),
            // the pump thread is parked and the child sleeps in its pipe write: from then on
            // nothing moves until we read, so what we see is the bound, not a moment.
            Thread pump = pumpOf(p.pid(), 1);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!(p.stdout().buffered() > 2 * limit && pump.getState() == Thread.State.WAITING
                    && blockedInPipeWrite(p.pid()))) {
                assertTrue(System.nanoTime() < deadline, "pump or child never blocked");
                Asyncio.sleep(0.005);
            }
            long buffered = p.stdout().buffered();
            Integer rcWhileBlocked = p.returncode();
            long total = 0;
            byte[] chunk;
            while ((chunk = p.stdout().read(1 << 20)).length > 0) {
                total += chunk.length;
            }
            return List.of(buffered, rcWhileBlocked == null ? -1L : rcWhileBlocked, total, (long) p.await());
        });
        long buffered = r.get(0);
        // The reader paused its pipe past 2 x limit, on the chunk that took it there: no more came.
        assertTrue(buffered <= 2L * limit + PUMP_CHUNK, "buffered " + buffered);
        assertEquals(-1L, r.get(1), "the child was still running, blocked on its write");
        assertEquals(100L * MB, r.get(2));
        assertEquals(0L, r.get(3));
    }

    private static Thread pumpOf(long pid, int fd) {
        String name = "jasyncio-pipe-" + pid + "-fd" + fd;
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no thread " + name));
    }

    /** Whether the kernel shows {@code pid} asleep in a pipe write (/proc/PID/wchan). */
    private static boolean blockedInPipeWrite(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/wchan")).contains("pipe_write");
        } catch (java.io.IOException gone) {
            return false;
        }
    }
}
