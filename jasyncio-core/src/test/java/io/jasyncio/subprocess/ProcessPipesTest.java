package io.jasyncio.subprocess;

import static io.jasyncio.subprocess.ProcessTest.PIPES;
import static io.jasyncio.subprocess.ProcessTest.PYTHON;
import static io.jasyncio.subprocess.ProcessTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.streams.StreamWriter;

import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipes under load: communicate both ways at once, and back-pressure on stdin and from a reader that stops. */
class ProcessPipesTest {
    private static final int MB = 1024 * 1024;
    /**
     * ReadPipe's chunk, and at most what one read of the socket path delivers (the loop's read
     * buffer): once the reader pauses, nothing more is delivered to it.
     */
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
            // On the socket path no thread moves the bytes: the loop stopped watching the socket.
            Thread pump = OnPumps.active() ? pumpOf(p.pid(), 1) : null;
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!(p.stdout().buffered() > 2 * limit
                    && (pump == null || pump.getState() == Thread.State.WAITING) && blockedInPipeWrite(p.pid()))) {
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

    @Test
    void stdinDrainWaitsWhileTheChildDoesNotReadAndResumesWhenItDoes(@TempDir Path dir) throws Exception {
        // The child reads stdin only once we open a FIFO it waits on: until then stdin is stuck.
        Path go = dir.resolve("go.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", go.toString()).start().waitFor());
        List<String> r = run(() -> {
            Process p = Asyncio.createSubprocessExec(PIPES, PYTHON, "-c", "import sys\nopen(sys.argv[1]).close()\n"
                    + "print(len(sys.stdin.buffer.read()))", go.toString());
            StreamWriter in = p.stdin();
            in.write(new byte[MB]);
            int queued = in.transport().getWriteBufferSize();
            int high = in.transport().getWriteBufferHighWaterMark();
            Task<Void> drainer = Asyncio.createTask(() -> {
                in.drain();
            });
            for (int i = 0; i < 3; i++) {
                Asyncio.sleep(0);
            }
            boolean waited = !drainer.done();
            Asyncio.toThread(() -> {
                new FileOutputStream(go.toFile()).close(); // the child goes on and reads stdin
                return null;
            });
            drainer.await();
            int left = in.transport().getWriteBufferSize();
            int low = in.transport().getWriteBufferLowWaterMark();
            in.close();
            String count = new String(p.stdout().read(), StandardCharsets.UTF_8).strip();
            return List.of("over high " + (queued > high), "drain waited " + waited,
                    "down to low " + (left <= low), count, "rc " + p.await());
        });
        assertEquals(List.of("over high true", "drain waited true", "down to low true", String.valueOf(MB), "rc 0"),
                r);
    }

    @Test
    void aProcessNeedsTheProtocolItsTransportCalls() {
        IllegalArgumentException e = run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            SubprocessEndpoint<SubprocessStreamProtocol> ep = loop.subprocessExec(
                    () -> new SubprocessStreamProtocol(loop, 1024), SubprocessOptions.defaults(), List.of("true"));
            try {
                return assertThrows(IllegalArgumentException.class,
                        () -> new Process(ep.transport(), new SubprocessStreamProtocol(loop, 1024), loop));
            } finally {
                new Process(ep.transport(), ep.protocol(), loop).await();
            }
        });
        assertTrue(e.getMessage().contains("protocol"), e.getMessage());
    }

    private static Thread pumpOf(long pid, int fd) {
        String name = "jasyncio-pipe-" + pid + "-fd" + fd;
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no thread " + name));
    }

    /**
     * Whether the kernel shows {@code pid} asleep in a write to its full stdout (/proc/PID/wchan):
     * a pipe's, or a Unix socket's waiting for send buffer space.
     */
    private static boolean blockedInPipeWrite(long pid) {
        try {
            String wchan = Files.readString(Path.of("/proc/" + pid + "/wchan"));
            return wchan.contains(OnPumps.active() ? "pipe_write" : "sock_alloc_send_pskb");
        } catch (java.io.IOException gone) {
            return false;
        }
    }
}
