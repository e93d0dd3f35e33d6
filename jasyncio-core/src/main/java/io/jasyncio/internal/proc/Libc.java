package io.jasyncio.internal.proc;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Optional;

/**
 * The few glibc calls the selector-watched subprocess path needs, through the foreign function API
 * ({@code java.lang.foreign}): {@code socket}/{@code connect} for the child's ends,
 * {@code posix_spawnp} with its file actions and attributes, {@code waitid}/{@code waitpid},
 * {@code kill}, {@code fcntl}, {@code close}, {@code strerror}.
 *
 * <p>Thread-safe (immutable handles). {@link #available()} is false, and no handle is ever made,
 * unless this module has native access enabled ({@code --enable-native-access=ALL-UNNAMED}: making
 * a downcall handle without it prints the JVM's warning), the system is Linux with glibc, and
 * every symbol is present ({@code posix_spawn_file_actions_addclosefrom_np} needs glibc 2.34,
 * {@code addchdir_np} 2.29).
 */
final class Libc {
    static final int AF_UNIX = 1;
    static final int SOCK_STREAM = 1;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int F_DUPFD_CLOEXEC = 1030;
    static final int P_PID = 1;
    static final int WEXITED = 4;
    static final int WNOHANG = 1;
    static final int WNOWAIT = 0x01000000;
    static final int EINTR = 4;
    static final int ECHILD = 10;
    static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    /** Bigger than glibc's posix_spawn_file_actions_t (80 bytes on x86-64) and posix_spawnattr_t (336). */
    static final long SPAWN_STRUCT_BYTES = 1024;
    /** sigset_t is 128 bytes in glibc; siginfo_t 128 too. */
    static final long SIGSET_BYTES = 128;
    static final long SUN_PATH_BYTES = 108;

    private static final Libc INSTANCE = load();

    private final VarHandle errno;
    private final long callStateBytes;
    final MethodHandle socket;
    final MethodHandle connect;
    final MethodHandle close;
    final MethodHandle fcntl;
    final MethodHandle kill;
    final MethodHandle waitid;
    final MethodHandle waitpid;
    final MethodHandle strerror;
    final MethodHandle spawnp;
    final MethodHandle faInit;
    final MethodHandle faDestroy;
    final MethodHandle faAddDup2;
    final MethodHandle faAddOpen;
    final MethodHandle faAddChdir;
    final MethodHandle faAddClosefrom;
    final MethodHandle attrInit;
    final MethodHandle attrDestroy;
    final MethodHandle attrSetFlags;
    final MethodHandle attrSetSigmask;
    final MethodHandle sigemptyset;

    private Libc(Linker linker, SymbolLookup libc) {
        Linker.Option errnoOption = Linker.Option.captureCallState("errno");
        MemoryLayout state = Linker.Option.captureStateLayout();
        errno = state.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        callStateBytes = state.byteSize();
        ValueLayout.OfInt i = ValueLayout.JAVA_INT;
        ValueLayout p = ValueLayout.ADDRESS;
        socket = handle(linker, libc, "socket", FunctionDescriptor.of(i, i, i, i), errnoOption);
        connect = handle(linker, libc, "connect", FunctionDescriptor.of(i, i, p, i), errnoOption);
        close = handle(linker, libc, "close", FunctionDescriptor.of(i, i));
        fcntl = handle(linker, libc, "fcntl", FunctionDescriptor.of(i, i, i, i), errnoOption,
                Linker.Option.firstVariadicArg(2));
        kill = handle(linker, libc, "kill", FunctionDescriptor.of(i, i, i));
        waitid = handle(linker, libc, "waitid", FunctionDescriptor.of(i, i, i, p, i), errnoOption);
        waitpid = handle(linker, libc, "waitpid", FunctionDescriptor.of(i, i, p, i), errnoOption);
        strerror = handle(linker, libc, "strerror", FunctionDescriptor.of(p, i));
        spawnp = handle(linker, libc, "posix_spawnp", FunctionDescriptor.of(i, p, p, p, p, p, p));
        faInit = handle(linker, libc, "posix_spawn_file_actions_init", FunctionDescriptor.of(i, p));
        faDestroy = handle(linker, libc, "posix_spawn_file_actions_destroy", FunctionDescriptor.of(i, p));
        faAddDup2 = handle(linker, libc, "posix_spawn_file_actions_adddup2", FunctionDescriptor.of(i, p, i, i));
        faAddOpen = handle(linker, libc, "posix_spawn_file_actions_addopen",
                FunctionDescriptor.of(i, p, i, p, i, i));
        faAddChdir = handle(linker, libc, "posix_spawn_file_actions_addchdir_np", FunctionDescriptor.of(i, p, p));
        faAddClosefrom = handle(linker, libc, "posix_spawn_file_actions_addclosefrom_np",
                FunctionDescriptor.of(i, p, i));
        attrInit = handle(linker, libc, "posix_spawnattr_init", FunctionDescriptor.of(i, p));
        attrDestroy = handle(linker, libc, "posix_spawnattr_destroy", FunctionDescriptor.of(i, p));
        attrSetFlags = handle(linker, libc, "posix_spawnattr_setflags",
                FunctionDescriptor.of(i, p, ValueLayout.JAVA_SHORT));
        attrSetSigmask = handle(linker, libc, "posix_spawnattr_setsigmask", FunctionDescriptor.of(i, p, p));
        sigemptyset = handle(linker, libc, "sigemptyset", FunctionDescriptor.of(i, p));
    }

    private static MethodHandle handle(Linker linker, SymbolLookup libc, String name, FunctionDescriptor fd,
            Linker.Option... options) {
        MemorySegment symbol = libc.find(name).orElseThrow(() -> new MissingSymbol(name));
        return linker.downcallHandle(symbol, fd, options);
    }

    private static final class MissingSymbol extends RuntimeException {
        MissingSymbol(String name) {
            super(name, null, false, false);
        }
    }

    private static Libc load() {
        if (!Libc.class.getModule().isNativeAccessEnabled()) {
            return null; // a downcall handle would print the JVM's restricted-method warning
        }
        if (!System.getProperty("os.name", "").equals("Linux")) {
            return null;
        }
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            if (libc.find("gnu_get_libc_version").isEmpty()) {
                return null; // musl and others: their posix_spawn and structs differ
            }
            return new Libc(linker, libc);
        } catch (MissingSymbol | UnsupportedOperationException | IllegalCallerException e) {
            return null;
        }
    }

    /** The library, or empty when the selector-watched path cannot be used here. */
    static Optional<Libc> available() {
        return Optional.ofNullable(INSTANCE);
    }

    /** A segment for {@code captureCallState("errno")}, allocated in {@code arena}. */
    MemorySegment callState(Arena arena) {
        return arena.allocate(callStateBytes);
    }

    int errno(MemorySegment callState) {
        return (int) errno.get(callState, 0L);
    }

    /** {@code strerror(err)}, as the JDK's "error=N, text" messages show it. */
    String describe(int err) {
        try {
            MemorySegment s = (MemorySegment) strerror.invokeExact(err);
            return s.reinterpret(1024).getString(0);
        } catch (Throwable t) {
            return "errno " + err;
        }
    }
}
