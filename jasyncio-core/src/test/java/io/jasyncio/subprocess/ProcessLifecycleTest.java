package io.jasyncio.subprocess;

import static io.jasyncio.subprocess.ProcessTest.PIPES;
import static io.jasyncio.subprocess.ProcessTest.PYTHON;
import static io.jasyncio.subprocess.ProcessTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.locks.Semaphore;

import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Children and the JVM's resources: loop close, many children, and a start that must not block the loop. */
class ProcessLifecycleTest {

    @BeforeAll
    static void warmUp() {
        // The JDK opens what it needs for spawning (jspawnhelper, the reaper) on the first child,
        // and the socket path its SecureRandom (/dev/urandom, for the private socket directory's
        // name) on the first piped one: take the snapshots after that.
        run(() -> Asyncio.createSubprocessExec(PIPES, "/bin/sh", "-c", "exit 0").communicate());
    }

    @Test
    void closingTheLoopKillsRunningChildrenAndLeavesNoThreadOrFd() throws Exception {
        ChildLeaks before = ChildLeaks.snapshot();
        EventLoop loop = EventLoop.newEventLoop();
        List<Process> children;
        try {
            children = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> loop.runUntilComplete(() -> {
                List<Process> ps = new ArrayList<>();
                ps.add(Asyncio.createSubprocessExec(PIPES, "cat")); // waits on stdin
                ps.add(Asyncio.createSubprocessExec(SubprocessOptions.defaults().withStdout(Stdio.PIPE),
                        "sleep", "3600"));
                // Writes for ever into a stdout nobody reads: its pump is paused.
                ps.add(Asyncio.createSubprocessExec(SubprocessOptions.defaults().withStdout(Stdio.PIPE),
                        PYTHON, "-c", "import sys\nwhile True: sys.stdout.write('x' * 65536)"));
                // A task still waiting on one of them when the loop closes.
                Asyncio.createTask(ps.get(1)::await);
                Asyncio.sleep(0);
                for (Process p : ps) {
                    assertNull(p.returncode());
                }
                return ps;
            }));
        } finally {
            loop.close();
        }
        for (Process p : children) {
            // Closing the loop sent SIGKILL to each child; the JDK reaps it.
            ProcessHandle.of(p.pid()).ifPresent(h -> get(h.onExit()));
            ChildLeaks.assertGone(p.pid());
        }
        before.assertNothingLeft();
    }

    private static void get(java.util.concurrent.CompletableFuture<ProcessHandle> exit) {
        try {
            exit.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("a child did not exit after the loop closed", e);
        }
    }

    @Test
    void aThousandShortChildrenLeaveNoZombieThreadOrFd() throws Exception {
        ChildLeaks before = ChildLeaks.snapshot();
        int n = 1000;
        List<Integer> codes = run(() -> {
            Semaphore slots = new Semaphore(16);
            List<Task<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                tasks.add(Asyncio.createTask(() -> {
                    slots.acquire();
                    try {
                        if (k % 10 == 0) { // every tenth with a stdout pipe, read by communicate
                            Process p = Asyncio.createSubprocessExec(
                                    SubprocessOptions.defaults().withStdout(Stdio.PIPE), "/bin/sh", "-c",
                                    "echo " + k + "; exit " + (k % 7));
                            String out = new String(p.communicate().stdout(), StandardCharsets.UTF_8);
                            assertEquals(k + "\n", out);
                            return p.returncode();
                        }
                        return Asyncio.createSubprocessExec("/bin/sh", "-c", "exit " + (k % 7)).await();
                    } finally {
                        slots.release();
                    }
                }));
            }
            List<Integer> rcs = Asyncio.gather(tasks).await();
            assertTrue(ChildLeaks.zombieChildren().isEmpty(), "zombies right after the last exit");
            return rcs;
        });
        for (int i = 0; i < n; i++) {
            assertEquals(i % 7, codes.get(i), "exit code of child " + i);
        }
        before.assertNothingLeft();
    }

    @Test
    void startingAChildDoesNotBlockTheLoop(@TempDir Path dir) throws Exception {
        // The JDK opens a stdin file in the parent before it spawns: a FIFO with no writer yet keeps
        // ProcessBuilder.start() blocked until we open the FIFO's other end, which we do only after
        // the loop has gone on running other work. If start ran on the loop thread this would hang.
        Path fifo = dir.resolve("in.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        List<String> r = run(() -> {
            Task<Process> starting = Asyncio.createTask(() -> Asyncio.createSubprocessExec(
                    SubprocessOptions.defaults().withStdin(Stdio.file(fifo)).withStdout(Stdio.PIPE), "cat"));
            int steps = 0;
            for (int i = 0; i < 5; i++) {
                Asyncio.sleep(0);
                steps++;
            }
            boolean stillStarting = !starting.done();
            Asyncio.toThread(() -> {
                try (FileOutputStream w = new FileOutputStream(fifo.toFile())) {
                    w.write("through the fifo\n".getBytes(StandardCharsets.UTF_8));
                }
                return null;
            });
            Process p = starting.await();
            String out = new String(p.stdout().read(), StandardCharsets.UTF_8);
            return List.of(steps + " steps", "starting " + stillStarting, out, "rc " + p.await());
        });
        assertEquals(List.of("5 steps", "starting true", "through the fifo\n", "rc 0"), r);
    }

    @Test
    void aChildThatIsNotPipedNeedsNoPumpThreads() throws Exception {
        List<String> names = run(() -> {
            Process p = Asyncio.createSubprocessExec(SubprocessOptions.defaults().withStdout(Stdio.DEVNULL),
                    "/bin/sh", "-c", "echo discarded");
            List<String> pumps = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                    .filter(s -> s.startsWith("jasyncio-pipe-" + p.pid())).toList();
            p.await();
            return pumps;
        });
        assertEquals(List.of(), names);
    }
}
