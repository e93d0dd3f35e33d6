package io.jasyncio.internal.proc;

import java.io.File;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a child with glibc's {@code posix_spawnp} through the FFM API, its piped stdio on Unix
 * sockets ({@link ChildSockets}) instead of the JDK's pipes, so that the loop's selector watches
 * them (asyncio and uvloop read and write their pipes from the loop thread the same way).
 *
 * <p>What the child gets, as with {@code ProcessBuilder}: the command searched in this process's
 * {@code PATH}, the environment and working directory of the options, stdin/stdout/stderr as
 * asked, and no other descriptor of this JVM ({@code addclosefrom_np(3)}: the JDK's descriptors
 * are not close-on-exec). Its signal mask is emptied (a JVM thread blocks some signals; the
 * JDK's children start with none blocked either). A piped stream is a socket, not a FIFO:
 * {@code fstat} shows {@code S_IFSOCK}, {@code lseek} fails with ESPIPE as on a pipe.
 *
 * <p>Covers the stdio combinations {@link #supports} accepts (PIPE, DEVNULL, INHERIT, stderr into
 * stdout); files go through the JDK, which opens them in the parent and reports their errors its
 * own way. Blocking: called on the spawning thread.
 */
final class NativeSpawn {
    /** Forces the JDK's {@code Process} path (pump threads) even where this one works: for tests and A/B runs. */
    static final String FORCE_PUMPS = "jasyncio.subprocess.pumps";

    private NativeSpawn() {}

    /** The library if this start can take the selector path, else null. */
    static Libc usable(ProcessBuilder pb) {
        if (Boolean.getBoolean(FORCE_PUMPS)) {
            return null;
        }
        Libc libc = Libc.available().orElse(null);
        if (libc == null) {
            return null;
        }
        if (!supported(pb.redirectInput(), true) || !supported(pb.redirectOutput(), false)
                || (!pb.redirectErrorStream() && !supported(pb.redirectError(), false))) {
            return null;
        }
        return libc;
    }

    private static boolean supported(ProcessBuilder.Redirect r, boolean input) {
        return switch (r.type()) {
            case PIPE, INHERIT -> true;
            case READ -> input && isNull(r.file());
            case WRITE -> !input && isNull(r.file());
            case APPEND -> false;
        };
    }

    private static boolean isNull(File f) {
        return f != null && f.getPath().equals("/dev/null");
    }

    /**
     * Starts {@code pb}'s command. Blocking (a {@code posix_spawnp} is a {@code clone} and an
     * {@code exec}, or the error of either).
     *
     * @throws IOException as {@code ProcessBuilder.start()} words it: {@code Cannot run program
     *     "x" (in directory "d"): error=2, No such file or directory}
     */
    static NativeChild start(Libc libc, ProcessBuilder pb) throws IOException {
        for (String arg : pb.command()) {
            if (arg.indexOf('\u0000') >= 0) {
                throw new IOException("invalid null character in command"); // the JDK's words
            }
        }
        SocketChannel[] stdio = new SocketChannel[3];
        List<Integer> childFds = new ArrayList<>(3);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment actions = arena.allocate(Libc.SPAWN_STRUCT_BYTES, 16);
            MemorySegment attr = arena.allocate(Libc.SPAWN_STRUCT_BYTES, 16);
            check(libc, (int) libc.faInit.invokeExact(actions), "posix_spawn_file_actions_init");
            try {
                check(libc, (int) libc.attrInit.invokeExact(attr), "posix_spawnattr_init");
                try {
                    MemorySegment mask = arena.allocate(Libc.SIGSET_BYTES, 8);
                    check(libc, (int) libc.sigemptyset.invokeExact(mask), "sigemptyset");
                    check(libc, (int) libc.attrSetSigmask.invokeExact(attr, mask), "posix_spawnattr_setsigmask");
                    check(libc, (int) libc.attrSetFlags.invokeExact(attr, Libc.POSIX_SPAWN_SETSIGMASK),
                            "posix_spawnattr_setflags");
                    stdioActions(libc, arena, pb, actions, stdio, childFds);
                    check(libc, (int) libc.faAddClosefrom.invokeExact(actions, 3),
                            "posix_spawn_file_actions_addclosefrom_np");
                    if (pb.directory() != null) {
                        check(libc, (int) libc.faAddChdir.invokeExact(actions,
                                arena.allocateFrom(pb.directory().getPath())), "posix_spawn_file_actions_addchdir_np");
                    }
                    MemorySegment pid = arena.allocate(ValueLayout.JAVA_INT);
                    List<String> cmd = pb.command();
                    int err = (int) libc.spawnp.invokeExact(pid, arena.allocateFrom(cmd.getFirst()), actions, attr,
                            strings(arena, cmd), strings(arena, environment(pb.environment())));
                    if (err != 0) {
                        throw cannotRun(pb, "error=" + err + ", " + libc.describe(err));
                    }
                    NativeChild child = new NativeChild(libc, pid.get(ValueLayout.JAVA_INT, 0), stdio);
                    stdio = null;
                    return child;
                } finally {
                    int ignored = (int) libc.attrDestroy.invokeExact(attr);
                }
            } finally {
                int ignored = (int) libc.faDestroy.invokeExact(actions);
                for (int fd : childFds) {
                    ChildSockets.closeFd(libc, fd); // the child has its copies; ours would hide its EOF
                }
                if (stdio != null) {
                    for (SocketChannel ch : stdio) {
                        if (ch != null) {
                            ReadPipe.closeQuietly(ch);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("posix_spawnp failed", t);
        }
    }

    /** The file actions that give the child its fds 0, 1 and 2, in that order (2 may copy 1). */
    private static void stdioActions(Libc libc, Arena arena, ProcessBuilder pb, MemorySegment actions,
            SocketChannel[] stdio, List<Integer> childFds) throws Throwable {
        ProcessBuilder.Redirect[] redirects = {pb.redirectInput(), pb.redirectOutput(), pb.redirectError()};
        ChildSockets sockets = null;
        try {
            for (int fd = 0; fd < 3; fd++) {
                if (fd == 2 && pb.redirectErrorStream()) {
                    check(libc, (int) libc.faAddDup2.invokeExact(actions, 1, 2), "posix_spawn_file_actions_adddup2");
                    continue;
                }
                switch (redirects[fd].type()) {
                    case PIPE -> {
                        if (sockets == null) {
                            sockets = ChildSockets.open(libc, arena);
                        }
                        ChildSockets.Pair pair = sockets.connect();
                        stdio[fd] = pair.parent();
                        childFds.add(pair.childFd());
                        check(libc, (int) libc.faAddDup2.invokeExact(actions, pair.childFd(), fd),
                                "posix_spawn_file_actions_adddup2");
                    }
                    case READ, WRITE -> check(libc, (int) libc.faAddOpen.invokeExact(actions, fd,
                            arena.allocateFrom("/dev/null"), fd == 0 ? Libc.O_RDONLY : Libc.O_WRONLY, 0),
                            "posix_spawn_file_actions_addopen");
                    default -> { } // INHERIT: the child keeps this JVM's descriptor
                }
            }
        } finally {
            if (sockets != null) {
                sockets.close();
            }
        }
    }

    private static List<String> environment(Map<String, String> env) {
        List<String> out = new ArrayList<>(env.size());
        env.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }

    /** A NULL-terminated {@code char *[]} of {@code strings}, in {@code arena}. */
    private static MemorySegment strings(Arena arena, List<String> strings) {
        MemorySegment array = arena.allocate(ValueLayout.ADDRESS, strings.size() + 1L);
        for (int i = 0; i < strings.size(); i++) {
            array.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(strings.get(i)));
        }
        array.setAtIndex(ValueLayout.ADDRESS, strings.size(), MemorySegment.NULL);
        return array;
    }

    private static void check(Libc libc, int err, String what) throws IOException {
        if (err != 0) {
            throw new IOException(what + " failed: " + libc.describe(err));
        }
    }

    private static IOException cannotRun(ProcessBuilder pb, String reason) {
        File dir = pb.directory();
        return new IOException("Cannot run program \"" + pb.command().getFirst() + "\""
                + (dir == null ? "" : " (in directory \"" + dir + "\")") + ": " + reason, new IOException(reason));
    }
}
