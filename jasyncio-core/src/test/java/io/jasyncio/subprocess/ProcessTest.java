package io.jasyncio.subprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Asyncio.createSubprocessExec/Shell and Process: the streams, the exit, signals, errors. */
class ProcessTest {
    static final String PYTHON = "/usr/bin/python3";
    static final SubprocessOptions PIPES = SubprocessOptions.defaults().withStdin(Stdio.PIPE)
            .withStdout(Stdio.PIPE).withStderr(Stdio.PIPE);

    static <T> T run(Coroutine<T> body) {
        EventLoop loop = EventLoop.newEventLoop();
        try {
            return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> loop.runUntilComplete(body));
        } finally {
            loop.close();
        }
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void outputIsReadableWhileTheChildRuns() {
        List<String> seen = run(() -> {
            // The child prints, then blocks reading stdin: the first line must arrive before we write.
            Process p = Asyncio.createSubprocessExec(PIPES, PYTHON, "-c",
                    "import sys\nprint('ready', flush=True)\nline = sys.stdin.readline()\n"
                            + "print('got ' + line.strip(), flush=True)");
            String first = text(p.stdout().readline());
            Integer whileWaiting = p.returncode();
            p.stdin().write("hello\n".getBytes(StandardCharsets.UTF_8));
            p.stdin().drain();
            String second = text(p.stdout().readline());
            p.stdin().close();
            int rc = p.await();
            return List.of(first, String.valueOf(whileWaiting), second, String.valueOf(rc),
                    String.valueOf(p.returncode()));
        });
        assertEquals(List.of("ready\n", "null", "got hello\n", "0", "0"), seen);
    }

    @Test
    void awaitReturnsTheExitCodeAndReturncodeKeepsIt() {
        List<Integer> rcs = run(() -> {
            Process p = Asyncio.createSubprocessShell(SubprocessOptions.defaults(), "exit 7");
            int rc = p.await();
            return List.of(rc, p.returncode(), p.await());
        });
        assertEquals(List.of(7, 7, 7), rcs);
    }

    @Test
    void returncodeIsNullWhileRunning() {
        List<String> r = run(() -> {
            Process p = Asyncio.createSubprocessExec(SubprocessOptions.defaults().withStdin(Stdio.PIPE), "cat");
            String before = String.valueOf(p.returncode());
            p.stdin().close(); // cat sees EOF and exits 0
            return List.of(before, String.valueOf(p.await()));
        });
        assertEquals(List.of("null", "0"), r);
    }

    @Test
    void killedChildIsMinusNineAndTerminatedIsMinusFifteen() {
        List<Integer> rcs = run(() -> {
            Process a = Asyncio.createSubprocessExec(SubprocessOptions.defaults().withStdin(Stdio.PIPE), "cat");
            Process b = Asyncio.createSubprocessExec(SubprocessOptions.defaults().withStdin(Stdio.PIPE), "cat");
            a.kill();
            b.terminate();
            return List.of(a.await(), b.await(), a.returncode(), b.returncode());
        });
        assertEquals(List.of(-9, -15, -9, -15), rcs);
    }

    @Test
    void signalsAfterExitDoNothing() {
        int rc = run(() -> {
            Process p = Asyncio.createSubprocessExec("/bin/sh", "-c", "exit 0");
            p.await();
            p.kill(); // as asyncio: no error for an exited child
            p.terminate();
            return p.returncode();
        });
        assertEquals(0, rc);
    }

    @Test
    void missingProgramFailsAtCreateNamingIt() {
        IOException e = run(() -> assertThrows(IOException.class,
                () -> Asyncio.createSubprocessExec(PIPES, "/no/such/jasyncio-program", "x")));
        assertTrue(e.getMessage().contains("/no/such/jasyncio-program"), e.getMessage());
    }

    @Test
    void badCwdFailsAtCreateNamingIt() {
        IOException e = run(() -> assertThrows(IOException.class,
                () -> Asyncio.createSubprocessExec(PIPES.withCwd(java.nio.file.Path.of("/no/such/jasyncio-dir")),
                        "cat")));
        assertTrue(e.getMessage().contains("/no/such/jasyncio-dir"), e.getMessage());
        assertTrue(e.getMessage().contains("cat"), e.getMessage());
    }

    @Test
    void shellBadCwdFailsToo() {
        IOException e = run(() -> assertThrows(IOException.class,
                () -> Asyncio.createSubprocessShell(PIPES.withCwd(java.nio.file.Path.of("/no/such/jasyncio-dir")),
                        "echo hi")));
        assertTrue(e.getMessage().contains("/no/such/jasyncio-dir"), e.getMessage());
    }

