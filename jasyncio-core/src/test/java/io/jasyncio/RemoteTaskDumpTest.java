package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.internal.RemoteTaskDump;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * {@code ./jasyncio ps/pstree PID}: the dump of another running JVM, through the Attach API and
 * the loops' MBean, taken without stopping it (it goes on and ends normally afterwards).
 */
class RemoteTaskDumpTest {
    @Test
    void psAndPstreeOfAChildJvm() throws Exception {
        Process child = new ProcessBuilder(System.getProperty("java.home") + "/bin/java",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), RemoteDumpChildMain.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("ready", out.readLine(), "the child parked its tasks");
            String pid = String.valueOf(child.pid());

            long started = System.nanoTime();
            String tree = RemoteTaskDump.fetch(pid, "pstree");
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(tree.contains("└── (T) gatherer\n"), tree);
            assertTrue(tree.contains("awaits gather (2 of 2 pending)"), tree);
            assertTrue(tree.contains("├── (T) holder\n"), tree);
            assertTrue(tree.matches("(?s).*└── \\(T\\) lock-waiter\n.*awaits Lock@[0-9a-f]+\\.acquire\n.*"), tree);
            assertTrue(tree.contains("RemoteDumpChildMain.lambda$main$"), "the child's own frames:\n" + tree);
            System.out.println("pstree of a child JVM took " + tookMillis + " ms (attach, JMX agent start, dump)");

            started = System.nanoTime();
            String ps = RemoteTaskDump.fetch(pid, "ps");
            System.out.println("ps of the same JVM (its JMX agent running now) took "
                    + (System.nanoTime() - started) / 1_000_000 + " ms");
            List<String> rows = ps.lines().filter(l -> l.contains("lock-waiter")).toList();
            assertEquals(1, rows.size(), ps);
            assertTrue(rows.get(0).contains("waiting") && rows.get(0).contains("gatherer"), ps);
            assertTrue(RemoteTaskDump.fetch(pid, "stacks").contains("\tat io.jasyncio.locks.Lock.acquire"), "whole stacks");

            child.getOutputStream().close(); // the child goes on: its tasks finish and it exits normally
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child exited");
            assertEquals(0, child.exitValue());
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void badArgumentsAreRejectedAtTheCall() {
        assertThrows(IllegalArgumentException.class, () -> RemoteTaskDump.fetch("1", "top"));
        assertThrows(NullPointerException.class, () -> RemoteTaskDump.fetch(null, "ps"));
    }
}
