package io.jasyncio.internal.proc;

import io.jasyncio.EventLoop;

import java.util.function.IntConsumer;

/**
 * A child the JDK started ({@code ProcessBuilder.start()}): its pipes are blocking streams, moved
 * by pump threads; the JDK reaps it and completes {@code Process.onExit()}. The fallback path, used
 * wherever {@link NativeSpawn} cannot be. Loop-confined except {@link #abandon()}.
 */
final class JdkChild implements Child {
    private static final int SIGKILL = 9;
    private static final int SIGTERM = 15;

    private final java.lang.Process proc;
    private final boolean[] piped;

    JdkChild(java.lang.Process proc, boolean stdin, boolean stdout, boolean stderr) {
        this.proc = proc;
        this.piped = new boolean[] {stdin, stdout, stderr};
    }

    @Override
    public long pid() {
        return proc.pid();
    }

    @Override
    public ChildPipe pipe(ProcessTransport owner, EventLoop loop, int fd) {
        if (!piped[fd]) {
            ReadPipe.closeQuietly(switch (fd) {
                case 0 -> proc.getOutputStream();
                case 1 -> proc.getInputStream();
                default -> proc.getErrorStream();
            });
            return null;
        }
        return switch (fd) {
            case 0 -> new WritePipe(owner, loop, proc.getOutputStream());
            case 1 -> new ReadPipe(owner, loop, 1, proc.getInputStream());
            default -> new ReadPipe(owner, loop, 2, proc.getErrorStream());
        };
    }

    @Override
    public void onExit(EventLoop loop, IntConsumer onLoop) {
        proc.onExit().whenComplete((p, e) -> {
            int code = ExitStatus.returncode(proc.exitValue());
            try {
                loop.callSoonThreadsafe(() -> onLoop.accept(code));
            } catch (IllegalStateException loopClosed) {
                // the loop closed first: its close() already released everything
            }
        });
    }

    @Override
    public boolean alive() {
        return proc.isAlive();
    }

    @Override
    public void sendSignal(int signal) {
        if (!proc.isAlive()) {
            return;
        }
        switch (signal) {
            case SIGTERM -> proc.destroy();
            case SIGKILL -> proc.destroyForcibly();
            default -> Kill.send(proc.pid(), signal);
        }
    }

    @Override
    public void releaseStdio() {
        ReadPipe.closeQuietly(proc.getOutputStream());
        ReadPipe.closeQuietly(proc.getInputStream());
        ReadPipe.closeQuietly(proc.getErrorStream());
    }

    @Override
    public boolean pumped() {
        return true;
    }
}
