package io.jasyncio.internal.proc;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * {@code kill(2)} through the foreign function API, for the signals the JDK's {@code Process} has
 * no method for (it sends only SIGTERM and SIGKILL). Thread-safe. The JVM prints a one-time warning
 * on first use unless native access is enabled ({@code --enable-native-access=ALL-UNNAMED}, or
 * {@code =io.jasyncio} on the module path).
 */
final class Kill {
    private static volatile MethodHandle kill;

    private Kill() {}

    /** Sends {@code signal} to {@code pid}; returns false if the process does not exist. */
    static boolean send(long pid, int signal) {
        try {
            int rc = (int) handle().invokeExact((int) pid, signal);
            return rc == 0;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("kill(" + pid + ", " + signal + ") failed", t);
        }
    }

    private static MethodHandle handle() {
        MethodHandle h = kill;
        if (h == null) {
            Linker linker = Linker.nativeLinker();
            try {
                h = linker.downcallHandle(linker.defaultLookup().find("kill").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            } catch (IllegalCallerException e) {
                throw new UnsupportedOperationException("sending signals other than SIGTERM and SIGKILL needs "
                        + "native access: run the JVM with --enable-native-access=ALL-UNNAMED", e);
            }
            kill = h;
        }
        return h;
    }
}
