package io.jasyncio.internal.proc;

import io.jasyncio.EventLoop;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.SocketChannel;
import java.util.function.IntConsumer;

/**
 * A child started by {@link NativeSpawn} with {@code posix_spawnp}: its piped stdio are Unix
 * sockets whose parent ends are {@link SocketChannel}s the loop's selector watches, so no thread
 * moves its bytes. Nobody else reaps it (the JDK waits only for its own children, and even
 * {@code ProcessHandle.onExit()} waits with {@code WNOWAIT}), so the thread that started it stays
 * to wait for it ({@link #awaitExit()}), then reaps it.
 *
 * <p>The exit status is the real one ({@code waitpid}'s): a signal N is {@code -N}, and an exit
 * code of 137 stays 137, unlike the JDK's 128 + N. Signals and the reaping take one lock, so a
 * signal never reaches a recycled pid. Loop-confined, except the methods that say otherwise.
 */
final class NativeChild implements Child {
    private final Libc libc;
    private final long pid;
    private final SocketChannel[] stdio;
    /** Guarded by this: the pid has been reaped and may name another process now. */
    private boolean reaped;
    private int exitCode;
    private boolean exitKnown;
    private IntConsumer exitListener;

    NativeChild(Libc libc, long pid, SocketChannel[] stdio) {
        this.libc = libc;
        this.pid = pid;
        this.stdio = stdio;
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public ChildPipe pipe(ProcessTransport owner, EventLoop loop, int fd) {
        SocketChannel ch;
        synchronized (this) {
            ch = stdio[fd];
            stdio[fd] = null; // the pipe transport owns it now
        }
        if (ch == null) {
            return null;
        }
        return fd == 0 ? new SocketWritePipe(owner, loop, ch) : new SocketReadPipe(owner, loop, fd, ch);
    }

    /**
     * On the starting thread, for the child's whole life: waits until it has exited
     * ({@code waitid(WEXITED | WNOWAIT)} leaves it a zombie, so its pid stays reserved), then reaps
     * it under the signal lock and returns asyncio's returncode.
     */
    int awaitExit() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = libc.callState(arena);
            MemorySegment info = arena.allocate(Libc.SIGSET_BYTES, 8);
            while (true) {
                int rc = (int) libc.waitid.invokeExact(state, Libc.P_PID, (int) pid, info,
                        Libc.WEXITED | Libc.WNOWAIT);
                if (rc == 0) {
                    break;
                }
                int err = libc.errno(state);
                if (err != Libc.EINTR) {
                    throw new IOException("waitid(" + pid + ") failed: " + libc.describe(err));
                }
            }
            MemorySegment status = arena.allocate(ValueLayout.JAVA_INT);
            synchronized (this) {
                int rc = (int) libc.waitpid.invokeExact(state, (int) pid, status, Libc.WNOHANG);
                reaped = true;
                if (rc != pid) {
                    throw new IOException("waitpid(" + pid + ") failed: " + libc.describe(libc.errno(state)));
                }
            }
            return returncode(status.get(ValueLayout.JAVA_INT, 0));
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** A wait status as asyncio's returncode: the exit code, or minus the signal that killed it. */
    static int returncode(int status) {
        int signal = status & 0x7f;
        return signal == 0 ? (status >> 8) & 0xff : -signal;
    }

    /** On the loop: the starting thread saw the exit. */
    void exited(int code) {
        exitCode = code;
        exitKnown = true;
        if (exitListener != null) {
            exitListener.accept(code);
        }
    }

    @Override
    public void onExit(EventLoop loop, IntConsumer onLoop) {
        if (exitKnown) {
            loop.callSoon(() -> onLoop.accept(exitCode));
        } else {
            exitListener = onLoop;
        }
    }

    @Override
    public synchronized boolean alive() {
        return !reaped && !exitKnown;
    }

    /** Thread-safe. */
    @Override
    public void sendSignal(int signal) {
        synchronized (this) {
            if (reaped) {
                return;
            }
            try {
                int ignored = (int) libc.kill.invokeExact((int) pid, signal); // a zombie ignores it
            } catch (Throwable t) {
                throw new IllegalStateException("kill(" + pid + ", " + signal + ") failed", t);
            }
        }
    }

    /** Thread-safe (called by the starting thread too when the start was cancelled). */
    @Override
    public synchronized void releaseStdio() {
        for (int i = 0; i < stdio.length; i++) {
            if (stdio[i] != null) {
                ReadPipe.closeQuietly(stdio[i]);
                stdio[i] = null;
            }
        }
    }

    @Override
    public boolean pumped() {
        return false;
    }

    @Override
    public String toString() {
        return "<NativeChild pid=" + pid + (exitKnown ? " returncode=" + exitCode : "") + ">";
    }
}
