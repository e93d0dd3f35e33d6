package io.jasyncio.internal;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The process-wide table of OS signal listeners behind {@code loop.addSignalHandler} and
 * {@code Runner}'s Ctrl-C: the JVM has one handler per signal, so every loop that handles a signal
 * shares one {@code sun.misc.Signal} handler installed here, which calls each owner's listener in
 * the order they registered. The handler that was there before (for SIGHUP, SIGINT and SIGTERM the
 * JVM's own, which exits through the shutdown hooks) is put back when the last listener goes.
 * Thread-safe.
 *
 * <p>Listeners run on the thread the JDK starts for each signal, so they must only hand the work
 * on (to a loop through {@code callSoonThreadsafe}) and never block.
 */
public final class SignalDispatch {
    /** What an owner does when its signal arrives; called on the JDK's signal thread. */
    @FunctionalInterface
    public interface Listener {
        void onSignal();
    }

    /** The signals the JVM catches itself to run the shutdown hooks (java.lang.Terminator). */
    private static final Set<String> SHUTDOWN_SIGNALS = Set.of("HUP", "INT", "TERM");
    private static final Object LOCK = new Object();
    private static final Map<Integer, Slot> SLOTS = new HashMap<>(); // guarded by LOCK

    private SignalDispatch() {}

    /** One installed JDK handler: the listeners of one signal and what it replaced. */
    private static final class Slot implements SignalHandler {
        final OsSignal signal;
        SignalHandler previous;
        /** Copy-on-write under LOCK, read without it by the signal thread; keys compared by identity. */
        volatile Map<Object, Listener> listeners = Map.of();

        Slot(OsSignal signal) {
            this.signal = signal;
        }

        @Override
        public void handle(Signal sig) {
            for (Listener l : listeners.values()) {
                try {
                    l.onSignal();
                } catch (RuntimeException e) {
                    // one owner's failure must not keep the signal from the others
                    Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), e);
                }
            }
        }
    }

    /**
     * Makes {@code listener} {@code owner}'s listener for {@code signal}, replacing the one it had;
     * installs the shared handler if no owner listened yet.
     *
     * @return the owner's previous listener, or null
     * @throws IllegalStateException if the JVM cannot let Java code catch this signal (asyncio's
     *         RuntimeError "sig N cannot be caught"), the reason in the message
     */
    public static Listener put(OsSignal signal, Object owner, Listener listener) {
        Args.notNull(listener, "listener");
        synchronized (LOCK) {
            Slot slot = SLOTS.get(signal.number());
            if (slot == null) {
                slot = install(signal);
                SLOTS.put(signal.number(), slot);
            }
            Map<Object, Listener> copy = new LinkedHashMap<>(slot.listeners);
            Listener old = copy.put(owner, listener);
            slot.listeners = Collections.unmodifiableMap(copy);
            return old;
        }
    }

    /** Removes {@code owner}'s listener for {@code signal}; returns whether it had one. */
    public static boolean remove(OsSignal signal, Object owner) {
        synchronized (LOCK) {
            Slot slot = SLOTS.get(signal.number());
            if (slot == null || !slot.listeners.containsKey(owner)) {
                return false;
            }
            Map<Object, Listener> copy = new LinkedHashMap<>(slot.listeners);
            copy.remove(owner);
            if (copy.isEmpty()) {
                SLOTS.remove(signal.number());
                uninstall(slot);
            }
            slot.listeners = Collections.unmodifiableMap(copy);
            return true;
        }
    }

    /** Removes every listener of {@code owner}; returns the signals it listened to. */
    public static List<OsSignal> removeAll(Object owner) {
        synchronized (LOCK) {
            List<OsSignal> removed = new ArrayList<>();
            for (Slot slot : List.copyOf(SLOTS.values())) {
                if (remove(slot.signal, owner)) {
                    removed.add(slot.signal);
                }
            }
            return removed;
        }
    }

    /** Whether an owner other than {@code owner} listens to {@code signal}. */
    public static boolean hasOtherListeners(OsSignal signal, Object owner) {
        synchronized (LOCK) {
            Slot slot = SLOTS.get(signal.number());
            return slot != null && (slot.listeners.size() > 1 || !slot.listeners.containsKey(owner));
        }
    }

    /** Whether {@code owner} listens to {@code signal}. */
    public static boolean listens(OsSignal signal, Object owner) {
        synchronized (LOCK) {
            Slot slot = SLOTS.get(signal.number());
            return slot != null && slot.listeners.containsKey(owner);
        }
    }

    /**
     * Does what the signal would have done without our handler: calls the handler that was there
     * before (the JVM's, which exits with 128 + the number through the shutdown hooks), or for the
     * system default exits with that status.
     */
    public static void runPrevious(OsSignal signal) {
        SignalHandler prev;
        synchronized (LOCK) {
            Slot slot = SLOTS.get(signal.number());
            prev = slot == null ? null : slot.previous;
        }
        if (prev == SignalHandler.SIG_IGN) {
            return;
        }
        if (prev != null && prev != SignalHandler.SIG_DFL) {
            prev.handle(new Signal(signal.name()));
        } else {
            Runtime.getRuntime().exit(128 + signal.number());
        }
    }

    private static Slot install(OsSignal signal) {
        String reserved = reservedByTheJvm(signal);
        if (reserved != null) {
            throw cannotBeCaught(signal, reserved, null);
        }
        Slot slot = new Slot(signal);
        Signal sig = new Signal(signal.name());
        SignalHandler prev;
        try {
            prev = Signal.handle(sig, slot);
        } catch (IllegalArgumentException e) { // the JDK's "Signal already used by VM or OS"
            throw cannotBeCaught(signal, refusedByTheJdk(signal), e);
        }
        if (prev == SignalHandler.SIG_IGN && SHUTDOWN_SIGNALS.contains(signal.name())) {
            // JVM_RegisterSignal leaves an ignored SIGHUP/SIGINT/SIGTERM ignored and installs nothing
            Signal.handle(sig, prev);
            throw cannotBeCaught(signal, "this process ignores it (started under nohup, after a shell's trap '' or "
                    + "with SIG_IGN from its parent), and the JVM does not catch SIGHUP, SIGINT or SIGTERM while they "
                    + "are ignored", null);
        }
        if (prev.toString().startsWith("jdk.internal.misc.Signal$NativeHandler")) {
            Signal.handle(sig, prev);
            throw cannotBeCaught(signal, "it has a native handler (the JVM's or a native library's) that Java code "
                    + "must not replace", null);
        }
        slot.previous = prev;
        return slot;
    }

    private static void uninstall(Slot slot) {
        Signal sig = new Signal(slot.signal.name());
        SignalHandler current = Signal.handle(sig, slot.previous);
        if (current != slot) {
            Signal.handle(sig, current); // someone replaced ours through sun.misc.Signal meanwhile: keep theirs
        }
    }

    /**
     * Signals whose HotSpot native handler the JDK would let Java code replace, breaking the JVM:
     * checked before installing, since a signal arriving in between would already go astray.
     */
    private static String reservedByTheJvm(OsSignal signal) {
        if (signal.number() == suspendResumeSignal()) {
            return "HotSpot uses it to suspend and resume threads (JFR's execution sampler: its samples stop, and "
                    + "the JVM's own suspend signals reach the handler); start the JVM with the environment variable "
                    + "_JAVA_SR_SIGNUM set to another signal number above 11 to free it";
        }
        return switch (signal.name()) {
            case "BUS" -> "the JVM handles it (a fault on a memory-mapped file becomes an InternalError)";
            case "PIPE", "XFSZ" -> "the JVM keeps a native handler so that writing to a closed pipe or past the file "
                    + "size limit fails with an IOException instead of killing the process";
            default -> null;
        };
    }

    /** HotSpot's thread suspend/resume signal: {@code _JAVA_SR_SIGNUM}, else SIGUSR2. */
    private static int suspendResumeSignal() {
        String env = System.getenv("_JAVA_SR_SIGNUM");
        if (env != null) {
            try {
                return Integer.parseInt(env.trim());
            } catch (NumberFormatException ignored) {
                // HotSpot ignores it likewise
            }
        }
        try {
            return OsSignal.of("USR2").number();
        } catch (IllegalArgumentException noUsr2) {
            return -1;
        }
    }

    private static String refusedByTheJdk(OsSignal signal) {
        return switch (signal.name()) {
            case "KILL", "STOP" -> "no process can catch it";
            case "QUIT" -> "the JVM uses it to print a thread dump (kill -3, Ctrl-\\)";
            case "ILL", "FPE", "SEGV" -> "the JVM uses it for its own fault handling (implicit null checks, crash "
                    + "reports)";
            case "HUP", "INT", "TERM" -> "the JVM runs with -Xrs (ReduceSignalUsage), under which Java code may not "
                    + "handle SIGHUP, SIGINT or SIGTERM";
            default -> "the JVM or the OS reserves it";
        };
    }

    private static IllegalStateException cannotBeCaught(OsSignal signal, String why, Throwable cause) {
        return new IllegalStateException("sig " + signal.number() + " (" + signal + ") cannot be caught in the JVM: "
                + why, cause);
    }
}
