package io.jasyncio.subprocess;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.internal.Args;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;

import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A child process started by {@code Asyncio.createSubprocessExec}/{@code createSubprocessShell}:
 * asyncio's {@code asyncio.subprocess.Process}, with its piped standard streams as a
 * {@link StreamWriter} (stdin) and {@link StreamReader}s (stdout, stderr).
 *
 * <p>Loop-confined. The pipes are bounded both ways: {@code stdin().drain()} suspends while the
 * stdin pipe is over its high-water mark, and a reader holding more than twice its limit stops its
 * pipe's pump, so a child writing faster than this program reads blocks in its own write. As in
 * asyncio, {@link #await()} with {@code stdout} piped and never read can therefore wait for ever
 * on a child that writes more than the buffers hold; {@link #communicate} reads while it waits.
 *
 * <p>Cancelling a task blocked in {@link #await()} or {@link #communicate} does not kill the
 * child, as in asyncio: it keeps running, and {@link #kill()} or {@link #terminate()} still
 * works. Closing the loop kills (SIGKILL) a child that is still running and closes its pipes.
 *
 * <p>Differences from asyncio: {@code wait()} is {@link #await()} (Java forbids redefining
 * {@code Object.wait}); {@link #pid()} is a {@code long}; {@code communicate(input)} with a stdin
 * that is not piped throws instead of ignoring the input; a write to stdin after the child exited
 * makes {@code drain()} raise {@link BrokenPipeError} (asyncio raises
 * {@code ConnectionResetError('Connection lost')} there).
 */
public final class Process {
    /** Slices of communicate's input: one stdin high-water mark, so the pump never idles. */
    private static final int FEED_SLICE = 64 * 1024;
    private static final int SIGKILL = 9;
    private static final int SIGTERM = 15;

    private final SubprocessTransport transport;
    private final SubprocessStreamProtocol protocol;
    private final EventLoop loop;

    /**
     * A process over a transport connected to {@code protocol}: what asyncio's
     * {@code create_subprocess_exec} builds from {@code loop.subprocess_exec}'s result.
     *
     * @throws IllegalArgumentException if {@code protocol} is not the one {@code transport} calls
     */
    public Process(SubprocessTransport transport, SubprocessStreamProtocol protocol, EventLoop loop) {
        this.transport = Args.notNull(transport, "transport");
        this.protocol = Args.notNull(protocol, "protocol");
        this.loop = Args.notNull(loop, "loop");
        if (transport.getProtocol() != protocol) {
            throw new IllegalArgumentException("protocol is not the protocol of " + transport);
        }
    }

    /** The child's process id. */
    public long pid() {
        return transport.getPid();
    }

    /**
     * The exit status once the child has exited, else null: its exit code, or minus the signal
     * number that killed it ({@code -9} after {@link #kill()}, {@code -15} after
     * {@link #terminate()}), as asyncio.
     */
    public Integer returncode() {
        return transport.getReturncode();
    }

    /** The child's stdin, or null unless it is {@link Stdio#PIPE}. */
    public StreamWriter stdin() {
        return protocol.stdin();
    }

    /** The child's stdout, or null unless it is {@link Stdio#PIPE}. */
    public StreamReader stdout() {
        return protocol.stdout();
    }

    /** The child's stderr, or null unless it is {@link Stdio#PIPE}. */
    public StreamReader stderr() {
        return protocol.stderr();
    }

    /** The loop this process belongs to. */
    public EventLoop getLoop() {
        return loop;
    }

    /**
     * Suspends until the child has exited (and its piped outputs reached EOF) and returns the
     * returncode: asyncio's {@code Process.wait()}. Returns at once if the exit is already known.
     *
     * @throws io.jasyncio.CancelledError if the calling task is cancelled (the child keeps running)
     */
    public int await() {
        return protocol.awaitExit();
    }

    /**
     * {@link #communicate(byte[])} without input: closes stdin (if piped) at once, reads stdout and
     * stderr to EOF, waits for the exit.
     */
    public CommunicateResult communicate() throws IOException {
        return communicate(null);
    }

    /**
     * Writes {@code input} to stdin and closes it, reads stdout and stderr to EOF, all at once (so
     * a child that fills one pipe while we fill another cannot deadlock), then waits for the exit:
     * asyncio's {@code communicate}. A child that exits without reading all the input is not an
     * error (the broken pipe is ignored, as asyncio does).
     *
     * @param input the bytes for stdin, or null for none
     * @return the outputs; each null where that stream is not piped
     * @throws IllegalStateException if {@code input} is given but stdin is not {@link Stdio#PIPE}
     * @throws IOException a pipe's read error
     * @throws io.jasyncio.CancelledError if the calling task is cancelled (the child keeps running;
     *     output not yet read stays in {@link #stdout()}/{@link #stderr()})
     */
    public CommunicateResult communicate(byte[] input) throws IOException {
        StreamWriter in = stdin();
        if (input != null && in == null) {
            throw new IllegalStateException("communicate(input) needs stdin=Stdio.PIPE: the stdin of process "
                    + pid() + " is not a pipe");
        }
        Coroutine<Object> feed = () -> {
            if (in != null) {
                feedStdin(in, input);
            }
            return null;
        };
        Coroutine<Object> out = () -> stdout() == null ? null : readStream(1, stdout());
        Coroutine<Object> err = () -> stderr() == null ? null : readStream(2, stderr());
        List<Object> results = Asyncio.gather(feed, out, err).await();
        await();
        return new CommunicateResult((byte[]) results.get(1), (byte[]) results.get(2));
    }

    private static void feedStdin(StreamWriter in, byte[] input) throws IOException {
        try {
            if (input != null) {
                for (int off = 0; off < input.length; off += FEED_SLICE) {
                    in.write(ByteBuffer.wrap(input, off, Math.min(FEED_SLICE, input.length - off)));
                    in.drain();
                }
            }
            in.drain();
        } catch (BrokenPipeError | SocketException childGone) {
            // communicate() ignores BrokenPipeError and ConnectionResetError, as asyncio's _feed_stdin
        }
        in.close();
    }

    /** Reads {@code reader} to EOF in chunks of its limit (asyncio's read(-1)), then closes the pipe. */
    private byte[] readStream(int fd, StreamReader reader) throws IOException {
        List<byte[]> blocks = new ArrayList<>();
        int total = 0;
        while (true) {
            byte[] block = reader.read(reader.limit());
            if (block.length == 0) {
                break;
            }
            blocks.add(block);
            total += block.length;
        }
        transport.getPipeTransport(fd).close();
        byte[] all = new byte[total];
        int at = 0;
        for (byte[] b : blocks) {
            System.arraycopy(b, 0, all, at, b.length);
            at += b.length;
        }
        return all;
    }

    /**
     * Sends {@code signal} (a number, as {@code kill -N}) to the child; nothing if it has exited.
     * Signals other than SIGTERM (15) and SIGKILL (9) need native access (see
     * {@link SubprocessTransport#sendSignal}).
     *
     * @throws IllegalArgumentException if {@code signal} is not between 1 and 64
     */
    public void sendSignal(int signal) {
        transport.sendSignal(signal);
    }

    /** Sends SIGTERM: the returncode becomes {@code -15} unless the child handles it. */
    public void terminate() {
        transport.sendSignal(SIGTERM);
    }

    /** Sends SIGKILL: the returncode becomes {@code -9}. */
    public void kill() {
        transport.sendSignal(SIGKILL);
    }

    @Override
    public String toString() {
        return "<Process " + pid() + ">";
    }
}