    @Test
    void shellCommandNotFoundIsExitCode127() {
        int rc = run(() -> Asyncio.createSubprocessShell(
                SubprocessOptions.defaults().withStderr(Stdio.DEVNULL), "jasyncio-no-such-command").await());
        assertEquals(127, rc);
    }

    @Test
    void communicateCollectsBothOutputsAndTheExit() {
        List<String> r = run(() -> {
            Process p = Asyncio.createSubprocessExec(PIPES, PYTHON, "-c",
                    "import sys\ndata = sys.stdin.read()\nsys.stdout.write(data.upper())\n"
                            + "sys.stderr.write(str(len(data)))\nsys.exit(3)");
            CommunicateResult out = p.communicate("abc".getBytes(StandardCharsets.UTF_8));
            return List.of(text(out.stdout()), text(out.stderr()), String.valueOf(p.returncode()));
        });
        assertEquals(List.of("ABC", "3", "3"), r);
    }

    @Test
    void communicateGivesNullForStreamsNotPiped() {
        CommunicateResult r = run(() -> {
            Process p = Asyncio.createSubprocessShell(
                    SubprocessOptions.defaults().withStdout(Stdio.PIPE).withStderr(Stdio.DEVNULL),
                    "echo out; echo err >&2");
            assertNull(p.stdin());
            assertNull(p.stderr());
            return p.communicate();
        });
        assertEquals("out\n", text(r.stdout()));
        assertNull(r.stderr());
    }

    @Test
    void stderrMergedIntoStdout() {
        CommunicateResult r = run(() -> Asyncio.createSubprocessShell(
                SubprocessOptions.defaults().withStdout(Stdio.PIPE).withStderr(Stdio.STDOUT),
                "echo out; echo err >&2").communicate());
        assertEquals("out\nerr\n", text(r.stdout()));
        assertNull(r.stderr());
    }

    @Test
    void communicateInputWithoutAStdinPipeIsRefused() {
        IllegalStateException e = run(() -> {
            Process p = Asyncio.createSubprocessExec(SubprocessOptions.defaults().withStdout(Stdio.PIPE), "true");
            try {
                return assertThrows(IllegalStateException.class, () -> p.communicate(new byte[1]));
            } finally {
                p.await();
            }
        });
        assertTrue(e.getMessage().contains("stdin"), e.getMessage());
    }

    @Test
    void communicateIgnoresAChildThatExitsWithoutReadingItsInput() {
        List<String> r = run(() -> {
            Process p = Asyncio.createSubprocessShell(PIPES, "echo bye; exit 0");
            CommunicateResult out = p.communicate(new byte[8 * 1024 * 1024]);
            return List.of(text(out.stdout()), String.valueOf(p.returncode()));
        });
        assertEquals(List.of("bye\n", "0"), r);
    }

    @Test
    void stdinWrittenAfterExitFailsAtDrainWithBrokenPipe() {
        BrokenPipeError e = run(() -> {
            Process p = Asyncio.createSubprocessShell(SubprocessOptions.defaults().withStdin(Stdio.PIPE), "exit 0");
            p.await();
            p.stdin().write(new byte[100]);
            return assertThrows(BrokenPipeError.class, () -> p.stdin().drain());
        });
        assertTrue(e.getMessage().contains("Broken pipe"), e.getMessage());
    }

    @Test
    void drainWaitingOnAFullPipeFailsWhenTheChildExits() {
        BrokenPipeError e = run(() -> {
            // The child never reads: the stdin pipe fills, drain() waits; then the child exits.
            // (A child in readline() would buffer the whole write and let drain() finish early.)
            Process p = Asyncio.createSubprocessExec(PIPES, PYTHON, "-c",
                    "import sys\nsys.stdout.write('x')\nsys.stdout.flush()\n"
                            + "import time\ntime.sleep(3600)");
            p.stdout().readexactly(1);
            p.stdin().write(new byte[4 * 1024 * 1024]);
            Task<Void> drainer = Asyncio.createTask(() -> {
                p.stdin().drain();
            });
            Asyncio.sleep(0);
            assertTrue(!drainer.done(), "drain() must wait on a full pipe");
            p.kill();
            return assertThrows(BrokenPipeError.class, () -> drainer.await());
        });
        assertTrue(e.getMessage().contains("Broken pipe"), e.getMessage());
    }

