package io.jasyncio.internal.proc;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.internal.LoopHooks;
import io.jasyncio.subprocess.SubprocessEndpoint;
import io.jasyncio.subprocess.SubprocessOptions;
import io.jasyncio.subprocess.SubprocessProtocol;
import io.jasyncio.subprocess.SubprocessTransport;
import io.jasyncio.transports.Transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A child process and its pipes: asyncio's {@code BaseSubprocessTransport}. The child is started
 * off the loop thread (a start blocks: DESIGN §7 hazard 4), by {@code posix_spawnp} with its pipes
 * on sockets the loop's selector watches where it can ({@link NativeChild}), else by the JDK with
 * pump threads ({@link JdkChild}); its exit arrives through {@code callSoonThreadsafe} and it is
 * reaped either way, so it never stays a zombie. While the transport is open it holds the loop's
 * virtual clock (the child's exit and the pumps call back from other threads) and is registered
 * to be closed with the loop.
 *
 * <p>Loop-confined. The lifecycle, as asyncio's: {@code connectionMade}; data and
 * {@code pipeConnectionLost} per pipe; {@code processExited}; once the child has exited and every
 * pipe is closed, {@code connectionLost}, after which {@link #awaitExit()} waiters wake.
 */
public final class ProcessTransport implements SubprocessTransport, AutoCloseable {
    private static final int SIGKILL = 9;
    private static final int SIGTERM = 15;

    private final EventLoop loop;
    private final Child child;
    private final long pid;
    private SubprocessProtocol protocol;
    private ChildPipe stdin;
    private ChildPipe stdout;
    private ChildPipe stderr;
    private Integer returncode;
    private boolean closed;
    private boolean finished;
    private List<Future<Integer>> exitWaiters = new ArrayList<>();

    private ProcessTransport(EventLoop loop, Child child) {
        this.loop = loop;
        this.child = child;
        this.pid = child.pid();
    }

    /**
     * Starts {@code command} with {@code options} and connects a protocol from {@code factory}.
     * Suspends while the child starts (on a platform thread).
     *
     * @throws IOException the JDK's error naming the program (not found, not executable, bad cwd)
     * @throws io.jasyncio.CancelledError if the calling task is cancelled (a child that started
     *     meanwhile is killed)
     */
    public static <P extends SubprocessProtocol> SubprocessEndpoint<P> start(EventLoop loop, List<String> command,
            SubprocessOptions options, Supplier<P> factory) throws IOException {
        if (factory == null) {
            throw new NullPointerException("protocolFactory");
        }
        ProcessBuilder pb = options.processBuilder(command);
        Child child = Spawn.start(loop, pb, options.stdin().isPipe(), options.stdout().isPipe(),
                options.stderr().isPipe());
        ProcessTransport t = new ProcessTransport(loop, child);
        P protocol;
        try {
            protocol = factory.get();
            if (protocol == null) {
                throw new NullPointerException("protocolFactory returned null");
            }
        } catch (RuntimeException | Error e) {
            child.abandon();
            throw e;
        }
        t.connect(protocol);
        return new SubprocessEndpoint<>(t, protocol);
    }

    private void connect(SubprocessProtocol p) {
        protocol = p;
        stdin = child.pipe(this, loop, 0);
        stdout = child.pipe(this, loop, 1);
        stderr = child.pipe(this, loop, 2);
        LoopHooks.holdVirtualClock(loop);
        LoopHooks.closeWithLoop(loop, this);
        protocol.connectionMade(this);
        if (stdin != null) {
            stdin.start();
        }
        if (stdout != null) {
            stdout.start();
        }
        if (stderr != null) {
            stderr.start();
        }
        child.onExit(loop, this::processExited);
    }

    // ----- the pipes' callbacks (on the loop) -----

    void pipeDataReceived(int fd, ByteBuffer data) {
        protocol.pipeDataReceived(fd, data);
    }

    void pipeConnectionLost(int fd, Throwable exc) {
        protocol.pipeConnectionLost(fd, exc);
        tryFinish();
    }

    void protocolPauseWriting() {
        protocol.pauseWriting();
    }

    void protocolResumeWriting() {
        protocol.resumeWriting();
    }

    private void processExited(int code) {
        if (returncode != null || finished) {
            return;
        }
        returncode = code;
        if (stdin != null) {
            stdin.childExited();
        }
        protocol.processExited();
        tryFinish();
    }

    private void tryFinish() {
        if (finished || returncode == null) {
            return;
        }
        if ((stdin == null || stdin.disconnected()) && (stdout == null || stdout.disconnected())
                && (stderr == null || stderr.disconnected())) {
            finished = true;
            loop.callSoon(this::callConnectionLost);
        }
    }

    private void callConnectionLost() {
        try {
            protocol.connectionLost(null);
        } finally {
            release();
            for (Future<Integer> w : exitWaiters) {
                if (!w.done()) {
                    w.setResult(returncode);
                }
            }
            exitWaiters = null;
        }
    }

    private void release() {
        LoopHooks.releaseVirtualClock(loop);
        LoopHooks.forgetAtClose(loop, this);
        child.releaseStdio();
    }

    /**
     * Suspends until the child has exited and its pipes are closed, and returns the returncode;
     * returns at once if the exit is already known (asyncio's {@code _wait}). Cancelling the
     * waiting task leaves the child running.
     *
     * @throws io.jasyncio.CancelledError if the calling task is cancelled
     */
    public int awaitExit() {
        if (returncode != null) {
            return returncode;
        }
        if (exitWaiters == null) {
            throw new IllegalStateException("process " + pid + " transport was closed before the child exited");
        }
        Future<Integer> w = loop.createFuture();
        exitWaiters.add(w);
        return w.await();
    }

    // ----- SubprocessTransport -----

    @Override
    public long getPid() {
        return pid;
    }

    @Override
    public Integer getReturncode() {
        return returncode;
    }

    @Override
    public Transport getPipeTransport(int fd) {
        return switch (fd) {
            case 0 -> stdin;
            case 1 -> stdout;
            case 2 -> stderr;
            default -> throw new IllegalArgumentException("fd must be 0, 1 or 2: " + fd);
        };
    }

    @Override
    public void sendSignal(int signal) {
        if (signal < 1 || signal > 64) {
            throw new IllegalArgumentException("signal must be between 1 and 64: " + signal);
        }
        if (returncode != null) {
            return;
        }
        child.sendSignal(signal);
    }

    @Override
    public void terminate() {
        sendSignal(SIGTERM);
    }

    @Override
    public void kill() {
        sendSignal(SIGKILL);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (stdin != null) {
            stdin.abort();
        }
        if (stdout != null) {
            stdout.close();
        }
        if (stderr != null) {
            stderr.close();
        }
        if (returncode == null && child.alive()) {
            child.sendSignal(SIGKILL); // as asyncio's BaseSubprocessTransport.close(): kill a running child
        }
        if (LoopHooks.closing(loop) && !finished) {
            // The loop closes: no exit callback will arrive. Release what the transport holds now.
            finished = true;
            exitWaiters = null;
            LoopHooks.forgetAtClose(loop, this);
            child.releaseStdio();
        }
    }

    @Override
    public boolean isClosing() {
        return closed;
    }

    @Override
    public SubprocessProtocol getProtocol() {
        return protocol;
    }

    /** The pump threads of the pipes (tests join them): none when the loop's selector watches them. */
    public List<Thread> pumpThreads() {
        List<Thread> out = new ArrayList<>();
        for (ChildPipe p : new ChildPipe[] {stdin, stdout, stderr}) {
            if (p != null && p.pumpThread() != null) {
                out.add(p.pumpThread());
            }
        }
        return out;
    }

    /**
     * Whether the pipes are JDK pipes moved by pump threads (the fallback) rather than sockets the
     * loop's selector watches.
     */
    public boolean pumped() {
        return child.pumped();
    }

    @Override
    public String toString() {
        return "<ProcessTransport pid=" + pid + (returncode != null ? " returncode=" + returncode : " running")
                + (closed ? " closed" : "") + ">";
    }
}
