package io.jasyncio.subprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What children could leave behind in this JVM: open file descriptors ({@code /proc/self/fd}),
 * threads, and zombie children ({@code /proc/PID/stat} of every child of this JVM). Take a
 * {@link #snapshot()} before, call {@link #assertNothingLeft()} after.
 */
final class ChildLeaks {
    /**
     * The JDK's own pools, shared by every Process of the JVM and not ours to stop: the "process
     * reaper" threads (ProcessHandleImpl) that waitpid for each child, and the common pool that
     * completes {@code Process.onExit()} (ProcessImpl's handleAsync). Both keep idle threads for a
     * while by design.
     */
    private static final List<String> JDK_POOLS = List.of("process reaper", "ForkJoinPool.commonPool-worker-");

    private final int fds;
    private final Set<Thread> threads;

    private ChildLeaks(int fds, Set<Thread> threads) {
        this.fds = fds;
        this.threads = threads;
    }

    static ChildLeaks snapshot() {
        return new ChildLeaks(openFds(), Thread.getAllStackTraces().keySet());
    }

    static int openFds() {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Threads started since the snapshot that are still alive, after joining our pumps and spawners. */
    List<Thread> newThreads() throws InterruptedException {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("jasyncio-pipe") || t.getName().startsWith("jasyncio-spawn")) {
                t.join(20_000); // a pump ends once its child is gone: bounded, never a sleep
            } else if (t.getName().startsWith("junit-timeout-thread") && !threads.contains(t)
                    && t != Thread.currentThread()) {
                t.join(20_000); // assertTimeoutPreemptively's executor thread ends after it returns
            }
        }
        List<Thread> left = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!threads.contains(t) && t.isAlive() && JDK_POOLS.stream().noneMatch(t.getName()::startsWith)) {
                left.add(t);
            }
        }
        return left;
    }

    void assertNothingLeft() throws InterruptedException {
        List<Thread> left = newThreads();
        assertTrue(left.isEmpty(), () -> "threads left: " + left.stream().map(Thread::getName).toList());
        assertEquals(fds, openFds(), "open file descriptors before and after");
        List<String> zombies = zombieChildren();
        assertTrue(zombies.isEmpty(), () -> "zombie children: " + zombies);
    }

    /** The children of this JVM in state Z, as "pid (name)". */
    static List<String> zombieChildren() {
        long self = ProcessHandle.current().pid();
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            return s.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .map(p -> p.resolve("stat"))
                    .map(ChildLeaks::readQuietly)
                    .filter(stat -> stat != null && isZombieChildOf(stat, self))
                    .map(stat -> stat.substring(0, stat.indexOf(')') + 1))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isZombieChildOf(String stat, long parent) {
        // "pid (comm) state ppid ...": comm may hold spaces, so split after the last ')'
        String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return rest[0].equals("Z") && Long.parseLong(rest[1]) == parent;
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException gone) {
            return null; // the process ended while we looked
        }
    }

    /** Whether process {@code pid} exists and is not a zombie. */
    static boolean running(long pid) {
        String stat = readQuietly(Path.of("/proc/" + pid + "/stat"));
        if (stat == null) {
            return false;
        }
        return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    }

    static void assertGone(long pid) {
        assertFalse(running(pid), "process " + pid + " still runs");
    }
}