    @Test
    void cancellingAwaitLeavesTheChildRunningAndKillStillWorks() {
        List<String> r = run(() -> {
            Process p = Asyncio.createSubprocessExec(SubprocessOptions.defaults().withStdin(Stdio.PIPE), "cat");
            Task<Integer> waiter = Asyncio.createTask(p::await);
            Asyncio.sleep(0);
            waiter.cancel();
            String outcome = "";
            try {
                waiter.await();
            } catch (CancelledError expected) {
                outcome = "cancelled";
            }
            String alive = ChildLeaks.running(p.pid()) + " " + p.returncode();
            p.kill();
            return List.of(outcome, alive, String.valueOf(p.await()));
        });
        assertEquals(List.of("cancelled", "true null", "-9"), r);
    }

    @Test
    void cancellingCommunicateLeavesTheChildRunningAndKillStillWorks() {
        List<String> r = run(() -> {
            Process p = Asyncio.createSubprocessExec(PIPES, PYTHON, "-c",
                    "import time\nprint('started', flush=True)\ntime.sleep(3600)");
            Task<CommunicateResult> talk = Asyncio.createTask(() -> p.communicate(null));
            Asyncio.sleep(0);
            talk.cancel();
            String outcome = "";
            try {
                talk.await();
            } catch (CancelledError expected) {
                outcome = "cancelled";
            }
            String alive = ChildLeaks.running(p.pid()) + " " + p.returncode();
            p.kill();
            int rc = p.await();
            return List.of(outcome, alive, String.valueOf(rc));
        });
        assertEquals(List.of("cancelled", "true null", "-9"), r);
    }

    @Test
    void nullArgumentsAreRefusedByName() {
        run(() -> {
            NullPointerException a = assertThrows(NullPointerException.class,
                    () -> Asyncio.createSubprocessExec((String) null));
            NullPointerException b = assertThrows(NullPointerException.class,
                    () -> Asyncio.createSubprocessExec("ls", "-l", null));
            NullPointerException c = assertThrows(NullPointerException.class,
                    () -> Asyncio.createSubprocessShell(null, "ls"));
            assertTrue(a.getMessage().contains("program"), a.getMessage());
            assertTrue(b.getMessage().contains("args[1]"), b.getMessage());
            assertTrue(c.getMessage().contains("options"), c.getMessage());
            return null;
        });
    }

    @Test
    void stdoutAndStderrAreSeparateReaders() {
        List<String> r = run(() -> {
            Process p = Asyncio.createSubprocessShell(PIPES, "echo one; echo two >&2");
            String out = text(p.stdout().read());
            String err = text(p.stderr().read());
            p.await();
            return List.of(out, err, p.toString().startsWith("<Process ") + "");
        });
        assertEquals(List.of("one\n", "two\n", "true"), r);
    }

    @Test
    void binaryOutputIsByteExact() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        byte[] back = run(() -> Asyncio.createSubprocessExec(PIPES, "cat").communicate(all).stdout());
        assertArrayEquals(all, back);
    }

    @Test
    void optionsReachTheChild(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("out.txt");
        List<String> r = run(() -> {
            Process added = Asyncio.createSubprocessShell(SubprocessOptions.defaults().withStdout(Stdio.PIPE)
                    .withEnvVar("JASYNCIO_X", "42").withLimit(1000).withCwd(dir), "echo $JASYNCIO_X; pwd");
            String addedOut = text(added.communicate().stdout());
            int limit = added.stdout().limit();
            Process only = Asyncio.createSubprocessExec(SubprocessOptions.defaults().withStdout(Stdio.PIPE)
                    .withEnv(java.util.Map.of("ONLY", "1")), "/usr/bin/env");
            String onlyOut = text(only.communicate().stdout());
            Process toFile = Asyncio.createSubprocessShell(SubprocessOptions.defaults().withStdout(Stdio.file(file)),
                    "echo into the file");
            toFile.await();
            return List.of(addedOut, String.valueOf(limit), onlyOut, String.valueOf(toFile.stdout()));
        });
        assertEquals(List.of("42\n" + dir.toRealPath() + "\n", "1000", "ONLY=1\n", "null"), r);
        assertEquals("into the file\n", java.nio.file.Files.readString(file));
    }

    @Test
    void aTimeoutAroundCommunicateLeavesTheChildToKill() {
        // The pattern docs/subprocesses.md gives: waitFor cancels communicate, the child survives it.
        List<String> r = run(() -> {
            Process p = Asyncio.createSubprocessExec(SubprocessOptions.defaults().withStdout(Stdio.PIPE),
                    "sleep", "60");
            String outcome;
            try {
                Asyncio.waitFor(() -> p.communicate(), 0.2);
                outcome = "finished";
            } catch (io.jasyncio.TimeoutError e) {
                outcome = "timed out, running " + ChildLeaks.running(p.pid());
                p.kill();
            }
            return List.of(outcome, String.valueOf(p.await()));
        });
        assertEquals(List.of("timed out, running true", "-9"), r);
    }
}
