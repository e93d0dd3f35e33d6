package io.jasyncio.subprocess;

import static io.jasyncio.subprocess.ProcessTest.PIPES;
import static io.jasyncio.subprocess.ProcessTest.PYTHON;
import static io.jasyncio.subprocess.ProcessTest.run;
import static io.jasyncio.subprocess.ProcessTest.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.internal.proc.ProcessTransport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The selector-watched path: children started with {@code posix_spawnp}, their piped stdio on Unix
 * sockets the loop watches, no pump thread (the test JVMs run with native access enabled). The
 * shared behaviour is in {@link ProcessTest} and its siblings, which run on both paths.
 */
class SocketStdioTest {
    private static final int SIGUSR1 = 10;

    @BeforeAll
    static void warmUp() {
        run(() -> Asyncio.createSubprocessExec(PIPES, "/bin/sh", "-c", "exit 0").communicate());
    }

    @Test
    void pipedChildrenTakeTheSocketPathAndNeedNoThreadButTheWaiter() {
        List<String> r = run(() -> {
            Process p = Asyncio.createSubprocessExec(PIPES, "/bin/sh", "-c",
                    "readlink /proc/self/fd/0 /proc/self/fd/1 /proc/self/fd/2; read x");
            assertInstanceOf(SocketChannel.class, p.stdin().transport().getExtraInfo("pipe"));
            List<String> threads = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                    .filter(n -> n.contains(String.valueOf(p.pid()))).toList();
            List<String> links = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                links.add(text(p.stdout().readline()).replaceAll("\\[\\d+]", "[N]").strip());
            }
            p.stdin().close();
            p.await();
            return List.of(links.toString(), threads.toString());
        });
        assertEquals("[socket:[N], socket:[N], socket:[N]]", r.get(0));
        assertEquals("[jasyncio-spawn-wait " + r.get(1).replaceAll("\\D", "") + "]", r.get(1),
                "one thread, waiting for the exit; none per pipe");
    }

    @Test
    void theLowLevelTransportSaysWhichPath() {
        boolean pumped = run(() -> {
            var loop = Asyncio.getRunningLoop();
            var ep = loop.subprocessExec(() -> new SubprocessStreamProtocol(loop, 1 << 16), PIPES, List.of("true"));
            boolean p = ((ProcessTransport) ep.transport()).pumped();
            ((ProcessTransport) ep.transport()).awaitExit();
            return p;
        });
        assertFalse(pumped);
    }

    @Test
    void exitCodesAreTheWaitStatusNotTheShellConvention() {
        List<Integer> rcs = run(() -> {
            List<Integer> out = new ArrayList<>();
            out.add(Asyncio.createSubprocessExec("/bin/sh", "-c", "exit 3").await());
            // The JDK path reads 137 as -9 (128 + N); the wait status says it exited with 137.
            out.add(Asyncio.createSubprocessExec("/bin/sh", "-c", "exit 137").await());
            out.add(Asyncio.createSubprocessExec("/bin/sh", "-c", "kill -SEGV $$").await());
            Process usr1 = Asyncio.createSubprocessExec(PIPES, "cat");
            usr1.sendSignal(SIGUSR1);
            out.add(usr1.await());
            Process term = Asyncio.createSubprocessExec(PIPES, "cat");
            term.terminate();
            out.add(term.await());
            return out;
        });
        assertEquals(List.of(3, 137, -11, -SIGUSR1, -15), rcs);
    }

    @Test
    void pingPongKeepsOrder() {
        List<String> r = run(() -> {
            Process p = Asyncio.createSubprocessExec(PIPES, "cat");
            List<String> back = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                p.stdin().write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
                p.stdin().drain();
                back.add(text(p.stdout().readline()));
            }
            p.stdin().close();
            back.add("rc " + p.await());
            return back;
        });
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            expected.add("line " + i + "\n");
        }
        expected.add("rc 0");
        assertEquals(expected, r);
    }

    @Test
    void closingStdinIsEofForTheChildAfterEverythingWritten() {
        String r = run(() -> {
            Process p = Asyncio.createSubprocessExec(PIPES, "wc", "-c");
            byte[] block = new byte[1 << 20];
            for (int i = 0; i < 8; i++) {
                p.stdin().write(block); // 8 MiB: far more than the socket holds, so most is queued
            }
            p.stdin().close();
            return text(p.stdout().read()).strip() + " rc " + p.await();
        });
        assertEquals((8 << 20) + " rc 0", r);
    }

    @Test
    void killingAChildBlockedOnItsStdinEndsItsOutputAndItsWait() {
        List<String> r = run(() -> {
            Process p = Asyncio.createSubprocessExec(PIPES, "cat");
            p.kill();
            byte[] out = p.stdout().read();
            return List.of("out " + out.length, "rc " + p.await(), "eof " + p.stdout().atEof());
        });
        assertEquals(List.of("out 0", "rc -9", "eof true"), r);
    }

    @Test
    void theChildGetsNoOtherDescriptorOfThisJvm() {
        String fds = run(() -> {
            Process p = Asyncio.createSubprocessExec(SubprocessOptions.defaults().withStdout(Stdio.PIPE)
                    .withStdin(Stdio.DEVNULL), PYTHON, "-c", "import os; print(sorted(os.listdir('/proc/self/fd')))");
            return text(p.communicate().stdout()).strip();
        });
        // 0, 1, 2 and the descriptor listdir opened for the directory itself
        assertEquals("['0', '1', '2', '3']", fds);
    }

    @Test
    void twoHundredChildrenLeaveNoDescriptorThreadOrZombie() throws Exception {
        ChildLeaks before = ChildLeaks.snapshot();
        List<Long> pids = run(() -> {
            List<Long> out = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Process p = Asyncio.createSubprocessExec(PIPES, "cat");
                byte[] echoed = p.communicate(("child " + i).getBytes(StandardCharsets.UTF_8)).stdout();
                assertEquals("child " + i, text(echoed));
                out.add(p.pid());
            }
            return out;
        });
        before.assertNothingLeft();
        for (long pid : pids) {
            assertFalse(Files.exists(Path.of("/proc/" + pid)) && !ChildLeaks.running(pid), "zombie " + pid);
        }
    }

    @Test
    void aChildIsReapedWhenAwaitReturns() {
        long pid = run(() -> {
            Process p = Asyncio.createSubprocessExec(PIPES, "/bin/sh", "-c", "exit 0");
            p.await();
            assertFalse(Files.exists(Path.of("/proc/" + p.pid())), "/proc/" + p.pid() + " after await()");
            return p.pid();
        });
        assertTrue(pid > 0);
    }

    @Test
    void aMissingProgramFailsAtTheCallAsTheJdkWordsIt() {
        IOException e = run(() -> assertThrows(IOException.class,
                () -> Asyncio.createSubprocessExec(PIPES, "jasyncio-no-such-program")));
        assertEquals("Cannot run program \"jasyncio-no-such-program\": error=2, No such file or directory",
                e.getMessage());
    }

    @Test
    void filesGoThroughTheJdkPath(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.txt");
        Files.writeString(in, "from a file\n");
        List<Object> r = run(() -> {
            var loop = Asyncio.getRunningLoop();
            var ep = loop.subprocessExec(() -> new SubprocessStreamProtocol(loop, 1 << 16),
                    SubprocessOptions.defaults().withStdin(Stdio.file(in)).withStdout(Stdio.PIPE), List.of("cat"));
            ProcessTransport t = (ProcessTransport) ep.transport();
            Process p = new Process(t, ep.protocol(), loop);
            return List.of(t.pumped(), text(p.communicate().stdout()), p.returncode(),
                    t.getPipeTransport(1).getExtraInfo("pipe") instanceof java.io.InputStream);
        });
        assertEquals(Arrays.asList(true, "from a file\n", 0, true), r);
    }

    @Test
    void theForcedFallbackUsesPumps() {
        System.setProperty(OnPumps.PROPERTY, "true");
        try {
            Object pipe = run(() -> {
                Process p = Asyncio.createSubprocessExec(PIPES, "true");
                Object o = p.stdin().transport().getExtraInfo("pipe");
                p.await();
                return o;
            });
            assertInstanceOf(OutputStream.class, pipe);
        } finally {
            System.clearProperty(OnPumps.PROPERTY);
        }
    }
}
