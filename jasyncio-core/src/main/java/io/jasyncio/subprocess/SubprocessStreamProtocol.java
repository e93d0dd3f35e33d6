package io.jasyncio.subprocess;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.internal.Args;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamReaderProtocol;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.transports.Transport;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The protocol behind {@link Process}: asyncio's {@code asyncio.subprocess.SubprocessStreamProtocol}.
 * It gives the child's piped stdout and stderr each a {@link StreamReader} (with the options'
 * limit, so a reader that is not read pauses its pipe's pump) and its piped stdin a
 * {@link StreamWriter} whose {@code drain()} waits while the stdin pipe is over its high-water
 * mark. {@code Asyncio.createSubprocessExec} connects one with {@code loop.subprocessExec} and
 * wraps the pair in a {@link Process}, as asyncio's {@code create_subprocess_exec} does; it is
 * public so that code built on the low-level API can do the same.
 *
 * <p>Loop-confined. As asyncio's: once the child has exited and stdout and stderr are both at EOF
 * (or not piped), it closes the transport.
 */
public final class SubprocessStreamProtocol implements SubprocessProtocol {
    private final EventLoop loop;
    private final int limit;
    /** The stdin side's flow control (asyncio's FlowControlMixin): a protocol without a reader. */
    private final StreamReaderProtocol stdinFlow;
    private final List<Integer> pipeFds = new ArrayList<>(2);
    private final List<Future<Integer>> exitWaiters = new ArrayList<>();
    private SubprocessTransport transport;
    private StreamWriter stdin;
    private StreamReader stdout;
    private StreamReader stderr;
    private boolean processExited;

    /**
     * A protocol whose readers have {@code limit} (see {@link SubprocessOptions#limit()}).
     *
     * @throws IllegalArgumentException if {@code limit} is not positive
     */
    public SubprocessStreamProtocol(EventLoop loop, int limit) {
        this.loop = Args.notNull(loop, "loop");
        this.limit = Args.positive(limit, "limit");
        this.stdinFlow = new StreamReaderProtocol(loop, null);
    }

    @Override
    public void connectionMade(SubprocessTransport transport) {
        this.transport = transport;
        Transport out = transport.getPipeTransport(1);
        if (out != null) {
            stdout = new StreamReader(loop, limit);
            stdout.setTransport(out);
            pipeFds.add(1);
        }
        Transport err = transport.getPipeTransport(2);
        if (err != null) {
            stderr = new StreamReader(loop, limit);
            stderr.setTransport(err);
            pipeFds.add(2);
        }
        Transport in = transport.getPipeTransport(0);
        if (in != null) {
            stdinFlow.connectionMade(in);
            stdin = new StreamWriter(in, stdinFlow, null, loop);
        }
    }

    @Override
    public void pipeDataReceived(int fd, ByteBuffer data) {
        StreamReader reader = fd == 1 ? stdout : fd == 2 ? stderr : null;
        if (reader != null) {
            reader.feedData(data);
        }
    }

    @Override
    public void pipeConnectionLost(int fd, Throwable exc) {
        if (fd == 0) {
            if (stdin != null) {
                stdin.close();
            }
            stdinFlow.connectionLost(exc); // wakes drain(), which then raises exc (BrokenPipeError)
            return;
        }
        StreamReader reader = fd == 1 ? stdout : fd == 2 ? stderr : null;
        if (reader != null) {
            if (exc == null) {
                reader.feedEof();
            } else {
                reader.setException(exc);
            }
        }
        pipeFds.remove(Integer.valueOf(fd));
        maybeCloseTransport();
    }

    @Override
    public void processExited() {
        processExited = true;
        maybeCloseTransport();
    }

    private void maybeCloseTransport() {
        if (pipeFds.isEmpty() && processExited) {
            transport.close();
        }
    }

    @Override
    public void connectionLost(Throwable exc) {
        // asyncio wakes wait() here (BaseSubprocessTransport._call_connection_lost): after the exit
        // and after every pipe is closed.
        for (Future<Integer> w : exitWaiters) {
            if (!w.done()) {
                w.setResult(transport.getReturncode());
            }
        }
        exitWaiters.clear();
    }

    @Override
    public void pauseWriting() {
        stdinFlow.pauseWriting();
    }

    @Override
    public void resumeWriting() {
        stdinFlow.resumeWriting();
    }

    /** The child's stdin, or null if it is not piped. */
    public StreamWriter stdin() {
        return stdin;
    }

    /** The child's stdout, or null if it is not piped. */
    public StreamReader stdout() {
        return stdout;
    }

    /** The child's stderr, or null if it is not piped. */
    public StreamReader stderr() {
        return stderr;
    }

    /**
     * Suspends until the child has exited and its pipes are closed, and returns the returncode; at
     * once if the exit is already known (asyncio's {@code BaseSubprocessTransport._wait}).
     *
     * @throws io.jasyncio.CancelledError if the calling task is cancelled (the child keeps running)
     */
    int awaitExit() {
        Integer rc = transport.getReturncode();
        if (rc != null) {
            return rc;
        }
        Future<Integer> w = loop.createFuture();
        exitWaiters.add(w);
        try {
            return w.await();
        } finally {
            exitWaiters.remove(w);
        }
    }

    /** The transport of the child, once connected. */
    SubprocessTransport transport() {
        return transport;
    }

    EventLoop loop() {
        return loop;
    }
}
